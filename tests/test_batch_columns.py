"""Batch for data teams: compact fields and CSV, records from data frames, global lines,
and ``--workers`` giving the very output of one process."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from spasmcheck import assess_many
from spasmcheck.batch import Batch
from spasmcheck.columns import cell
from spasmcheck.errors import UsageError
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render import json as json_render

from .helpers import invoke
from .test_batch import jsonl, varied

FIELDS = ["line", "id", "triage.level", "likely_cause", "red_flags.id", "causes.score"]


# --- fields -------------------------------------------------------------------------------


def test_fields_are_the_full_results_values(pack: RulePack) -> None:
    records = varied(pack, 120)
    records[5] = {"id": 5, "affects_sleep": "perhaps"}
    full = list(assess_many(pack, records))
    small = list(assess_many(pack, records, fields=FIELDS))
    for whole, picked in zip(full, small, strict=True):
        assert list(picked)[: len(FIELDS)] == FIELDS
        if "error" in whole:
            assert picked == {**dict.fromkeys(FIELDS), "line": 6, "id": 5, "error": whole["error"]}
            continue
        assert picked["triage.level"] == whole["triage"]["level"]
        assert picked["likely_cause"] == whole["likely_cause"]
        assert picked["red_flags.id"] == [f["id"] for f in whole["red_flags"]]
        assert picked["causes.score"] == [c["score"] for c in whole["causes"]]
        assert picked["id"] == whole.get("id")


def test_any_key_of_the_json_object_is_a_field(pack: RulePack) -> None:
    """Names are checked against what to_dict makes, so a key added there is a field."""
    names = [*json_render.PARTS, "answers.frequency", "ignored_keys"]
    (result,) = assess_many(pack, [{"frequency": "daily"}], fields=names)
    assert result["answers.frequency"] == "daily"
    assert result["schema_version"] == 1


def test_only_what_is_asked_for_is_made(pack: RulePack, monkeypatch: pytest.MonkeyPatch) -> None:
    batch = Batch(pack, fields="id,triage.level")  # the names are checked on a whole result

    def never(a: Any) -> Any:
        raise AssertionError("made a key that was not asked for")

    for key in json_render.PARTS:
        if key != "triage":
            monkeypatch.setitem(json_render.PARTS, key, never)
    seen: list[bool] = []
    import spasmcheck.columns as columns

    real = columns.assess_parsed
    monkeypatch.setattr(
        columns, "assess_parsed", lambda p, a, details=True: seen.append(details) or real(p, a)
    )
    assert batch.dict(1, {"saddle_numbness": "yes"})[0] == {"id": None, "triage.level": "emergency"}
    assert seen[-1] is False  # neither advice nor unsure warning signs were chosen


def test_advice_fields_ask_the_engine_for_details(pack: RulePack) -> None:
    (result,) = assess_many(pack, [{"recent_strenuous_exercise": "yes"}], fields="prevention")
    assert result["prevention"]  # not skipped


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ("triage.levle", "unknown field 'triage.levle' in 'triage' (did you mean 'triage.level'?)"),
        ("likely", "unknown field 'likely' (did you mean 'likely_cause'?)"),
        ("likely_cause.id", "unknown field 'likely_cause.id' in 'likely_cause'"),
        ("id,,line", "expected names separated by commas"),
        ("error", "leave out 'error'"),
    ],
)
def test_bad_fields_are_refused_before_reading(pack: RulePack, names: str, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        Batch(pack, fields=names)


def test_bad_fields_on_the_command_line_exit_2_in_one_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({}))
    result = invoke("assess", "--batch", str(source), "--fields", "triage.levle")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "did you mean 'triage.level'?" in result.stderr


# --- records from data frames ----------------------------------------------------------------


def test_empty_cells_are_not_answered_never_dont_know(pack: RulePack) -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    empties = [None, math.nan, "", "  ", pd.NA, pd.NaT, np.float64("nan"), np.float32("nan")]
    for empty in empties:
        (result,) = assess_many(pack, [{"id": empty, "affects_sleep": empty}])
        assert "error" not in result, (empty, result)
        assert "affects_sleep" in result["unanswered"], empty
        assert "id" not in result, empty  # an empty id cell: no id; the line keys it


def test_unknown_is_still_an_answer(pack: RulePack) -> None:
    (result,) = assess_many(pack, [{"affects_sleep": "unknown"}])
    assert "affects_sleep" not in result["unanswered"]


def test_numbers_from_numeric_columns(pack: RulePack) -> None:
    np = pytest.importorskip("numpy")
    records = [
        {"saddle_numbness": 1.0},
        {"saddle_numbness": 0.0},
        {"saddle_numbness": np.int64(1)},
        {"saddle_numbness": np.bool_(True)},
        {"saddle_numbness": np.float64(1.0), "id": np.int64(7)},
    ]
    levels = [r["triage"]["level"] for r in assess_many(pack, records)]
    assert levels == ["emergency", "self_care", "emergency", "emergency", "emergency"]
    (text,) = assess_many(pack, records[4:], as_json=True)
    assert text.startswith('{"line":1,"id":7,')


def test_other_columns_are_listed_and_misspelt_ids_are_errors(pack: RulePack) -> None:
    records = [
        {"clinic": "north", "saddle_numbness": "yes", "visit_date": "2026-01-02"},
        {"saddle_numbnes": "yes", "clinic": "north"},
        {"tags": ["a", "b"], "notes": {"x": 1}, "frequency": ["daily"]},
    ]
    listed, misspelt, nested = assess_many(pack, records)
    assert listed["ignored_keys"] == ["clinic", "visit_date"]
    assert listed["triage"]["level"] == "emergency"
    assert "did you mean 'saddle_numbness'?" in misspelt["error"]["message"]
    # Another column may hold anything; a question's answer must be one value.
    assert nested["error"]["message"] == (
        "frequency: each answer must be a single value, not a list or mapping"
    )
    (other,) = assess_many(pack, [{"tags": ["a"], "notes": {"x": 1}}])
    assert other["ignored_keys"] == ["tags", "notes"]


def test_start_keeps_lines_global(pack: RulePack) -> None:
    parts = [[{}, {}], [{}], [{"id": "x"}]]
    starts = [1, 3, 4]
    results = [assess_many(pack, part, start=s) for part, s in zip(parts, starts, strict=True)]
    lines = [r["line"] for part in results for r in part]
    assert lines == [1, 2, 3, 4]


# --- CSV -------------------------------------------------------------------------------------


def test_cells() -> None:
    assert [cell(None), cell(True), cell(2.5), cell(["a", "b"])] == ["", "true", "2.5", "a;b"]
    assert cell("a\nb\x1b[31m") == "a\\nb\\x1b[31m"  # one line, no terminal escape
    assert cell(["k\x07"]) == "k\\x07"
    assert cell([{"id": "x", "level": "urgent"}, {"id": "y"}]) == "x;y"
    assert cell({"level": "urgent"}) == '{"level":"urgent"}'
    assert cell([{"question": "q"}]) == '[{"question":"q"}]'


def test_cli_csv_header_rows_and_error_column(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    records = [{"id": 'a,"b"', "saddle_numbness": "yes", "frequency": "daily"}, "{bad"]
    source.write_text(jsonl(*records))
    result = invoke("assess", "--batch", str(source), "-f", "csv", "--fields", "id,red_flags,line")
    assert result.exit_code == 1
    assert result.stdout_bytes.count(b"\r\n") == 3  # RFC 4180 line ends
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["id", "red_flags", "line", "error"]
    assert rows[1] == ['a,"b"', "saddle_numbness", "1", ""]
    assert rows[2][2:] == ["2", "invalid JSON: Expecting property name enclosed in double quotes"]


def test_cli_csv_default_columns_read_by_pandas(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({"id": "a", "saddle_numbness": "yes", "clinic": 1}, {}))
    result = invoke("assess", "--batch", str(source), "--format", "csv")
    assert result.exit_code == 0
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False, dtype=str)
    assert list(frame.columns) == [
        "line", "id", "triage.level", "triage.reasons", "likely_cause", "red_flags",
        "ignored_keys", "error",
    ]  # fmt: skip
    assert frame.to_dict("records")[0]["ignored_keys"] == "clinic"


def test_one_assessment_as_csv(tmp_path: Path) -> None:
    result = invoke("assess", "--no-input", "-a", "saddle_numbness=yes", "--format", "csv")
    header, row = list(csv.reader(io.StringIO(result.stdout)))
    assert header == ["triage.level", "triage.reasons", "likely_cause", "red_flags"]
    assert row[0] == "emergency"
    saved = invoke(
        "assess", "--no-input", "-a", "saddle_numbness=yes", "-o", str(tmp_path / "a.csv")
    )
    assert saved.exit_code == 0
    assert (tmp_path / "a.csv").read_bytes() == result.stdout_bytes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fields", "id"], "--fields only applies with --batch"),
        (["--workers", "2"], "--workers only applies with --batch"),
        (["--batch", "-", "--workers", "0"], "--workers '0': expected a whole number"),
        (["--batch", "-", "--workers", "many"], "--workers 'many': expected a whole number"),
        (["--batch", "-", "--format", "markdown"], "--format: json or csv"),
    ],
)
def test_batch_option_misuse_exits_2(args: list[str], message: str) -> None:
    result = invoke("assess", *args, input="")
    assert result.exit_code == 2
    assert message in result.stderr


# --- workers ----------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")  # the xdist worker has threads
@pytest.mark.parametrize("extra", [[], ["--format", "csv"], ["--fields", "line,id,triage.level"]])
def test_workers_write_exactly_what_one_process_writes(
    pack: RulePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    import spasmcheck.parallel as parallel

    monkeypatch.setattr(parallel, "CHUNK_LINES", 7)  # many chunks from a small input
    lines: list[Any] = varied(pack, 60)
    lines[10] = "{not json"
    lines[20] = {"frequency": "hourly"}
    lines[30] = ""
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(*lines))
    one = invoke("assess", "--batch", str(source), *extra)
    two = invoke("assess", "--batch", str(source), "--workers", "2", *extra)
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert one.stderr == "spasmcheck: assessed 57 of 59 line(s); 2 failed\n"


@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
def test_workers_stop_where_one_process_stops(
    pack: RulePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import spasmcheck.parallel as parallel

    monkeypatch.setattr(parallel, "CHUNK_LINES", 3)
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(*[{}] * 10, "{bad", *[{}] * 10))
    one = invoke("assess", "--batch", str(source), "--fail-fast")
    two = invoke("assess", "--batch", str(source), "--fail-fast", "--workers", "auto")
    assert two.stdout == one.stdout
    assert [json.loads(x)["line"] for x in two.stdout.splitlines()][-1] == 11
    assert two.exit_code == 1


def test_worker_count() -> None:
    from spasmcheck.parallel import worker_count

    assert worker_count("3") == 3
    assert worker_count("AUTO") >= 1


def test_without_fork_workers_give_the_same_output_in_one_process(
    pack: RulePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    import spasmcheck.parallel as parallel

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(parallel, "CHUNK_LINES", 4)
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(*varied(pack, 10), "{bad", {}))
    one = invoke("assess", "--batch", str(source), "--fail-fast")
    two = invoke("assess", "--batch", str(source), "--fail-fast", "--workers", "2")
    assert (two.exit_code, two.stdout) == (one.exit_code, one.stdout)


def _killed(first: int, part: list[bytes]) -> Any:
    """A worker killed while assessing (by the kernel, out of memory, say)."""
    import os

    os._exit(9)


@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
def test_a_killed_worker_is_a_one_line_error(
    pack: RulePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import spasmcheck.parallel as parallel

    monkeypatch.setattr(parallel, "_assess", _killed)
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({}, {}))
    result = invoke("assess", "--batch", str(source), "--workers", "2")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "a worker process stopped unexpectedly (out of memory?); "
        "the results written so far are whole and in order\n"
    )


@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
def test_ctrl_c_with_workers_stops_them_and_keeps_whole_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import spasmcheck.parallel as parallel

    from .hostile.test_batch_input import _InterruptedAt, run_main

    monkeypatch.setattr(parallel, "CHUNK_LINES", 2)
    stdin = _InterruptedAt([b'{"id": %d}\n' % n for n in range(20)], at=6)
    out = io.StringIO()
    code, err = run_main(
        monkeypatch, "assess", "--batch", "-", "--workers", "2", stdin=stdin, stdout=out
    )
    assert code == 130
    assert err.endswith("\nspasmcheck: stopped: 0 result(s) written\n")
    assert out.getvalue() == ""
