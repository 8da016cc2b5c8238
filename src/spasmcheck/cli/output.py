"""Writing a result to a file the user named: private, whole or not at all.

Results hold health data, so the file is created readable by its owner only (0600), and
written to a temporary file first, then renamed: an interrupted write never leaves a
half-written report, and a failed one leaves the old file as it was.

An existing file is replaced only when asked (``--force``). Renaming over the target
replaces whatever is there, so only a regular file (or nothing) may be: ``--output``
naming a device, a FIFO or a folder, or a symlink to one of those (``/dev/stdout``,
``/dev/null``), is refused rather than replaced, even with ``--force``. A symlink to a
regular file, or to nothing, is itself replaced (with ``--force``) and its target left
alone.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from spasmcheck.errors import UsageError

SUFFIXES = {
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "plain",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
}
"""The format a file name asks for by its extension (case-insensitive)."""


def format_for(path: str) -> str | None:
    """The format ``--output`` implies by its extension, or ``None`` for the default."""
    return SUFFIXES.get(Path(path).suffix.lower())


def check_target(path: str, *, force: bool = False) -> None:
    """Refuse, before any work is done, a target ``write_private`` would refuse."""
    target = Path(path)
    _refuse_what_is_not_a_file(path, target)
    if not force and os.path.lexists(target):
        raise UsageError(f"{path} exists; use --force to replace it")


def write_private(path: str | Path, text: str, *, force: bool = False) -> None:
    """Atomically write ``text`` to ``path`` with owner-only permissions; an existing
    file (or symlink) there is replaced only with ``force``."""
    target = Path(path)
    check_target(str(path), force=force)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise UsageError(f"{target}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise UsageError(f"{target}: cannot write: {error.strerror or error}") from None
        raise


def _refuse_what_is_not_a_file(given: str, target: Path) -> None:
    if given.endswith(("/", os.sep)) or target.is_dir():
        raise UsageError(f"{given}: is a folder; give a file name for --output")
    special = (
        f"{given}: is not a regular file (a device, pipe or socket); --output writes only to a file"
    )
    if _in_system_folders(target):
        raise UsageError(special)
    try:
        kind = os.stat(target).st_mode  # follows a symlink to what it names
    except FileNotFoundError:
        return  # nothing there yet (or a dangling symlink): a new file is made
    except OSError as error:
        raise UsageError(f"{given}: cannot write: {error.strerror or error}") from None
    if not stat.S_ISREG(kind):
        raise UsageError(special)


def _in_system_folders(target: Path) -> bool:
    """Whether the path, or the first link it names, is in /dev or /proc: replacing
    /dev/stdout, even while it leads to a regular file, would break the system."""
    places = [os.path.abspath(target)]
    if target.is_symlink():
        places.append(os.path.join(os.path.dirname(places[0]), os.readlink(target)))
    return any(p.startswith(("/dev/", "/proc/")) for p in map(os.path.normpath, places))
