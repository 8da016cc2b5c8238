"""Reading and writing diary entries: each write is one transaction, nothing else is written.

An entry is a saved assessment or a logged episode: a kind, when it happened, when it was
saved, a ``uid`` that survives export and import, and its data as JSON (for an
assessment, the whole result object, so keys added to results later are kept).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from . import DiaryError, schema
from .location import diary_path

KINDS = ("assessment", "episode")
"""What an entry can be."""


class Entry(NamedTuple):
    """One diary entry as stored."""

    id: int
    """The local number ``diary show`` and ``delete`` take (not kept by export)."""
    uid: str
    """A random id that export and import keep, so importing twice adds nothing twice."""
    kind: str
    at: datetime
    """When it happened (aware, UTC)."""
    saved: datetime
    data: dict[str, Any]


def utc(moment: datetime) -> datetime:
    """``moment`` as aware UTC; a naive time is taken as local time."""
    return moment.astimezone(timezone.utc)


def stamp(moment: datetime) -> str:
    """The stored form of a time: ISO 8601 in UTC, to the second, so text order is time
    order."""
    return utc(moment).replace(microsecond=0).isoformat()


class Diary:
    """An open diary. ``Diary.open`` never creates one; ``Diary.open_or_create`` does."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None, *, readonly: bool = False) -> Diary:
        """The diary at ``path`` (default: ``location.diary_path()``); ``DiaryError``
        when there is none or it is not usable."""
        path = diary_path() if path is None else path
        return cls(schema.connect(path, readonly=readonly), path)

    @classmethod
    def open_or_create(cls, path: Path | None = None) -> Diary:
        """The diary at ``path``, made (folder 0700, file 0600) if there is none yet."""
        path = diary_path() if path is None else path
        if not path.exists() and not path.is_symlink():
            schema.create(path)
        return cls.open(path)

    @classmethod
    def exists(cls, path: Path | None = None) -> bool:
        """Whether there is a file at the diary's path (without opening or making it)."""
        path = diary_path() if path is None else path
        return path.exists()

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; ``BEGIN IMMEDIATE`` waits (busy timeout) for another
        process's write rather than failing half-way."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                with suppress(sqlite3.Error):  # SQLite may have rolled back already
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as error:
            raise DiaryError(f"{self.path}: cannot write the diary: {error}") from None
        except sqlite3.DatabaseError as error:
            raise schema.damaged(self.path, error) from None

    def add(self, kind: str, at: datetime, data: dict[str, Any]) -> Entry:
        """Save one new entry; returns it with its number."""
        entry = Entry(0, uuid.uuid4().hex, kind, at, datetime.now(timezone.utc), data)
        return self.add_entries([entry])[0]

    def add_entries(self, entries: Iterable[Entry]) -> list[Entry]:
        """Save entries in one transaction; those whose ``uid`` is already in the diary
        are skipped. Returns the ones added, with their numbers."""
        added = []
        with self._writing() as db:
            for e in entries:
                if e.kind not in KINDS:
                    raise DiaryError(f"unknown entry kind {e.kind!r}")
                row = (e.uid, e.kind, stamp(e.at), stamp(e.saved), _dumps(e.data))
                cursor = db.execute(
                    "INSERT OR IGNORE INTO entry (uid, kind, at, saved, data) VALUES (?,?,?,?,?)",
                    row,
                )
                if cursor.rowcount:  # as stored: UTC, to the second
                    at, saved = datetime.fromisoformat(row[2]), datetime.fromisoformat(row[3])
                    added.append(e._replace(id=int(cursor.lastrowid or 0), at=at, saved=saved))
        return added

    def delete(self, entry_id: int) -> None:
        """Delete one entry (its bytes are overwritten: ``secure_delete``)."""
        with self._writing() as db:
            if not db.execute("DELETE FROM entry WHERE id = ?", (entry_id,)).rowcount:
                raise DiaryError(f"no diary entry {entry_id} (see 'spasmcheck diary')")

    def forget_all(self) -> int:
        """Delete every entry and compact the file, so nothing of them is left in it."""
        with self._writing() as db:
            count = db.execute("DELETE FROM entry").rowcount
        with suppress(sqlite3.Error):  # another process is reading: the entries are gone anyway
            self._db.execute("VACUUM")
        return int(count)

    # --- reading -----------------------------------------------------------------------

    def entries(self, since: datetime | None = None, kind: str | None = None) -> list[Entry]:
        """Entries in time order, from ``since`` if given, of one ``kind`` if given."""
        query = "SELECT id, uid, kind, at, saved, data FROM entry WHERE at >= ?"
        args: list[Any] = [stamp(since) if since is not None else ""]
        if kind is not None:
            query += " AND kind = ?"
            args.append(kind)
        return [self._entry(row) for row in self._read(query + " ORDER BY at, id", args)]

    def get(self, entry_id: int) -> Entry:
        """One entry by its number; ``DiaryError`` when there is none."""
        rows = self._read(
            "SELECT id, uid, kind, at, saved, data FROM entry WHERE id = ?", [entry_id]
        )
        if not rows:
            raise DiaryError(f"no diary entry {entry_id} (see 'spasmcheck diary')")
        return self._entry(rows[0])

    def latest(self, kind: str) -> Entry | None:
        """The most recent entry of ``kind``, or ``None``."""
        found = self.entries(kind=kind)
        return found[-1] if found else None

    def _read(self, query: str, args: list[Any]) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(query, args).fetchall()
        except sqlite3.DatabaseError as error:
            raise schema.damaged(self.path, error) from None

    def _entry(self, row: tuple[Any, ...]) -> Entry:
        try:
            data = json.loads(row[5])
            return Entry(
                row[0],
                row[1],
                row[2],
                datetime.fromisoformat(row[3]),
                datetime.fromisoformat(row[4]),
                data if isinstance(data, dict) else {},
            )
        except ValueError as error:
            raise DiaryError(f"{self.path}: entry {row[0]} is damaged ({error})") from None


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
