"""Provenance: every result names the pack (name, version, SHA-256) and engine behind it."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from spasmcheck import RulePack, __version__, assess, assess_many, load_rules
from spasmcheck.pack import cache
from spasmcheck.pack.folders import load_in_use
from spasmcheck.pack.loader import builtin_rules_dir
from spasmcheck.render import Format, render

from .helpers import MINI_PACK, invoke, write_pack


def _recomputed(layers: list[tuple[Path, list[str]]]) -> str:
    """The documented definition, written out independently of the code under test."""
    lines = [
        f"{hashlib.sha256((root / name).read_bytes()).hexdigest()}  {index}/{name}\n"
        for index, (root, names) in enumerate(layers)
        for name in names
    ]
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def test_the_hash_is_the_documented_manifest_hash(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", {"pack.yaml": MINI_PACK, "more/extra.yaml": "format: 1\n"})
    pack = load_rules(folder, builtin=False)
    assert pack.sha256 == _recomputed([(folder, ["pack.yaml", "more/extra.yaml"])])
    builtin = builtin_rules_dir()
    top = sorted(p.name for p in builtin.glob("*.yaml"))
    causes = sorted(f"causes/{p.name}" for p in (builtin / "causes").glob("*.yaml"))
    user = write_pack(tmp_path / "user", {"a.yaml": "format: 1\n", "sub/b.yaml": "format: 1\n#\n"})
    layered = load_rules(user)
    layers = [(builtin, top + causes), (user, ["a.yaml", "sub/b.yaml"])]
    assert layered.sha256 == _recomputed(layers)


def test_where_the_folder_lives_does_not_change_the_hash(tmp_path: Path) -> None:
    one = write_pack(tmp_path / "one", {"pack.yaml": MINI_PACK})
    two = write_pack(tmp_path / "elsewhere" / "two", {"pack.yaml": MINI_PACK})
    assert load_rules(one, builtin=False).sha256 == load_rules(two, builtin=False).sha256


@pytest.mark.parametrize("change", ["edit", "rename", "add"])
def test_a_changed_user_pack_changes_the_hash(tmp_path: Path, change: str) -> None:
    folder = write_pack(tmp_path / "p", {"pack.yaml": MINI_PACK})
    before = load_rules(folder, builtin=False).sha256
    if change == "edit":
        (folder / "pack.yaml").write_text(MINI_PACK.replace("Call for help.", "Call 999."))
    elif change == "rename":
        (folder / "pack.yaml").rename(folder / "main.yaml")
    else:
        (folder / "empty.yaml").write_text("format: 1\n")
    assert load_rules(folder, builtin=False).sha256 != before


def test_reordered_layers_change_the_hash(tmp_path: Path) -> None:
    base = write_pack(tmp_path / "base", {"pack.yaml": MINI_PACK})
    a = write_pack(tmp_path / "a", {"a.yaml": "format: 1\n"})
    b = write_pack(tmp_path / "b", {"b.yaml": "format: 1\n# b\n"})
    first = load_rules(base, a, b, builtin=False).sha256
    assert load_rules(base, b, a, builtin=False).sha256 != first


def test_the_cache_serves_the_same_hash_and_hashes_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cache.NO_CACHE_VAR, raising=False)
    monkeypatch.setenv(cache.DIR_VAR, str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), rules)
    fresh = load_rules(rules, builtin=False).sha256
    calls: list[int] = []
    real = cache.file_digests
    monkeypatch.setattr(cache, "file_digests", lambda listed: calls.append(1) or real(listed))
    kw = {"builtin": False, "extra": [rules], "user_dir": tmp_path / "none"}
    assert load_in_use(**kw).sha256 == fresh  # miss: hashed for the key, checked after
    calls.clear()
    assert load_in_use(**kw).sha256 == fresh  # hit: hashed once, for the key only
    assert calls == [1]
    (rules / "pack.yaml").write_text((rules / "pack.yaml").read_text() + "\n# edited\n")
    assert load_in_use(**kw).sha256 != fresh


def test_every_format_states_the_pack_and_engine(tmp_path: Path) -> None:
    pack = load_rules(write_pack(tmp_path / "p", {"pack.yaml": MINI_PACK}), builtin=False)
    result = assess(pack, {"sore": "yes"})
    data = json.loads(render(result, Format.json))
    assert data["pack"] == {"name": "mini", "version": "1", "sha256": pack.sha256}
    assert data["engine_version"] == __version__
    footer = f"Rules: mini 1, sha256 {pack.sha256[:12]}, engine {__version__}"
    for fmt in (Format.plain, Format.rich):  # a line of its own; the verdict's recap ends them
        assert footer in render(result, fmt, width=100).splitlines(), fmt
    for fmt in (Format.markdown, Format.html):  # the report's closing paragraph names the rules
        assert footer.removeprefix("Rules: ") in render(result, fmt, width=100), fmt
    line = next(assess_many(pack, [{"sore": "yes"}]))
    assert line["pack"] == data["pack"]
    assert line["engine_version"] == __version__


def test_an_emergency_result_has_the_footer_too(pack: RulePack) -> None:
    result = assess(pack, {"saddle_numbness": "yes"})
    for fmt in (Format.plain, Format.markdown, Format.html):
        assert f"sha256 {pack.sha256[:12]}" in render(result, fmt, pack=pack)


def test_the_command_line_json_carries_it(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", {"extra.yaml": "format: 1\n"})
    out = invoke("assess", "--no-input", "--rules", str(folder), "--format", "json")
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["pack"]["name"] == "spasmcheck built-in rules"
    assert data["pack"]["sha256"] == load_rules(folder).sha256
