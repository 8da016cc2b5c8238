"""The diary's storage as a library: private files, one transaction per write, a schema
that is checked and migrated, and files that are not a diary left exactly as they were."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from spasmcheck.diary import DiaryError, schema
from spasmcheck.diary.store import Diary, Entry
from spasmcheck.diary.transfer import export_lines, read_lines
from spasmcheck.errors import UsageError

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def new_diary(folder: Path) -> Diary:
    return Diary.open_or_create(folder / "data" / "diary.sqlite3")


def test_a_new_diary_is_private(tmp_path: Path) -> None:
    with new_diary(tmp_path) as diary:
        diary.add("episode", NOW, {"where": "calf"})
        assert stat.S_IMODE(diary.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(diary.path.parent.stat().st_mode) == 0o700
        assert sorted(p.name for p in diary.path.parent.iterdir()) == ["diary.sqlite3"]


def test_an_existing_data_folder_keeps_its_mode(tmp_path: Path) -> None:
    """SPASMCHECK_DATA may name a folder of the user's: only a folder it makes is 0700."""
    tmp_path.chmod(0o755)
    with Diary.open_or_create(tmp_path / "diary.sqlite3"):
        pass
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_entries_round_trip_in_time_order(tmp_path: Path) -> None:
    with new_diary(tmp_path) as diary:
        late = diary.add("episode", NOW, {"where": "calf", "helped": ["water"]})
        early = diary.add("assessment", NOW - timedelta(days=3), {"result": {"x": [1, 2]}})
        assert [e.id for e in diary.entries()] == [early.id, late.id]
        assert diary.entries(since=NOW - timedelta(days=1)) == [late]
        assert diary.entries(kind="assessment") == [early]
        assert diary.get(early.id).data == {"result": {"x": [1, 2]}}
        assert diary.latest("episode") == late


def test_delete_and_forget(tmp_path: Path) -> None:
    with new_diary(tmp_path) as diary:
        first = diary.add("episode", NOW, {"note": "private words"})
        diary.add("episode", NOW, {})
        diary.delete(first.id)
        with pytest.raises(DiaryError, match=f"no diary entry {first.id}"):
            diary.get(first.id)
        with pytest.raises(DiaryError, match=f"no diary entry {first.id}"):
            diary.delete(first.id)
        assert diary.forget_all() == 1
        assert diary.entries() == []
    assert b"private words" not in (tmp_path / "data" / "diary.sqlite3").read_bytes()


def test_a_write_is_one_transaction(tmp_path: Path) -> None:
    """A batch with a bad entry in it adds nothing at all."""
    good = Entry(0, "a" * 32, "episode", NOW, NOW, {})
    bad = Entry(0, "b" * 32, "nonsense", NOW, NOW, {})
    with new_diary(tmp_path) as diary:
        with pytest.raises(DiaryError, match="unknown entry kind"):
            diary.add_entries([good, bad])
        assert diary.entries() == []


# --- files that are not a diary -------------------------------------------------------


def _sqlite(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def _foreign(path: Path) -> None:
    _sqlite(path, "CREATE TABLE notes (text TEXT)", "INSERT INTO notes VALUES ('mine')")


def _version_0(path: Path) -> None:
    _sqlite(path, f"PRAGMA application_id = {schema.APPLICATION_ID}", "CREATE TABLE t (x)")


def _newer(path: Path) -> None:
    schema.create(path)
    _sqlite(path, f"PRAGMA user_version = {schema.version() + 1}")


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database\n" * 100)


def _damaged(path: Path) -> None:
    schema.create(path)
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # the header survives, the pages do not
    path.write_bytes(bytes(data))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_foreign, "not a spasmcheck diary"),
        (_version_0, "not a spasmcheck diary"),
        (_newer, "newer spasmcheck"),
        (_garbage, "not an SQLite file"),
        (_damaged, "damaged"),
        (_empty, "not an SQLite file"),
    ],
)
def test_a_file_that_is_not_a_usable_diary_is_refused_and_never_written(
    tmp_path: Path, make: object, says: str
) -> None:
    path = tmp_path / "diary.sqlite3"
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    for attempt in (
        lambda: Diary.open(path),
        lambda: Diary.open(path, readonly=True),
        lambda: Diary.open_or_create(path).add("episode", NOW, {}),
        lambda: Diary.open_or_create(path).entries(),
    ):
        with pytest.raises(DiaryError) as error:
            attempt()
        assert says in str(error.value)
        assert "\n" not in str(error.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary.sqlite3"]


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    os.mkfifo(path)
    with pytest.raises(DiaryError, match="not a regular file"):
        Diary.open_or_create(path)


def test_no_diary_is_named_not_made(tmp_path: Path) -> None:
    with pytest.raises(DiaryError, match="no diary yet"):
        Diary.open(tmp_path / "data" / "diary.sqlite3")
    assert not (tmp_path / "data").exists()


# --- migrations -------------------------------------------------------------------------


def _v1_to_v2(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE entry ADD COLUMN mood TEXT")


def _build_at(path: Path, version: int) -> None:
    """A diary as a spasmcheck writing schema ``version`` made it, with one entry."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    for step in range(version):
        schema.MIGRATIONS[step](db)
        db.execute(f"PRAGMA user_version = {step + 1}")
    db.execute(
        "INSERT INTO entry (uid, kind, at, saved, data) VALUES ('u1', 'episode', ?, ?, '{}')",
        (NOW.isoformat(), NOW.isoformat()),
    )
    db.close()


@pytest.mark.parametrize("extra", [[], [_v1_to_v2]], ids=["today", "with-a-v2"])
def test_every_earlier_version_is_migrated_keeping_its_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[schema.Migration]
) -> None:
    """Run today with no earlier version than 1, and with a stand-in version 2 so the
    machinery itself is exercised; each new real version adds its own step here."""
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, *extra])
    for version in range(1, schema.version()):
        path = tmp_path / f"v{version}.sqlite3"
        _build_at(path, version)
        with Diary.open(path) as diary:
            assert [e.uid for e in diary.entries()] == ["u1"]
            diary.add("episode", NOW, {})
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA user_version").fetchone()[0] == schema.version()
        db.close()


def test_a_failed_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE entry ADD COLUMN half TEXT")
        raise sqlite3.OperationalError("disk on fire")

    path = tmp_path / "diary.sqlite3"
    _build_at(path, 1)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    with pytest.raises(DiaryError, match="damaged"):
        Diary.open(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [row[1] for row in db.execute("PRAGMA table_info(entry)")]
    assert "half" not in columns
    db.close()


def test_an_old_diary_is_not_migrated_when_only_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading (the interview's suggestion) never writes, not even an upgrade."""
    path = tmp_path / "diary.sqlite3"
    _build_at(path, 1)
    before = path.read_bytes()
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, _v1_to_v2])
    with pytest.raises(DiaryError, match="needs upgrading"):
        Diary.open(path, readonly=True)
    assert path.read_bytes() == before


# --- two writers at once ---------------------------------------------------------------


def test_two_writers_at_once_both_succeed(tmp_path: Path) -> None:
    """Two connections (as two processes would have) create and write at the same time."""
    path = tmp_path / "data" / "diary.sqlite3"
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            with Diary.open_or_create(path) as diary:
                for i in range(25):
                    diary.add("episode", NOW, {"writer": n, "i": i})
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Diary.open(path) as diary:
        assert len(diary.entries()) == 50
    assert sorted(p.name for p in path.parent.iterdir()) == ["diary.sqlite3"]


# --- export and import -----------------------------------------------------------------


def test_export_import_export_is_the_same_bytes(tmp_path: Path) -> None:
    with new_diary(tmp_path / "a") as diary:
        diary.add("episode", NOW, {"where": "left calf ✓", "minutes": 2.5, "helped": ["a"]})
        diary.add("assessment", NOW - timedelta(days=1), {"result": {"k": None, "n": 1}})
        first = "".join(export_lines(diary.entries()))
    with new_diary(tmp_path / "b") as other:
        added = other.add_entries(read_lines(first.splitlines(True), "x.jsonl"))
        assert len(added) == 2
        assert other.add_entries(read_lines(first.splitlines(True), "x.jsonl")) == []
        assert "".join(export_lines(other.entries())) == first


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("{not json", "invalid JSON"),
        ("[1]", "expected a JSON object"),
        ('{"format": 2}', "format must be 1"),
        ('{"format": 1, "uid": "u", "kind": "dream", "data": {}}', "kind must be one of"),
        ('{"format": 1, "uid": "u", "kind": "episode", "data": []}', "data must be"),
        (
            '{"format": 1, "uid": "u", "kind": "episode", "data": {}, "at": "2026-01-01", '
            '"saved": "2026-01-01T00:00:00+00:00"}',
            "at must give its UTC offset",
        ),
        (
            '{"format": 1, "uid": "u", "kind": "episode", "data": {"note": "\\u001b[2J"}, '
            '"at": "2026-01-01T00:00:00+00:00", "saved": "2026-01-01T00:00:00+00:00"}',
            "a control character in",
        ),
    ],
)
def test_a_bad_import_line_is_named_by_file_and_line(line: str, says: str) -> None:
    good = '{"format":1,"uid":"u0","kind":"episode","at":"2026-01-01T00:00:00+00:00",'
    good += '"saved":"2026-01-01T00:00:00+00:00","data":{}}'
    with pytest.raises(UsageError) as error:
        read_lines([good, "\n", line], "old.jsonl")
    assert str(error.value).startswith("old.jsonl:3: not a diary export line: ")
    assert says in str(error.value)
