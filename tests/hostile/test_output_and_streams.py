"""Hostile input, issue #10: where results go. ``--output`` never replaces what is not a
regular file, and closed, full or non-UTF-8 standard streams cost one line and an exit
code, never a traceback or a lost summary."""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
from pathlib import Path

import pytest

from spasmcheck.cli import main
from tests.helpers import invoke

ASSESS = ("assess", "--no-input", "-a", "recent_strenuous_exercise=yes")


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """``spasmcheck ARGS`` through ``main()``, with whatever streams the test set up."""
    monkeypatch.setattr(sys, "argv", ["spasmcheck", *args])
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0)


# --- --output ---------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/dev/null", "/dev/stdout", "/dev/full"])
def test_output_refuses_devices_and_leaves_them_alone(target: str) -> None:
    before = os.lstat(target)
    result = invoke(*ASSESS, "--output", target)
    assert result.exit_code == 2
    assert result.stderr == (
        f"spasmcheck: {target}: is not a regular file (a device, pipe or socket); "
        "--output writes only to a file\n"
    )
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


def test_output_refuses_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = invoke(*ASSESS, "--output", str(fifo))
    assert result.exit_code == 2
    assert "is not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_to_a_new_folder_name_is_refused(tmp_path: Path) -> None:
    result = invoke(*ASSESS, "--output", f"{tmp_path}/newdir/")
    assert result.exit_code == 2
    assert result.stderr.endswith("newdir/: is a folder; give a file name for --output\n")
    assert list(tmp_path.iterdir()) == []


def test_output_replaces_a_symlink_not_its_target(tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("untouched")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = invoke(*ASSESS, "--output", str(link), "--format", "json", "--force")
    assert result.exit_code == 0
    assert not link.is_symlink()
    assert '"schema_version": 1' in link.read_text()
    assert target.read_text() == "untouched"
    assert stat.S_IMODE(link.stat().st_mode) == 0o600


# --- standard streams -------------------------------------------------------------------


class _Full(io.StringIO):
    """A stdout on a full disk."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("args", [("--version",), ASSESS, ("questions",)])
def test_a_full_stdout_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    monkeypatch.setattr(sys, "stdout", _Full())
    assert run_main(monkeypatch, *args) == 2
    err = capsys.readouterr().err
    assert err == "spasmcheck: cannot write to standard output: No space left on device\n"


def test_a_closed_stdout_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert run_main(monkeypatch, "--version") == 2
    assert "cannot write to standard output: Bad file descriptor" in capsys.readouterr().err


def test_a_closed_stderr_keeps_the_exit_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert run_main(monkeypatch, "assess", "--no-input", "-a", "radiatng_pain=yes") == 2


def test_a_closed_stdin_is_no_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert run_main(monkeypatch, "assess") == 2
    assert "no terminal to ask questions on" in capsys.readouterr().err


def test_an_ascii_terminal_gets_the_summary_in_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO()
    ascii_out = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", ascii_out)
    assert run_main(monkeypatch, *ASSESS, "--format", "rich") == 0
    ascii_out.flush()
    text = raw.getvalue().decode("ascii")
    assert text.startswith("+- spasmcheck ---")
    assert "SELF-CARE" in text
    assert "#" in text  # the evidence bar


@pytest.mark.parametrize("columns", ["-5", "0", "abc", "99999"])
def test_nonsense_columns_are_ignored(columns: str) -> None:
    result = invoke("questions", env={"COLUMNS": columns})
    assert result.exit_code == 0
    assert "age_group" in result.stdout


class _Terminal(io.TextIOWrapper):
    """A terminal's standard stream over bytes, in a given encoding."""

    def isatty(self) -> bool:
        return True


def test_a_byte_the_terminal_cannot_decode_is_asked_again(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A non-UTF-8 byte typed in the interview is an invalid answer, never a traceback."""
    keys = _Terminal(io.BytesIO(b"\xff\nq\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", keys)
    assert run_main(monkeypatch, "assess", "--format", "json") == 130
    err = capsys.readouterr().err
    assert "Please type" in err  # the age question, asked again
    assert "Traceback" not in err


def test_the_interview_on_an_ascii_terminal_ends_with_its_summary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Prompts, boxes and the summary on a terminal that is not UTF-8: nothing is lost."""
    screen_bytes, out_bytes = io.BytesIO(), io.BytesIO()
    screen = _Terminal(screen_bytes, encoding="ascii")
    out = _Terminal(out_bytes, encoding="ascii")
    # Then Enter at "check your answers" (the "n"s left over are asked again there).
    answers = "\n".join(["2", "n", "n", "1", "n", *["n"] * 30, "1", *["n"] * 10, ""]) + "\n"
    monkeypatch.setattr(sys, "stdin", _Terminal(io.BytesIO(answers.encode()), encoding="ascii"))
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(sys, "stdout", out)
    code = run_main(monkeypatch, "assess", "--no-color")
    screen.flush()
    out.flush()
    assert code == 0, screen_bytes.getvalue().decode("ascii", "replace")[-500:]
    summary = out_bytes.getvalue().decode("ascii")
    assert "SELF-CARE" in summary or "SEE A DOCTOR" in summary
    assert "Traceback" not in screen_bytes.getvalue().decode("ascii", "replace")
