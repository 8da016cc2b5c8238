"""``spasmcheck assess --batch FILE|-``: JSON Lines in, one compact JSON object per line out.

The command-line shell around ``spasmcheck.engine.batch``: it opens the input, streams results
to stdout as they are made (memory does not grow with the input), draws a progress bar
on stderr only for a file and a terminal, and returns the exit code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import IO, Any

from spasmcheck.errors import ExitCode, UsageError
from spasmcheck.pack.model import RulePack

from .common import say


def run_batch(pack: RulePack, source: str, *, fail_fast: bool = False) -> int:
    """Assess every line of ``source`` (a path, or ``-`` for stdin); return the exit code."""
    from spasmcheck.engine.batch import Batch

    with ExitStack() as stack:
        lines: Iterable[bytes]
        if source == "-":
            lines = sys.stdin.buffer
        else:
            try:
                file = stack.enter_context(open(source, "rb"))
            except OSError as error:
                raise UsageError(
                    f"{source}: cannot read batch file: {error.strerror or error}"
                ) from None
            lines = file
            if sys.stderr.isatty():
                lines = stack.enter_context(_progress(file))
        done = failed = 0
        write = sys.stdout.write
        try:
            for text, ok in Batch(pack).lines(lines, fail_fast=fail_fast):
                write(text)
                write("\n")
                done += ok
                failed += not ok
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): stop quietly, as other tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return ExitCode.CHECK_FAILED
        last = done + failed
    if failed:
        stop = " (stopped at the first bad line: --fail-fast)" if fail_fast else ""
        say(f"spasmcheck: assessed {done} of {last} line(s); {failed} failed{stop}")
        return ExitCode.CHECK_FAILED
    say(f"spasmcheck: assessed {done} line(s)")
    return ExitCode.OK


class _progress:
    """Wraps a binary file's lines in a Rich progress bar on stderr, by bytes read."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file

    def __enter__(self) -> Iterator[bytes]:
        from rich.console import Console
        from rich.progress import Progress

        total = os.fstat(self.file.fileno()).st_size
        # stdout carries the results: the bar must not capture it (Rich's default).
        self.bar = Progress(
            console=Console(stderr=True),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.bar.start()
        self.task = self.bar.add_task("assessing", total=total or None)
        return self._lines()

    def _lines(self) -> Iterator[bytes]:
        advance, task = self.bar.advance, self.task
        done = 0
        for number, line in enumerate(self.file, 1):
            done += len(line)
            if number % 512 == 0:  # the bar redraws a few times a second; no need per line
                advance(task, done)
                done = 0
            yield line
        advance(task, done)

    def __exit__(self, *exc: Any) -> None:
        self.bar.stop()
