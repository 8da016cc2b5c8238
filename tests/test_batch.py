"""Batch assessment: the library, the command line, and proof that both stream."""

from __future__ import annotations

import io
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

import spasmcheck
from spasmcheck import assess_many
from spasmcheck.batch import Batch
from spasmcheck.engine import assess
from spasmcheck.engine.answers import parse_answers
from spasmcheck.pack.conditions import AllOf, AnyOf, Compare, LikelyCause, Not
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render.json import to_dict

from . import oracle
from .helpers import fresh_imports, invoke
from .helpers import run_main as helpers_run_main

COMPACT = {"ensure_ascii": False, "separators": (",", ":")}


def varied(pack: RulePack, count: int, seed: int = 1) -> list[dict[str, Any]]:
    """Records answering a random half of the questions with every kind of value."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        record: dict[str, Any] = {"id": f"r{n}"} if n % 2 else {}
        for q in pack.questions:
            if rng.random() < 0.5:
                continue
            if q.type == "yes_no":
                record[q.id] = rng.choice(["yes", "no", "unknown", True, False, "Y", 0])
            elif q.type == "choice":
                record[q.id] = rng.choice([o.id for o in q.options] + ["unknown"])
            else:
                record[q.id] = rng.choice([q.min, q.max, "unknown"])
        out.append(record)
    return out


# --- the engine agrees with the obviously correct one ---------------------------------------


def test_engine_matches_the_oracle(pack: RulePack) -> None:
    for record in varied(pack, 400):
        record.pop("id", None)
        answers = parse_answers(pack, record)
        assert assess(pack, answers) == oracle.assess(pack, answers)


@pytest.mark.parametrize(
    "condition",
    [
        Compare("q", "is", "yes"),
        Compare("q", "one_of", ("a", "unknown")),
        Compare("n", "at_least", 3),
        Compare("n", "at_most", 3),
        Compare("n", "above", 3),
        Compare("n", "below", 3),
        Compare("q", "unknown", True),
        Compare("q", "answered", False),
        Not(Compare("q", "is", "yes")),
        AllOf((Compare("q", "is", "yes"), Compare("n", "above", 1))),
        AnyOf((Compare("q", "is", "no"), Not(Compare("n", "below", 5)))),
        AllOf((LikelyCause("c"),)),
        AnyOf((LikelyCause("c"), Compare("q", "is", "yes"), Compare("n", "below", 5))),
    ],
)
def test_compiled_conditions_are_three_valued_like_the_oracle(condition: Any) -> None:
    for q in ("yes", "no", "a", "unknown"):
        for n in (0, 3, 7, "unknown"):
            for likely in (None, "c"):
                answers = {"q": q, "n": n}
                assert condition.test(answers, likely) is oracle.truth(condition, answers, likely)


# --- library --------------------------------------------------------------------------------


def test_assess_many_is_the_json_object_plus_line_and_id(pack: RulePack) -> None:
    records = [{"id": "a", "recent_strenuous_exercise": "yes"}, {"saddle_numbness": True}]
    first, second = assess_many(pack, records)
    expected = to_dict(assess(pack, {"recent_strenuous_exercise": "yes"}))
    assert first == {"line": 1, "id": "a", "ignored_keys": [], **expected}
    assert second["line"] == 2
    assert "id" not in second
    assert second["triage"]["level"] == "emergency"


def test_assess_many_is_exported_lazily() -> None:
    assert spasmcheck.assess_many is assess_many


def test_json_text_equals_the_dict_encoded_compactly(pack: RulePack) -> None:
    records: list[Any] = varied(pack, 300)
    records[3] = {"id": 3, "no_such_question": "yes"}
    records[4] = {"affects_sleep": "perhaps"}
    records[5] = ["not", "a", "mapping"]
    as_dicts = list(assess_many(pack, records))
    as_text = list(assess_many(pack, records, as_json=True))
    assert [json.dumps(d, **COMPACT) for d in as_dicts] == as_text
    assert all("\n" not in line for line in as_text)


def test_bad_records_give_error_objects_and_the_run_goes_on(pack: RulePack) -> None:
    records: list[Any] = [
        {"id": 7, "radiating_pian": "yes"},
        {"affects_sleep": "perhaps"},
        {"frequency": ["daily"]},
        "text",
        {"radiating_pain": "yes"},
    ]
    results = list(assess_many(pack, records))
    assert results[0]["id"] == 7
    assert "unknown question id 'radiating_pian'" in results[0]["error"]["message"]
    assert "radiating_pain" in results[0]["error"]["message"]  # the closest id
    assert results[0]["error"]["exit_code"] == 2
    assert "invalid value for affects_sleep" in results[1]["error"]["message"]
    assert "single value" in results[2]["error"]["message"]
    assert "JSON object" in results[3]["error"]["message"]
    assert "triage" in results[4]
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5]


def test_fail_fast_stops_after_the_first_bad_record(pack: RulePack) -> None:
    records = [{}, {"radiating_pian": "yes"}, {}]
    assert [r["line"] for r in assess_many(pack, records, fail_fast=True)] == [1, 2]


def test_assess_many_is_lazy(pack: RulePack) -> None:
    def endless():
        n = 0
        while True:
            n += 1
            yield {"id": n}

    results = assess_many(pack, endless())
    assert [next(results)["id"] for _ in range(3)] == [1, 2, 3]


# --- command line -------------------------------------------------------------------------


def jsonl(*items: Any) -> str:
    return "".join((i if isinstance(i, str) else json.dumps(i)) + "\n" for i in items)


def test_cli_batch_file(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({"id": "x", "recent_strenuous_exercise": "yes"}, {}, ""))
    result = invoke("assess", "--batch", str(source))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # the blank line is skipped
    first = json.loads(lines[0])
    assert first["line"] == 1
    assert first["id"] == "x"
    assert first["schema_version"] == 1
    assert json.loads(lines[1])["line"] == 2
    assert "assessed 2 line(s)" in result.stderr


def test_cli_batch_bad_lines_exit_1_with_a_count(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    bad = {"id": 5, "frequncy": "daily"}
    source.write_text(jsonl({}, "{not json", bad, {"frequency": "hourly"}))
    result = invoke("assess", "--batch", str(source))
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["line"] for line in lines] == [1, 2, 3, 4]
    assert "invalid JSON" in lines[1]["error"]["message"]
    assert lines[2]["id"] == 5
    assert "frequncy" in lines[2]["error"]["message"]
    assert "invalid value for frequency" in lines[3]["error"]["message"]
    assert result.stderr.strip() == "spasmcheck: assessed 1 of 4 line(s); 3 failed"


def test_cli_batch_fail_fast(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({}, {"frequncy": 1}, {}))
    result = invoke("assess", "--batch", str(source), "--fail-fast")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert "--fail-fast" in result.stderr


def test_cli_batch_stdin() -> None:
    result = invoke("assess", "--batch", "-", input=jsonl({"id": 1}, {"id": 2}))
    assert result.exit_code == 0
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [1, 2]


@pytest.mark.parametrize(
    "extra",
    [["-a", "radiating_pain=yes"], ["--answers", "x.yaml"], ["--format", "plain"]],
)
def test_cli_batch_refuses_other_answer_sources(tmp_path: Path, extra: list[str]) -> None:
    result = invoke("assess", "--batch", "-", *extra, input="{}\n")
    assert result.exit_code == 2
    assert "--batch" in result.stderr


def test_cli_fail_fast_needs_batch() -> None:
    result = invoke("assess", "--fail-fast", "--no-input")
    assert result.exit_code == 2
    assert "--fail-fast" in result.stderr


def test_cli_batch_missing_file(tmp_path: Path) -> None:
    result = invoke("assess", "--batch", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 2
    assert "cannot read batch file" in result.stderr


class _Pipe:
    """stdin as a pipe: ``.buffer.readline`` gives lines as the writer sends them, and
    ``check`` runs when the reader asks for the line after ``after`` (before it is written).
    """

    def __init__(self, lines: list[bytes], after: int, check: Any) -> None:
        self.lines, self.after, self.check = lines, after, check
        self.sent = 0

    @property
    def buffer(self) -> _Pipe:
        return self

    def readline(self, size: int = -1) -> bytes:
        if self.sent == self.after:
            self.check()
        self.sent += 1
        return self.lines[self.sent - 1] if self.sent <= len(self.lines) else b""

    def isatty(self) -> bool:
        return False


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str, stdin: Any, stdout: Any) -> int:
    """``helpers.run_main``, asserting that no traceback reached stderr."""
    code, err = helpers_run_main(monkeypatch, *args, stdin=stdin, stdout=stdout)
    monkeypatch.undo()
    assert "Traceback" not in err
    return code


def test_batch_streams_output_before_the_input_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    seen: list[str] = []
    lines = [(json.dumps({"id": n}) + "\n").encode() for n in range(20)] + [b"{}\n"]
    pipe = _Pipe(lines, 20, lambda: seen.append(out.getvalue()))  # stdin is still open
    assert run_main(monkeypatch, "assess", "--batch", "-", stdin=pipe, stdout=out) == 0
    first = json.loads(seen[0].splitlines()[0])
    assert first["line"] == 1
    assert first["id"] == 0
    assert len(seen[0].splitlines()) == 20  # every line so far, before the last came in
    assert len(out.getvalue().splitlines()) == 21


def test_batch_exit_codes_and_no_progress_bar_off_a_terminal(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({}, {"frequncy": 1}))
    done = invoke("assess", "--batch", str(source))
    assert done.exit_code == 1
    assert done.stderr == "spasmcheck: assessed 1 of 2 line(s); 1 failed\n"


# --- start-up: the JSON path pays for nothing it does not use ------------------------------


def loaded_modules(*args: str) -> set[str]:
    """The modules a freshly started ``spasmcheck ARGS`` imports (see helpers)."""
    code, _, modules = fresh_imports(*args)
    assert code == 0
    return modules


def test_json_path_does_not_import_rich() -> None:
    modules = loaded_modules(
        "assess", "--no-input", "-a", "recent_strenuous_exercise=yes", "--format", "json"
    )
    assert "spasmcheck.engine" in modules  # the probe really ran an assessment
    assert not {m for m in modules if m == "rich" or m.startswith("rich.")}
    assert "spasmcheck.interview" not in modules


def test_version_imports_neither_the_core_nor_yaml() -> None:
    modules = loaded_modules("--version")
    assert not {m for m in modules if m.split(".")[0] in ("rich", "yaml")}
    assert "spasmcheck.pack.loader" not in modules


def test_batch_to_a_pipe_does_not_import_rich(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({}))
    modules = loaded_modules("assess", "--batch", str(source))
    assert "spasmcheck.batch" in modules
    assert not {m for m in modules if m.split(".")[0] == "rich"}


def test_progress_bar_wraps_lines_without_taking_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spasmcheck.batch import bounded_lines
    from spasmcheck.cli.batch import _progress

    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich then treats stderr as a terminal

    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({"id": 1}, {"id": 2}))
    stdout = sys.stdout
    with source.open("rb") as file, _progress(file, bounded_lines(file)) as lines:
        assert sys.stdout is stdout  # the bar never captures the results on stdout
        assert [json.loads(line)["id"] for line in lines] == [1, 2]


class _ClosedAfterOneLine(io.StringIO):
    """stdout to a reader that goes away after the first line (like ``| head -1``)."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def write(self, text: str) -> int:
        if "\n" in self.getvalue():
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)

    def fileno(self) -> int:
        return self.fd  # the program points it at /dev/null: a file of ours, not the real one


def test_batch_stops_quietly_when_the_reader_goes_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(*({"id": n} for n in range(2000))))
    with (tmp_path / "stdout").open("w") as file:
        out = _ClosedAfterOneLine(file.fileno())
        args = ("assess", "--batch", str(source))
        code = run_main(monkeypatch, *args, stdin=io.StringIO(), stdout=out)
    assert code == 1
    assert len(out.getvalue().splitlines()) == 1


def test_json_lines_edge_cases(pack: RulePack) -> None:
    lines = [b'\xef\xbb\xbf{"id": 1}', b'{"id": 2} extra', b"\xff\xfe{}", b"  \t", "{}"]
    results = [json.loads(text) for text, _ in Batch(pack).lines(lines)]
    assert [r["line"] for r in results] == [1, 2, 3, 5]  # the blank line 4 is skipped
    assert results[0]["id"] == 1
    assert results[1]["error"]["message"] == "invalid JSON: Extra data"
    assert results[2]["error"]["message"] == "invalid JSON: not UTF-8 text"
    assert "triage" in results[3]
