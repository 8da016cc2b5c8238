"""A cache of the validated pack, so a command need not parse and check YAML every run.

Reading the rules (PyYAML's import, composing, structuring, checking) was about a third
of a ``--format json`` run. The cache cannot be stale: its key is a SHA-256 of the
spasmcheck version, the source of the code that builds a pack (``pack/*.py``), every
layer's label and file paths, and the content of every rule file, all read again on
each run. An entry is JSON of plain data, rebuilt through the model's constructors
(never a pickle: a pickle in a user-writable folder would run code), written
atomically with mode 0600, and ignored on any read or decode error. Only a pack that
loaded cleanly is stored; errors are found afresh every time.

``SPASMCHECK_NO_CACHE=1`` turns it off; ``SPASMCHECK_CACHE_DIR`` moves it (tests do).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from spasmcheck import __version__
from spasmcheck.errors import Problem

from . import conditions as c
from . import model as m
from .pausegc import paused_gc
from .position import Pos
from .provenance import Digests, file_digests
from .record import MISSING, Record
from .rulepack import Layer, RulePack

FORMAT = 2
"""This file's encoding; part of the key, so a change never reads an older entry."""
KEEP = 16
"""Entries kept; older ones are removed when a new one is written."""
NO_CACHE_VAR = "SPASMCHECK_NO_CACHE"
DIR_VAR = "SPASMCHECK_CACHE_DIR"

Listed = Sequence[tuple[str, Sequence[Path]]]

_RECORDS: dict[str, type[Record]] = {
    cls.__name__: cls
    for cls in (
        m.Source,
        m.Advice,
        m.Code,
        m.Option,
        m.Question,
        m.QuestionList,
        m.RedFlag,
        m.Evidence,
        m.Cause,
        m.TriageRule,
        m.GeneralAdvice,
        m.AdditionalAdvice,
        m.PackInfo,
        Layer,
    )
}
_CONDITIONS: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "Compare": (c.Compare, ("question", "op", "value", "pos")),
    "LikelyCause": (c.LikelyCause, ("cause", "pos")),
    "AllOf": (c.AllOf, ("items", "pos")),
    "AnyOf": (c.AnyOf, ("items", "pos")),
    "Not": (c.Not, ("item", "pos")),
}
_PACK_FIELDS = (
    "info",
    "sources",
    "questions",
    "red_flags",
    "causes",
    "triage_rules",
    "general_advice",
    "additional_advice",
    "lists",
    "files",
    "layers",
    "warnings",
    "sha256",
)


def enabled() -> bool:
    """Whether the cache is on (``SPASMCHECK_NO_CACHE`` unset, empty or ``0``)."""
    return os.environ.get(NO_CACHE_VAR, "") in ("", "0")


def folder() -> Path:
    """Where entries live: ``SPASMCHECK_CACHE_DIR`` or the platform's user cache folder."""
    chosen = os.environ.get(DIR_VAR)
    if chosen:
        return Path(chosen)
    import platformdirs

    return platformdirs.user_cache_path("spasmcheck") / "packs"


def load_cached(*folders: str | os.PathLike[str], builtin: bool = True) -> RulePack:
    """``loader.load_rules``, served from the cache when the rule files are unchanged."""
    from .loader import list_layers, load_listed

    return load(list_layers(*folders, builtin=builtin), load_listed)


Build = Callable[[Listed, Digests | None], RulePack]
"""``loader.load_listed``: the layers, and their files' digests when already computed."""


def load(listed: Listed, build: Build) -> RulePack:
    """The pack of these layers: from the cache when an entry matches, else ``build``.

    Each file is hashed once for the key, and the same digests make the pack's
    ``sha256`` (``provenance``), so provenance costs no second pass over the files."""
    if not enabled():
        return build(listed, None)
    try:
        digests = file_digests(listed)
    except OSError:
        return build(listed, None)  # the loader reports an unreadable file properly
    key = cache_key(listed, digests)
    path = folder() / f"{key}.json"
    found = read(path, key)
    if found is not None:
        return found
    pack = build(listed, digests)
    try:
        if cache_key(listed, file_digests(listed)) != key:
            # The files changed while they were read: the digests may not be those of
            # the text parsed. Load once more, hashing afresh, and store nothing.
            return build(listed, None)
        write(path, key, pack)
    except OSError:
        pass  # a read-only or full disk only costs the next run its speed
    return pack


def cache_key(listed: Listed, digests: Digests) -> str:
    """SHA-256 of everything a pack is built from: version, code, layers, file contents
    (``digests``, from ``provenance.file_digests``)."""
    digest = hashlib.sha256(f"spasmcheck {__version__} cache {FORMAT}\n".encode())
    code = Path(__file__).parent  # every module that reads or checks a pack, qtypes too
    for source in [*sorted(code.rglob("*.py")), code.parent / "errors.py"]:
        digest.update(hashlib.sha256(source.read_bytes()).digest())
    # A PyYAML upgrade may read the same text differently: its __init__ (which holds its
    # version) is hashed too, found without importing it (a warm start never pays for it).
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    if spec is not None and spec.origin:
        digest.update(hashlib.sha256(Path(spec.origin).read_bytes()).digest())
    for (label, files), hashes in zip(listed, digests, strict=True):
        digest.update(f"\0layer {label}\0".encode())
        for file, file_hash in zip(files, hashes, strict=True):
            digest.update(f"\0file {file}\0{file_hash}".encode())
    return digest.hexdigest()


# --- reading -------------------------------------------------------------------------------


def read(path: Path, key: str) -> RulePack | None:
    """The pack stored at ``path``, or None if it is missing, foreign or unreadable."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return None  # not written by this user: never trusted
            with paused_gc():
                data = json.loads(handle.read(), object_hook=_decode_object)
                if data.get("key") != key or data.get("version") != __version__:
                    return None
                return _pack(data["pack"])
    except Exception:  # any damage at all: load the rules instead
        return None


def _decode_object(obj: dict[str, Any]) -> Any:
    kind = obj.pop("$", None)
    if kind is None:
        return obj
    values: dict[str, Any] = {k: tuple(v) if type(v) is list else v for k, v in obj.items()}
    if kind == "Pos":
        return Pos(values["path"], values["line"], values["column"])
    if kind == "Problem":
        return Problem(**values)
    record = _RECORDS.get(kind)
    if record is not None:
        return record(**values)
    cls, names = _CONDITIONS[kind]
    return cls(*(values[name] for name in names))


def _pack(data: dict[str, Any]) -> RulePack:
    values = {name: data[name] for name in _PACK_FIELDS}
    values = {k: tuple(v) if type(v) is list else v for k, v in values.items()}
    values["sources"] = {source.id: source for source in values["sources"]}
    values["question_index"] = {q.id: q for q in values["questions"]}
    return RulePack(**values)


# --- writing -------------------------------------------------------------------------------


def write(path: Path, key: str, pack: RulePack) -> None:
    """Store ``pack`` at ``path`` atomically, readable by this user only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    entry = {"key": key, "version": __version__, "pack": _encode_pack(pack)}
    text = json.dumps(entry, separators=(",", ":"), default=_encode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _prune(path.parent)


def _encode_pack(pack: RulePack) -> dict[str, Any]:
    data = {name: getattr(pack, name) for name in _PACK_FIELDS}
    data["sources"] = tuple(pack.sources.values())
    # A Problem is a named tuple, which json would write as a plain list: say what it is.
    data["warnings"] = [{"$": "Problem", **w._asdict()} for w in pack.warnings]
    return data


def _encode(obj: Any) -> Any:
    """JSON for what ``json`` does not know: records, positions, conditions, problems."""
    if isinstance(obj, Record):
        if type(obj).__name__ not in _RECORDS:
            raise TypeError(f"cannot cache {type(obj).__name__}")
        out = {"$": type(obj).__name__}
        for f in obj.__fields__:
            value = getattr(obj, f.name)
            if f.default is MISSING or value != f.default or f.name == "pos":
                out[f.name] = value
        return out
    if isinstance(obj, Pos):
        return {"$": "Pos", "path": obj.path, "line": obj.line, "column": obj.column}
    name = type(obj).__name__
    if name in _CONDITIONS:
        return {"$": name, **{key: getattr(obj, key) for key in _CONDITIONS[name][1]}}
    raise TypeError(f"cannot cache {type(obj).__name__}")


def _prune(where: Path) -> None:
    entries = sorted(where.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
