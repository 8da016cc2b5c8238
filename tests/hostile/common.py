"""What the hostile tests share: a small pack with every question type, and a real process
under a memory limit for the few tests that must prove memory stays flat."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path
from typing import IO

from typer.testing import CliRunner, Result

from spasmcheck.cli import app
from tests.helpers import program_env

MEMORY_LIMIT = 256 * 1024 * 1024
"""Address space for a process test: spasmcheck needs about 100 MB; a 300 MB line read
whole (1.2 GB before issue #10) or an endless stdin would not fit."""

Process = subprocess.Popen[bytes]

HANG_GUARD = 120
"""Seconds before a process test is called hung: a guard, not a speed assertion."""


def assess_cli(folder: Path, *args: str, input: str | bytes | None = None) -> Result:
    """``spasmcheck assess --no-input -f json`` on the mini pack, in this process."""
    rules = ("--no-builtin-rules", "--rules", str(folder))
    argv = ["assess", *rules, "--no-input", "--format", "json", *args]
    return CliRunner().invoke(app, argv, input=input)


def refused(result: Result, message: str) -> None:
    """Exit 2, nothing on stdout, and exactly ``spasmcheck: MESSAGE`` on one stderr line."""
    assert result.stderr == f"spasmcheck: {message}\n"
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def spawn(*args: str, stdin: IO[bytes] | int | None = None) -> Process:
    """``python -m spasmcheck ARGS`` in a new process limited to ``MEMORY_LIMIT``."""
    return subprocess.Popen(
        [sys.executable, "-m", "spasmcheck", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=program_env(),
        preexec_fn=_limited,
    )


def producer(code: str) -> Process:
    """A Python process writing to a pipe (what ``yes |`` would), its errors discarded."""
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )


def finish(
    process: subprocess.Popen[bytes], *others: subprocess.Popen[bytes]
) -> tuple[int, str, str]:
    """Wait (with ``HANG_GUARD``) and return the exit code, stdout and stderr; ``others``
    (producers) are ended afterwards."""
    try:
        out, err = process.communicate(timeout=HANG_GUARD)
    finally:
        for other in (process, *others):
            if other.poll() is None:
                other.kill()
            other.wait()
            if other.stdout:
                other.stdout.close()
    return process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
