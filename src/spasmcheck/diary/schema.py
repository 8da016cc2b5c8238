"""The diary file's schema: made whole or not at all, checked on every open, migrated forward.

A diary is an SQLite file marked as spasmcheck's twice: ``PRAGMA application_id`` (the
bytes ``SPSM``) and ``PRAGMA user_version`` (the schema version, from 1). A new diary is
built in a temporary file beside the real one and linked into place, so a file at the
diary's path with version 0 was never a finished diary: it is refused as foreign, like
any other SQLite file, and a file that is not SQLite at all is refused as damaged. A
refused file is never written to, replaced or deleted.

``MIGRATIONS[n]`` turns version ``n`` into ``n + 1``; opening an older diary for writing
runs the ones it lacks in one transaction, so a failed migration leaves it as it was.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import DiaryError

APPLICATION_ID = 0x5350534D
"""``SPSM``: marks an SQLite file as a spasmcheck diary (``PRAGMA application_id``)."""

SQLITE_HEADER = b"SQLite format 3\x00"

BUSY_TIMEOUT_S = 30.0
"""How long a write waits for another process's write to finish before giving up."""

Migration = Callable[[sqlite3.Connection], None]


def _v0_to_v1(db: sqlite3.Connection) -> None:
    """Version 1: one table of entries, each a kind, a time and its data as JSON."""
    db.execute(
        """CREATE TABLE entry (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('assessment', 'episode')),
            at TEXT NOT NULL,
            saved TEXT NOT NULL,
            data TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX entry_at ON entry (at)")


MIGRATIONS: list[Migration] = [_v0_to_v1]
"""``MIGRATIONS[n]`` upgrades schema version ``n`` to ``n + 1``; only ever appended to."""


def version() -> int:
    """The schema version this spasmcheck writes."""
    return len(MIGRATIONS)


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection to the existing diary at ``path``, checked and, unless ``readonly``,
    migrated to the current version. Never creates a file; ``DiaryError`` on anything
    that is not a spasmcheck diary this version can use."""
    _refuse_what_is_not_a_file(path)
    _check_header(path)
    mode = "ro" if readonly else "rw"
    uri = f"{Path(os.path.abspath(path)).as_uri()}?mode={mode}"
    try:
        db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as error:
        raise DiaryError(f"{path}: cannot open the diary: {error}") from None
    try:
        _prepare(db)
        found = _check_marks(db, path)
        if found < version():
            if readonly:
                raise DiaryError(
                    f"{path}: the diary needs upgrading (schema {found} to {version()}); "
                    "run 'spasmcheck diary' to upgrade it"
                )
            migrate(db, path)
    except sqlite3.DatabaseError as error:
        db.close()
        raise damaged(path, error) from None
    except BaseException:
        db.close()
        raise
    return db


def create(path: Path) -> None:
    """Make a new, empty diary at ``path`` (and its folder, 0700), unless one appeared
    there meanwhile: built in a 0600 temporary file, then linked into place."""
    folder = path.parent
    if not folder.exists():
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)  # makedirs' mode is subject to the umask
        except OSError as error:
            raise DiaryError(f"{folder}: cannot make the data folder: {_why(error)}") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".diary.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise DiaryError(f"{folder}: cannot write the diary: {_why(error)}") from None
    os.close(fd)  # mkstemp made it 0600; SQLite gives its journal the same mode
    try:
        db = sqlite3.connect(tmp, isolation_level=None)
        try:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            migrate(db, path, fresh=True)
        finally:
            db.close()
        _link_into_place(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _link_into_place(tmp: str, path: Path) -> None:
    """Put the finished file at ``path`` unless something is there already (another
    process made it first: fine, it is used). A hard link never replaces a file."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        return
    except OSError:  # a file system without hard links: the small race is accepted
        if not os.path.lexists(path):
            os.replace(tmp, path)


def migrate(db: sqlite3.Connection, path: Path, *, fresh: bool = False) -> None:
    """Run the migrations ``db`` lacks, in one write transaction (re-reading the version
    inside it, so two processes upgrading at once upgrade once)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        found = db.execute("PRAGMA user_version").fetchone()[0]
        if found == 0 and not fresh:
            raise DiaryError(f"{path}: is not a spasmcheck diary (no schema); left as it is")
        for step in range(found, version()):
            MIGRATIONS[step](db)
            db.execute(f"PRAGMA user_version = {step + 1}")
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


def _prepare(db: sqlite3.Connection) -> None:
    # secure_delete: a deleted entry's bytes are overwritten, not left in free pages
    db.execute("PRAGMA secure_delete = ON")
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")


def _check_marks(db: sqlite3.Connection, path: Path) -> int:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}  # reads page 1
    app = db.execute("PRAGMA application_id").fetchone()[0]
    found = int(db.execute("PRAGMA user_version").fetchone()[0])
    if app != APPLICATION_ID or found == 0:
        raise DiaryError(f"{path}: is an SQLite file but not a spasmcheck diary; left as it is")
    if found > version():
        raise DiaryError(
            f"{path}: was written by a newer spasmcheck (diary schema {found}; this version "
            f"reads up to {version()}); left as it is"
        )
    if "entry" not in tables:  # a later version may rename it: checked after the version
        raise DiaryError(f"{path}: the diary has lost its entries table; left as it is")
    return found


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DiaryError(f"{path}: cannot read the diary: {_why(error)}") from None
    if head != SQLITE_HEADER:
        raise DiaryError(f"{path}: is not a spasmcheck diary (not an SQLite file); left as it is")


def _refuse_what_is_not_a_file(path: Path) -> None:
    """A FIFO would hang the open and a device must never be written: regular files only."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise DiaryError(
            f"{path}: no diary yet (spasmcheck assess --save or spasmcheck log starts one)"
        ) from None
    except OSError as error:
        raise DiaryError(f"{path}: cannot read the diary: {_why(error)}") from None
    if not stat.S_ISREG(mode):
        raise DiaryError(f"{path}: is not a regular file; the diary must be one")


def damaged(path: Path, error: sqlite3.Error) -> DiaryError:
    """The one-line error for a file SQLite cannot read as a database."""
    return DiaryError(f"{path}: the diary is damaged or not a diary ({error}); left as it is")


def _why(error: OSError) -> str:
    return error.strerror or str(error)
