"""Hostile batch lines: each bad line is one error record and the run goes on; stdout
holds only whole, valid JSON lines, even after Ctrl-C; memory stays flat."""

from __future__ import annotations

import io
import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from spasmcheck.batch import MAX_LINE_BYTES, Batch, bounded_lines
from spasmcheck.pack.rulepack import RulePack
from tests.helpers import run_main

from .common import assess_cli, finish, producer, spawn


def strict(text: str) -> dict[str, Any]:
    """One result line, read as a strict JSON parser would: no NaN, Infinity or surrogates."""

    def no_constant(name: str) -> None:
        raise AssertionError(f"{name} in output")

    text.encode("utf-8")  # a lone surrogate cannot be written to a UTF-8 stdout
    assert "\n" not in text
    record = json.loads(text, parse_constant=no_constant)
    assert isinstance(record, dict)
    return record


def batch(pack: RulePack, *lines: bytes) -> list[dict[str, Any]]:
    """``Batch.lines`` of raw lines, each result checked by ``strict``."""
    return [strict(text) for text, _ in Batch(pack).lines(lines)]


def error(record: dict[str, Any]) -> str:
    """The message of an error record (which has no result keys)."""
    assert "triage" not in record
    assert record["error"]["exit_code"] == 2
    return str(record["error"]["message"])


GOOD = b'{"id": "before", "sore": "yes"}'
AFTER = b'{"id": "after", "tired": "yes"}'

# --- line length ----------------------------------------------------------------------


def test_an_oversized_line_is_an_error_record_and_the_run_goes_on(
    mini_folder: Path, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(GOOD + b"\n" + b'{"id": "' + b"a" * (3 * MAX_LINE_BYTES) + b'"}\n' + AFTER)
    result = assess_cli(mini_folder, "--batch", str(source))
    lines = [strict(line) for line in result.stdout.splitlines()]
    assert [r.get("id") for r in lines] == ["before", None, "after"]
    assert [r["line"] for r in lines] == [1, 2, 3]
    assert error(lines[1]) == "line longer than 1048576 bytes (1 MiB)"
    assert (result.exit_code, result.stderr) == (
        1,
        "spasmcheck: assessed 2 of 3 line(s); 1 failed\n",
    )


def test_a_line_of_exactly_the_limit_is_read(mini: RulePack) -> None:
    padded = b'{"id": 1' + b" " * (MAX_LINE_BYTES - 9) + b"}"
    assert len(padded) == MAX_LINE_BYTES
    assert [r["id"] for r in batch(mini, padded + b"\n", padded)] == [1, 1]
    assert error(batch(mini, padded + b" ")[0]).startswith("line longer than")


class _Reads(io.BytesIO):
    """A stream that notes the largest single read asked of it."""

    largest = 0

    def readline(self, size: int | None = -1) -> bytes:
        assert size is not None
        assert size >= 0, "an unbounded readline"
        self.largest = max(self.largest, size)
        return super().readline(size)


def test_bounded_lines_never_holds_more_than_the_limit() -> None:
    stream = _Reads(b"short\n" + b"x" * 1000 + b"\nnext\n" + b"y" * 50)
    lines = list(bounded_lines(stream, limit=10))
    assert lines == [b"short\n", b"x" * 11, b"next\n", b"y" * 11]
    assert stream.largest <= 64 * 1024


@pytest.mark.slow
def test_a_300_mb_line_costs_flat_memory() -> None:
    """Before issue #10 such a line took 1.2 GB; here the process has 256 MB in all."""
    feed = producer(
        "import sys\nw = sys.stdout.buffer.write\n"
        'w(b\'{"id": "before"}\\n{"id": "\')\n'
        "for _ in range(300): w(b'a' * 1024 * 1024)\n"
        'w(b\'"}\\n{"id": "after"}\\n\')\n'
    )
    assert feed.stdout is not None
    code, out, err = finish(spawn("assess", "--batch", "-", stdin=feed.stdout), feed)
    lines = [strict(line) for line in out.splitlines()]
    assert [r.get("id") for r in lines] == ["before", None, "after"]
    assert error(lines[1]).startswith("line longer than")
    assert (code, err) == (1, "spasmcheck: assessed 2 of 3 line(s); 1 failed\n")


# --- what the parser could choke on ---------------------------------------------------


def test_100k_brackets_are_an_error_record_between_good_lines(mini: RulePack) -> None:
    records = batch(mini, GOOD, b"[" * 100_000, b'{"a":' * 100_000, AFTER)
    assert [r.get("id") for r in records] == ["before", None, None, "after"]
    assert error(records[1]) == error(records[2]) == "invalid JSON: nested too deeply"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'{"id": NaN}', "invalid JSON: NaN is not a JSON number"),
        (b'{"id": Infinity}', "invalid JSON: Infinity is not a JSON number"),
        (b'{"pain": -Infinity}', "invalid JSON: -Infinity is not a JSON number"),
        (b'{"pain": 1e400}', "invalid JSON: the number '1e400' is out of range"),
        (b'{"pain": ' + b"9" * 5000 + b"}", "invalid JSON: a number longer than 1000 digits"),
        (b'{"sore": "yes", "sore": "no"}', "invalid JSON: duplicate key 'sore'"),
        (b'{"id": 1, "id": 2}', "invalid JSON: duplicate key 'id'"),
        (b'{"id": "\\ud800"}', "the id is not valid text (a lone surrogate)"),
        (b'{"id": "\\udfff", "sore": "yes"}', "the id is not valid text (a lone surrogate)"),
        (b'{"id": [1]}', "the id must be text or a number"),
        (b'{"\\ud800": "yes"}', "a key is not valid text (a lone surrogate)"),
        (b'{"sore": "\\ud800"}', "invalid value for sore: '\\ud800'; allowed: yes/y/true/1, "
                                 "no/n/false/0 or unknown"),
        (b'{"pain": ' + b"9" * 400 + b"}", "invalid value for pain: '9999999999999999999999999"
                                          "999999999999...'; allowed: a number from 0 to 10, "
                                          "or unknown"),
        (b'{"sore": "on"}', "invalid value for sore: 'on'; allowed: yes/y/true/1, no/n/false/0 "
                            "or unknown"),
        (b"\xff{}", "invalid JSON: not UTF-8 text"),
        (b'"\\ud800"', "expected a JSON object of question ids to answers"),
    ],
)  # fmt: skip
def test_hostile_records_are_error_records(mini: RulePack, line: bytes, message: str) -> None:
    records = batch(mini, GOOD, line, AFTER)
    assert [r["line"] for r in records] == [1, 2, 3]
    assert [r.get("id") for r in (records[0], records[2])] == ["before", "after"]
    assert "id" not in records[1]
    assert error(records[1]) == message


def test_the_cli_writes_only_valid_json_for_hostile_lines(mini_folder: Path) -> None:
    lines = b"\n".join([GOOD, b'{"id": NaN}', b'{"id": "\\ud800"}', b"[" * 100_000, AFTER])
    result = assess_cli(mini_folder, "--batch", "-", input=lines)
    out = [strict(line) for line in result.stdout.splitlines()]
    assert [r.get("id") for r in out] == ["before", None, None, None, "after"]
    assert (result.exit_code, result.stderr) == (
        1,
        "spasmcheck: assessed 2 of 5 line(s); 3 failed\n",
    )


def test_python_ids_json_cannot_carry_are_error_records(mini: RulePack) -> None:
    from spasmcheck import assess_many

    ids = [float("inf"), "\ud800", 10**5000, object(), "fine", float("nan"), None]
    out = [strict(text) for text in assess_many(mini, ({"id": i} for i in ids), as_json=True)]
    assert [r.get("id") for r in out] == [None] * 4 + ["fine", None, None]
    assert all("error" in r for r in out[:4])
    # An empty id cell (NaN or None from a data frame) is no id: the line keys the record.
    assert ["id" in r or "error" in r for r in out[4:]] == [True, False, False]


# --- Ctrl-C ---------------------------------------------------------------------------


class _InterruptedAt(io.BytesIO):
    """stdin where Ctrl-C is pressed while the program waits for line ``at``."""

    def __init__(self, lines: list[bytes], at: int) -> None:
        super().__init__(b"".join(lines))
        self.at, self.read = at, 0

    @property
    def buffer(self) -> _InterruptedAt:
        return self

    def readline(self, size: int | None = -1) -> bytes:
        self.read += 1
        if self.read == self.at:
            raise KeyboardInterrupt
        return super().readline(size)


def test_ctrl_c_while_reading_says_how_many_results_were_written(
    monkeypatch: pytest.MonkeyPatch, mini_folder: Path
) -> None:
    stdin = _InterruptedAt([b'{"id": %d}\n' % n for n in range(10)], at=4)
    out = io.StringIO()
    rules = ("--no-builtin-rules", "--rules", str(mini_folder))
    code, err = run_main(monkeypatch, "assess", *rules, "--batch", "-", stdin=stdin, stdout=out)
    assert code == 130
    assert err == "\nspasmcheck: stopped: 3 result(s) written\n"
    assert [strict(line)["id"] for line in out.getvalue().splitlines()] == [0, 1, 2]
    assert out.getvalue().endswith("\n")


class _CtrlCMidLine(io.StringIO):
    """stdout where Ctrl-C arrives halfway through writing the second line."""

    def write(self, text: str) -> int:
        if self.getvalue().count("\n") == 1:
            half = len(text) // 2
            super().write(text[:half])
            os.kill(os.getpid(), signal.SIGINT)
            return half + super().write(text[half:])
        return super().write(text)


def test_ctrl_c_mid_line_finishes_the_line_and_stops(
    monkeypatch: pytest.MonkeyPatch, mini_folder: Path
) -> None:
    stdin = _InterruptedAt([b'{"id": %d}\n' % n for n in range(10)], at=0)
    out = _CtrlCMidLine()
    rules = ("--no-builtin-rules", "--rules", str(mini_folder))
    code, err = run_main(monkeypatch, "assess", *rules, "--batch", "-", stdin=stdin, stdout=out)
    assert code == 130
    assert err == "\nspasmcheck: stopped: 2 result(s) written\n"
    assert [strict(line)["id"] for line in out.getvalue().splitlines()] == [0, 1]
    assert out.getvalue().endswith("\n")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


@pytest.mark.slow
def test_ctrl_c_on_a_real_batch_keeps_whole_lines_and_counts_them() -> None:
    feed = producer("import sys\nwhile True: sys.stdout.buffer.write(b'{\"id\": 7}\\n' * 1000)")
    assert feed.stdout is not None
    process = spawn("assess", "--batch", "-", stdin=feed.stdout)
    assert process.stdout is not None
    first = os.read(process.stdout.fileno(), 65536)  # results are flowing
    process.send_signal(signal.SIGINT)
    code, out, err = finish(process, feed)
    out = first.decode() + out
    assert code == 130
    assert out.endswith("\n")
    lines = out.splitlines()
    assert all(strict(line)["id"] == 7 for line in lines)
    assert err == f"\nspasmcheck: stopped: {len(lines)} result(s) written\n"


# --- standard streams ------------------------------------------------------------------


class _FullDisk(io.StringIO):
    """stdout on a full disk: every write fails."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def test_a_full_stdout_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, mini_folder: Path
) -> None:
    stdin = _InterruptedAt([b"{}\n", b"{}\n"], at=0)
    rules = ("--no-builtin-rules", "--rules", str(mini_folder))
    code, err = run_main(
        monkeypatch, "assess", *rules, "--batch", "-", stdin=stdin, stdout=_FullDisk()
    )
    assert (code, err) == (
        2,
        "spasmcheck: cannot write to standard output: No space left on device\n",
    )


def test_a_closed_stdin_is_an_empty_batch(
    monkeypatch: pytest.MonkeyPatch, mini_folder: Path
) -> None:
    out = io.StringIO()
    rules = ("--no-builtin-rules", "--rules", str(mini_folder))
    code, err = run_main(monkeypatch, "assess", *rules, "--batch", "-", stdin=None, stdout=out)
    assert (code, err, out.getvalue()) == (0, "spasmcheck: assessed 0 line(s)\n", "")


def test_two_spellings_of_one_id_are_an_error_not_a_lost_warning_sign(pack: RulePack) -> None:
    """A spreadsheet column with a trailing space must not overwrite a red flag's yes."""
    from spasmcheck import assess_many

    record = {"id": 1, "bladder_bowel_changes": "yes", "bladder_bowel_changes ": "no"}
    (result,) = assess_many(pack, [record])
    assert "triage" not in result
    assert result["error"]["message"] == "'bladder_bowel_changes' is answered twice"


def test_two_spellings_met_before_are_still_an_error(pack: RulePack) -> None:
    """Every cell of the third record was met before (and remembered): it is still read
    as two answers to one question, not one of them silently kept."""
    from spasmcheck import assess_many

    records = [
        {"bladder_bowel_changes": "yes"},
        {"bladder_bowel_changes ": "no"},
        {"bladder_bowel_changes": "yes", "bladder_bowel_changes ": "no"},
        {"id": "x", "bladder_bowel_changes ": "no", "bladder_bowel_changes": "yes"},
    ]
    results = list(assess_many(pack, records))
    assert [r["triage"]["level"] for r in results[:2]] == ["emergency", "self_care"]
    for result in results[2:]:
        assert result["error"]["message"] == "'bladder_bowel_changes' is answered twice"
