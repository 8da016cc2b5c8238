"""Hostile answers: ``-a``, ``--answers FILE``, ``--answers -`` and ``parse_answers``.

Each refusal is one line on stderr, exit 2 and nothing on stdout; each read is bounded;
and one value is read the same way on every path (flags, files, stdin, batch, Python).
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import pytest

from spasmcheck import assess, parse_answers
from spasmcheck.batch import Batch
from spasmcheck.engine.answers import MAX_ANSWERS_BYTES, read_answers_text, read_stdin
from spasmcheck.errors import UsageError
from spasmcheck.pack.qtypes import shown_raw
from spasmcheck.pack.rulepack import RulePack

from .common import assess_cli, finish, producer, refused, spawn

# --- 1. bounded reads -----------------------------------------------------------------


def test_a_device_is_refused_before_reading(mini_folder: Path) -> None:
    result = assess_cli(mini_folder, "--answers", "/dev/zero")
    refused(
        result,
        "/dev/zero: answers file is a device, not a regular file (use --answers - for stdin)",
    )


def test_a_fifo_is_refused_without_waiting_for_a_writer(mini_folder: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    done = threading.Event()

    def unblock() -> None:  # should the open ever block again, fail rather than hang
        if not done.wait(10):
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)

    guard = threading.Thread(target=unblock, daemon=True)
    guard.start()
    try:
        result = assess_cli(mini_folder, "--answers", str(fifo))
    finally:
        done.set()
        guard.join()
    refused(
        result,
        f"{fifo}: answers file is a FIFO (named pipe), not a regular file "
        "(use --answers - for stdin)",
    )


def test_a_directory_is_refused(mini_folder: Path, tmp_path: Path) -> None:
    result = assess_cli(mini_folder, "--answers", str(tmp_path))
    refused(
        result,
        f"{tmp_path}: answers file is a directory, not a regular file (use --answers - for stdin)",
    )


def test_a_file_over_1_mib_is_refused(mini_folder: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"sore: yes\n" + b"#" * MAX_ANSWERS_BYTES)
    refused(
        assess_cli(mini_folder, "--answers", str(big)), f"{big}: answers file is larger than 1 MiB"
    )


def test_stdin_over_1_mib_is_refused(mini_folder: Path) -> None:
    text = "sore: yes\n" + "#" * MAX_ANSWERS_BYTES
    refused(
        assess_cli(mini_folder, "--answers", "-", input=text),
        "<stdin>: answers on stdin are larger than 1 MiB",
    )


class _Endless:
    """stdin fed by ``yes``: as many bytes as asked for, for ever; notes what was read."""

    def __init__(self) -> None:
        self.read_total = 0

    def read(self, size: int = -1) -> bytes:
        assert size >= 0, "an unbounded read of an endless stream never returns"
        self.read_total += size
        return b"y\n" * (size // 2) + b"y" * (size % 2)


def test_an_endless_stdin_is_read_only_to_the_limit() -> None:
    stream = _Endless()
    with pytest.raises(UsageError, match=r"^<stdin>: answers on stdin are larger than 1 MiB$"):
        read_stdin(stream)  # type: ignore[arg-type]
    assert stream.read_total == MAX_ANSWERS_BYTES + 1


def test_invalid_utf8_on_stdin(mini_folder: Path) -> None:
    result = assess_cli(mini_folder, "--answers", "-", input=b"sore: \xff\xfe\n")
    refused(result, "<stdin>: answers on stdin are not UTF-8 text")


def test_invalid_utf8_in_a_file(mini_folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"sore: \xc3\x28\n")
    refused(
        assess_cli(mini_folder, "--answers", str(bad)), f"{bad}: answers file is not UTF-8 text"
    )


def test_closed_stdin_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"^<stdin>: no standard input to read answers from$"):
        read_stdin(None)


def test_a_file_name_cannot_forge_a_second_line(mini_folder: Path, tmp_path: Path) -> None:
    name = str(tmp_path / "x\nspasmcheck: all fine\x1b[2J.yaml")
    shown = name.replace("\n", "\\n").replace("\x1b", "\\x1b")
    refused(
        assess_cli(mini_folder, "--answers", name),
        f"{shown}: cannot read answers file: No such file or directory",
    )


@pytest.mark.slow
def test_yes_piped_into_answers_stops_with_flat_memory() -> None:
    """``yes | spasmcheck assess --answers -``: refused after 1 MiB, under a memory limit."""
    feed = producer("import sys\nwhile True: sys.stdout.buffer.write(b'y\\n' * 65536)")
    process = spawn("assess", "--no-input", "-f", "json", "--answers", "-", stdin=feed.stdout)  # type: ignore[arg-type]
    code, out, err = finish(process, feed)
    assert (code, out, err) == (
        2,
        "",
        "spasmcheck: <stdin>: answers on stdin are larger than 1 MiB\n",
    )


# --- 3. one reading of every value, on every path ---------------------------------------

FORMS = [
    # (question, as typed, normal form or None for refused)
    ("pain", "7", 7), ("pain", "7.5", 7.5), ("pain", "1e1", 10), ("pain", "10", 10),
    ("pain", "1_0", None), ("pain", "1:00", None), ("pain", "0x2", None), ("pain", "0o7", None),
    ("pain", "nan", None), ("pain", ".nan", None), ("pain", "inf", None), ("pain", ".inf", None),
    ("pain", "-Infinity", None), ("pain", "1e400", None), ("pain", "٣", None),
    ("pain", "1" + "0" * 400, None), ("pain", "9" * 5000, None), ("pain", "11", None),
    ("sore", "yes", "yes"), ("sore", "No", "no"), ("sore", "TRUE", "yes"), ("sore", "1", "yes"),
    ("sore", "1.0", "yes"), ("sore", "0.0", "no"), ("sore", "on", None), ("sore", "Off", None),
    ("sore", "2", None), ("sore", "01", None), ("sore", "1_0", None), ("sore", "9" * 5000, None),
    ("how_often", "2", "daily"), ("how_often", "2.0", "daily"), ("how_often", "Every day", "daily"),
    ("how_often", "²", None), ("how_often", "1:00", None), ("how_often", "9" * 400, None),
    ("how_often", "9" * 5000, None), ("how_often", "nan", None),
]  # fmt: skip
"""Hostile and ordinary forms. ``null``/``~`` are left out on purpose: in a file they are a
YAML null (not answered), on the command line the word itself."""

_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def _ids(case: tuple[str, str, object]) -> str:
    question, typed, _ = case
    return f"{question}={typed[:12]}{'...' if len(typed) > 12 else ''}"


def _by_flag(folder: Path, tmp: Path, question: str, typed: str) -> tuple[int, str, str]:
    result = assess_cli(folder, "-a", f"{question}={typed}")
    return result.exit_code, result.stdout, result.stderr


def _by_file(folder: Path, tmp: Path, question: str, typed: str) -> tuple[int, str, str]:
    file = tmp / "answers.yaml"
    file.write_text(f"{question}: {typed}\n", encoding="utf-8")
    result = assess_cli(folder, "--answers", str(file))
    return result.exit_code, result.stdout, result.stderr


def _by_stdin(folder: Path, tmp: Path, question: str, typed: str) -> tuple[int, str, str]:
    result = assess_cli(folder, "--answers", "-", input=f"{question}: {typed}\n")
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("path", [_by_flag, _by_file, _by_stdin], ids=["flag", "file", "stdin"])
@pytest.mark.parametrize("case", FORMS, ids=[_ids(c) for c in FORMS])
def test_each_form_reads_the_same_on_every_command_line_path(
    mini_folder: Path, tmp_path: Path, path: object, case: tuple[str, str, object]
) -> None:
    question, typed, expected = case
    code, out, err = path(mini_folder, tmp_path, question, typed)  # type: ignore[operator]
    assert "Traceback" not in err
    if expected is None:
        assert code == 2
        assert out == ""
        assert err.count("\n") == 1
        assert err.startswith("spasmcheck: ")
        assert f"invalid value for {question}: {shown_raw(typed)}; allowed: " in err
    else:
        assert (code, err) == (0, "")
        assert json.loads(out)["answers"][question] == expected


@pytest.mark.parametrize("case", FORMS, ids=[_ids(c) for c in FORMS])
def test_each_form_reads_the_same_in_a_batch_and_from_python(
    mini: RulePack, case: tuple[str, str, object]
) -> None:
    question, typed, expected = case
    literal = typed if _JSON_NUMBER.fullmatch(typed) else json.dumps(typed)
    ((text, ok),) = Batch(mini).lines([f'{{"{question}": {literal}}}'.encode()])
    record = json.loads(text)
    if expected is None:
        assert not ok
        message = record["error"]["message"]
        assert message.startswith((f"invalid value for {question}: ", "invalid JSON: "))
        with pytest.raises(UsageError, match=f"^invalid value for {question}: "):
            parse_answers(mini, {question: typed})
    else:
        assert ok
        assert record["answers"][question] == expected
        assert parse_answers(mini, {question: typed}) == {question: expected}


@pytest.mark.parametrize(
    "value",
    [10**400, -(10**400), 10**5000, float("nan"), float("inf")],
    ids=["400_digits", "minus_400_digits", "5000_digits", "nan", "inf"],
)
@pytest.mark.parametrize("question", ["sore", "how_often", "pain"])
def test_python_numbers_beyond_float_are_refused_cleanly(
    mini: RulePack, question: str, value: object
) -> None:
    """``float(10**400)`` raises OverflowError and ``str(10**5000)`` ValueError: neither
    may escape; the message still names the question."""
    with pytest.raises(UsageError, match=f"^invalid value for {question}: '"):
        parse_answers(mini, {question: value})


def test_a_5000_digit_number_is_an_invalid_value_not_bad_utf8(mini_folder: Path) -> None:
    result = assess_cli(mini_folder, "--answers", "-", input=f"pain: {'9' * 5000}\n")
    refused(
        result,
        "<stdin>: invalid value for pain: '9999999999999999999999999999999999999...'; "
        "allowed: a number from 0 to 10, or unknown",
    )


def test_the_message_echoes_only_the_bad_answer(mini_folder: Path, tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_text("sore: yes\ntired: no\nhow_often: Every day\npain: 1_0\n", encoding="utf-8")
    refused(
        assess_cli(mini_folder, "--answers", str(file)),
        f"{file}: invalid value for pain: '1_0'; allowed: a number from 0 to 10, or unknown",
    )


# --- duplicate answers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sore: yes\nsore: no\n", "<stdin>:2:1: duplicate key 'sore' (first at line 1)"),
        ('{"sore": "yes", "sore": "no"}', "<stdin>:1:17: duplicate key 'sore' (first at line 1)"),
        ('sore: yes\n"sore ": no\n', "<stdin>: 'sore' is answered twice"),
    ],
)
def test_a_question_answered_twice_is_refused(mini_folder: Path, text: str, message: str) -> None:
    refused(assess_cli(mini_folder, "--answers", "-", input=text), message)


def test_yaml_tags_anchors_and_nesting_in_answers_are_refused() -> None:
    for text in ("sore: !!python/object:os.system x\n", "a: &x yes\nb: *x\n", "sore: [yes]\n",
                 "[" * 100_000, "- yes\n"):  # fmt: skip
        with pytest.raises(UsageError):
            read_answers_text(text, "<stdin>")


# --- assess() from Python ---------------------------------------------------------------


def test_assess_reads_raw_answers_as_the_command_line_does(mini: RulePack) -> None:
    """``True`` compared raw with ``"yes"`` would silently miss a warning sign."""
    assert assess(mini, {"danger": True}).triage.level == "emergency"
    assert assess(mini, {"danger": "Y"}).triage.level == "emergency"
    with pytest.raises(
        UsageError, match=r"^unknown question id 'dangr' \(did you mean 'danger'\?\)$"
    ):
        assess(mini, {"dangr": "yes"})
    with pytest.raises(UsageError, match=r"^invalid value for pain: 'nan'"):
        assess(mini, {"pain": float("nan")})
