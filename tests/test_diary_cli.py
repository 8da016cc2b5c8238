"""The diary commands through the CLI: opt-in saving, log, diary list/show/delete/forget,
export and import, trends, and the report for a doctor."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import Result

from .helpers import invoke

SCRIPT = ["assess", "--no-input", "-a", "radiating_pain=yes", "-a", "numbness_tingling=y"]


@pytest.fixture
def data() -> Path:
    """The data folder of this test (conftest points SPASMCHECK_DATA at it)."""
    return Path(os.environ["SPASMCHECK_DATA"])


def ok(*args: str, input: str | None = None) -> Result:
    result = invoke(*args, input=input)
    assert result.exit_code == 0, result.stderr
    return result


def clean_error(result: Result, *needles: str, code: int = 2) -> None:
    """One line on stderr naming the problem, nothing on stdout, no traceback."""
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0]


def test_nothing_is_written_unless_asked(data: Path) -> None:
    ok(*SCRIPT, "--format", "json")
    ok(*SCRIPT, "--format", "markdown")
    assert not data.exists()


def test_assess_save_keeps_the_whole_result(data: Path) -> None:
    shown = json.loads(ok(*SCRIPT, "--format", "json", "--save").stdout)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "diary.sqlite3").stat().st_mode) == 0o600
    [entry] = json.loads(ok("diary", "--format", "json").stdout)
    assert entry["kind"] == "assessment"
    saved = entry["data"]["result"]
    assert {k: v for k, v in saved.items() if k != "region"} == {
        k: v for k, v in shown.items() if k != "region"
    }  # every key, so keys added to results later are kept too
    wording = {q["id"]: q["text"] for q in entry["data"]["questions"]}
    assert wording["radiating_pain"].startswith("Does the pain spread")


def test_log_from_flags_and_the_list(data: Path) -> None:
    ok("log", "--when", "2026-11-01 08:15", "--where", "left calf", "--minutes", "3",
       "--helped", "stretching", "--helped", "water", "--note", "after a run")  # fmt: skip
    ok(*SCRIPT, "--save")
    table = ok("diary").stdout
    assert "2026-11-01 08:15  episode" in table
    assert "left calf, 3 min, helped: stretching; water" in table
    assert "SEE A DOCTOR, likely A pinched nerve" in table
    rows = list(csv.DictReader(io.StringIO(ok("diary", "-f", "csv").stdout)))
    assert [r["kind"] for r in rows] == ["episode", "assessment"]
    assert rows[0]["note"] == "after a run"
    assert rows[1]["level"] == "see_doctor"
    shown = ok("diary", "show", "1").stdout
    assert "where: left calf" in shown
    report = ok("diary", "show", "2").stdout
    assert "Does the pain spread" in report
    assert json.loads(ok("diary", "show", "2", "--json").stdout)["kind"] == "assessment"


def test_log_asks_on_a_terminal(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.setattr("sys.stdin", Keys("right foot\n\nstretching, walking\n\n"))
    from spasmcheck.cli.log import log

    log(when="now", where=None, minutes=None, helped=None, note=None)
    [entry] = json.loads(ok("diary", "-f", "json").stdout)
    assert entry["data"]["where"] == "right foot"
    assert entry["data"]["helped"] == ["stretching", "walking"]
    assert entry["data"]["minutes"] is None


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--minutes", "lots"], "--minutes 'lots': give a number from 0 to 1440"),
        (["--minutes", "nan"], "give a number from 0 to 1440"),
        (["--minutes", "2000"], "give a number from 0 to 1440"),
        (["--note", "a\x1b[31mred"], r"--note 'a\x1b[31mred': control characters"),
        (["--where", "x" * 501], "--where: at most 500 characters"),
        (["--when", "someday"], "--when 'someday': give now, today, yesterday"),
    ],
)
def test_log_refuses_bad_input_and_saves_nothing(data: Path, args: list[str], says: str) -> None:
    clean_error(invoke("log", "--where", "calf", *args), says)
    assert not data.exists()


def test_delete_and_forget(data: Path) -> None:
    for _ in range(3):
        ok("log", "--where", "calf")
    ok("diary", "delete", "2")
    assert [e["id"] for e in json.loads(ok("diary", "-f", "json").stdout)] == [1, 3]
    clean_error(invoke("diary", "delete", "2"), "no diary entry 2")
    clean_error(invoke("diary", "forget"), "say --all")
    clean_error(invoke("diary", "forget", "--all"), "add --yes")
    assert len(json.loads(ok("diary", "-f", "json").stdout)) == 2
    assert "2 entries deleted" in ok("diary", "forget", "--all", "--yes").stderr
    assert ok("diary").stdout == "The diary is empty.\n"


class Keys(io.StringIO):
    """stdin on a terminal, with these lines typed."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "kept"), [("\n", 2), ("n\n", 2), ("", 2), ("y\n", 0)])
def test_forget_asks_on_a_terminal_and_only_yes_deletes(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    typed: str, kept: int,
) -> None:  # fmt: skip
    ok("log")
    ok("log")
    monkeypatch.setattr("sys.stdin", Keys(typed))
    from spasmcheck.cli.diary import forget

    forget(everything=True, yes=False)
    assert "Delete all 2 entries" in capsys.readouterr().err
    assert len(json.loads(ok("diary", "-f", "json").stdout)) == kept


def test_no_diary_yet_is_one_line(data: Path) -> None:
    for args in (["diary"], ["diary", "show", "1"], ["trends"], ["report"]):
        clean_error(invoke(*args), "no diary yet", "spasmcheck log")
    assert not data.exists()


def test_a_damaged_diary_is_one_line_and_left_alone(data: Path) -> None:
    data.mkdir()
    path = data / "diary.sqlite3"
    path.write_bytes(b"\x00garbage" * 64)
    for args in (["diary"], ["log"], [*SCRIPT, "--save"], ["diary", "forget", "--all", "--yes"]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines()[-1].endswith("left as it is")
    assert path.read_bytes() == b"\x00garbage" * 64


def test_export_and_import_round_trip(tmp_path: Path, data: Path) -> None:
    ok("log", "--where", "calf <b>", "--helped", "water")
    ok(*SCRIPT, "--save")
    first = tmp_path / "diary.jsonl"
    ok("diary", "export", str(first))
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    clean_error(invoke("diary", "export", str(first)), "exists; use --force")
    ok("diary", "forget", "--all", "--yes")
    assert "2 entries imported, 0 already" in ok("diary", "import", str(first)).stderr
    assert "0 entries imported, 2 already" in ok("diary", "import", str(first)).stderr
    assert ok("diary", "export", "-").stdout == first.read_text()


def test_a_bad_import_adds_nothing(tmp_path: Path, data: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"format": 1}\n')
    clean_error(invoke("diary", "import", str(bad)), f"{bad}:1: not a diary export line")
    clean_error(invoke("diary", "import", str(tmp_path / "none")), "cannot read")
    assert not data.exists()


# --- trends ------------------------------------------------------------------------------


def test_trends_plain_json_and_chart(data: Path) -> None:
    ok("log", "--where", "calf", "--helped", "stretching")
    ok("log", "--when", "yesterday", "--helped", "Stretching")
    ok(*SCRIPT, "--save")
    plain = ok("trends", "--format", "plain").stdout
    assert "3 episode(s), 1 saved assessment(s)" in plain
    assert "Week of     Episodes" in plain
    assert "█" not in plain  # numbers, not bars, for screen readers
    assert "SEE A DOCTOR, likely A pinched nerve" in plain
    assert "What helped most often: Stretching (2)" in plain  # as first typed
    chart = ok("trends", "--format", "rich", "--no-color").stdout
    assert "█" in chart
    assert "\x1b[" not in chart
    coloured = invoke("trends", "--format", "rich", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" in coloured
    assert "\x1b[" not in invoke("trends", "-f", "rich", env={"NO_COLOR": "1"}).stdout
    found = json.loads(ok("trends", "-f", "json", "--since", "2w").stdout)
    assert found["episodes"] == 3
    assert len(found["weeks"]) in (3, 4)


def test_report_refuses_a_file_name_of_another_format(tmp_path: Path, data: Path) -> None:
    ok("log")
    clean_error(invoke("report", "-o", str(tmp_path / "r.json")), "a report is HTML or Markdown")
    ok("report", "-o", str(tmp_path / "r.json"), "--format", "markdown")
    assert (tmp_path / "r.json").read_text().startswith("# spasmcheck: a report")


def test_trends_refuses_a_bad_window(data: Path) -> None:
    ok("log")
    clean_error(invoke("trends", "--since", "ninety"), "--since 'ninety'", "90d")
