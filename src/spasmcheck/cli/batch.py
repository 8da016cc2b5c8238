"""``spasmcheck assess --batch FILE|-``: JSON Lines in, one result per line out (compact
JSON, or CSV rows under a header).

The command-line shell around ``spasmcheck.batch`` (and ``spasmcheck.parallel`` for
``--workers``): it opens the input, streams results to stdout as they are made (memory
does not grow with the input, nor with one huge line), draws a progress bar on stderr only
for a file and a terminal, and returns the exit code. Ctrl-C stops the run after the
lines being written: stdout holds only whole lines, and stderr says how many.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import typer

from spasmcheck.errors import ExitCode, UsageError
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render import Format

from .common import handled, load_pack, say, say_folders
from .streams import silence_stdout  # the one way to stop writing to stdout

if TYPE_CHECKING:
    from pathlib import Path

    from spasmcheck.batch import Batch


def run_batch(
    pack: RulePack,
    source: str,
    *,
    fail_fast: bool = False,
    fields: Sequence[str] | None = None,
    csv: bool = False,
    workers: int = 1,
) -> int:
    """Assess every line of ``source`` (a path, or ``-`` for stdin); return the exit code.

    ``fields`` chooses what each result holds (``spasmcheck.columns``); ``csv`` writes CSV
    rows under a header (of ``DEFAULT_CSV_FIELDS`` unless ``fields``); ``workers`` > 1
    assesses in that many processes, the output unchanged."""
    from spasmcheck.batch import Batch, bounded_lines
    from spasmcheck.columns import DEFAULT_CSV_FIELDS

    if csv and fields is None:
        fields = DEFAULT_CSV_FIELDS
    batch = Batch(pack, fields=fields)  # checks the fields before anything is read

    with ExitStack() as stack:
        lines: Iterable[bytes]
        if source == "-":
            # A closed stdin was replaced by an empty text stream (``streams.prepare``).
            lines = bounded_lines(getattr(sys.stdin, "buffer", None) or _Encoded(sys.stdin))
        else:
            try:
                file = stack.enter_context(open(source, "rb"))
            except OSError as error:
                from spasmcheck.engine.answers import printable

                raise UsageError(
                    f"{printable(source)}: cannot read batch file: {error.strerror or error}"
                ) from None
            lines = bounded_lines(file)
            if sys.stderr.isatty():
                lines = stack.enter_context(_progress(file, lines))
        done = failed = 0
        # UTF-8 bytes whatever the terminal's encoding: as text, an ASCII locale wrote an
        # id "café" as "caf?", which joins back to no record (and bytes are 6% faster).
        binary: IO[bytes] | None = getattr(sys.stdout, "buffer", None)
        write: Callable[[Any], Any] = sys.stdout.write if binary is None else binary.write
        ctrl_c = stack.enter_context(_ctrl_c_after_the_line())
        try:
            if csv:
                assert batch.fields is not None
                header = batch.fields.csv_header()
                write(header if binary is None else header.encode("utf-8"))
            for text, ok, bad in _results(batch, lines, workers, csv, fail_fast, binary):
                ctrl_c.writing = True  # from here Ctrl-C waits for the whole line
                try:
                    write(text)
                except BrokenPipeError:
                    raise
                except OSError as error:  # closed, a full disk: not a problem of the input
                    raise _CannotWrite(error) from None
                done += ok
                failed += bad
                ctrl_c.writing = False
                if ctrl_c.pressed:
                    raise KeyboardInterrupt
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                raise
            except OSError as error:
                raise _CannotWrite(error) from None
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): stop quietly, as other tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return ExitCode.CHECK_FAILED
        except _CannotWrite as failure:
            silence_stdout()
            raise UsageError(f"cannot write to standard output: {failure.reason}") from None
        except OSError as error:  # reading the input failed (EIO, a vanished device)
            raise UsageError(
                f"cannot read the batch input: {error.strerror or error} "
                f"({done + failed} result(s) written)"
            ) from None
        except KeyboardInterrupt:
            # Every line written is whole and kept: say so, rather than "nothing was saved".
            try:
                sys.stdout.flush()
            except OSError:
                silence_stdout()
            say(f"\nspasmcheck: stopped: {done + failed} result(s) written")
            return ExitCode.INTERRUPTED
        last = done + failed
    if failed:
        stop = " (stopped at the first bad line: --fail-fast)" if fail_fast else ""
        say(f"spasmcheck: assessed {done} of {last} line(s); {failed} failed{stop}")
        return ExitCode.CHECK_FAILED
    say(f"spasmcheck: assessed {done} line(s)")
    return ExitCode.OK


def _results(
    batch: Batch,
    lines: Iterable[bytes],
    workers: int,
    csv: bool,
    fail_fast: bool,
    binary: object | None,
) -> Iterator[tuple[bytes | memoryview | str, int, int]]:
    """(what to write, lines assessed, lines failed): per line in this process, per chunk
    of lines from ``workers`` processes; UTF-8 bytes for a ``binary`` stdout, else text."""
    if workers > 1:
        from spasmcheck.parallel import in_workers

        names = None if batch.fields is None else batch.fields.names
        for chunk in in_workers(
            batch.pack, lines, workers, fields=names, csv=csv, fail_fast=fail_fast, views=True
        ):  # each chunk is written before the next is asked for: its view of shared memory
            yield (chunk.text if binary is None else chunk.data), chunk.done, chunk.failed
        return
    if binary is not None:
        for data, ok in batch.encoded(lines, fail_fast=fail_fast, csv=csv):
            yield data, ok, not ok
        return
    end = "" if csv else "\n"
    for text, ok in batch.lines(lines, fail_fast=fail_fast, csv=csv):
        yield text + end, ok, not ok


class _CannotWrite(Exception):
    """stdout failed (closed, a full disk): carries the reason, apart from input errors."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.reason = error.strerror or str(error)


class _Encoded:
    """A text stream read as UTF-8 bytes, for ``bounded_lines`` (a replaced stdin)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def readline(self, size: int = -1) -> bytes:
        """The next line, at most ``size`` characters, as bytes."""
        return self.stream.readline(size).encode("utf-8", "surrogateescape")


class _CtrlC:
    """Ctrl-C while a result line is being written: noted, acted on after the line."""

    writing = False
    pressed = False


@contextmanager
def _ctrl_c_after_the_line() -> Iterator[_CtrlC]:
    """While a line is written, Ctrl-C only sets ``pressed``; otherwise (reading, assessing)
    it raises ``KeyboardInterrupt`` at once, so waiting on stdin is never stuck.

    Only the main thread may set signal handlers; elsewhere Ctrl-C keeps its default.
    """
    state = _CtrlC()

    def pressed(signum: int, frame: FrameType | None) -> None:
        if not state.writing:
            raise KeyboardInterrupt
        state.pressed = True

    try:
        previous = signal.signal(signal.SIGINT, pressed)
    except ValueError:  # not the main thread
        yield state
        return
    try:
        yield state
    finally:
        signal.signal(signal.SIGINT, previous)


class _progress:
    """Wraps a binary file's lines in a Rich progress bar on stderr, by bytes read."""

    def __init__(self, file: IO[bytes], lines: Iterable[bytes]) -> None:
        self.file, self.lines = file, lines

    def __enter__(self) -> Iterator[bytes]:
        from rich.console import Console
        from rich.progress import Progress

        total = os.fstat(self.file.fileno()).st_size
        # stdout carries the results: the bar must not capture it (Rich's default).
        # No refresh thread (redrawn at each update instead): ``--workers`` forks after
        # this, and forking a process that runs threads may deadlock the child.
        self.bar = Progress(
            console=Console(stderr=True),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
            auto_refresh=False,
        )
        self.bar.start()
        self.task = self.bar.add_task("assessing", total=total or None)
        return self._lines()

    def _lines(self) -> Iterator[bytes]:
        update, task, tell = self.bar.update, self.task, self.file.tell
        for number, line in enumerate(self.lines, 1):
            if number % 512 == 0:  # often enough for the eye; not a cost per line
                # counts the skipped part of a too-long line
                update(task, completed=tell(), refresh=True)
            yield line
        update(task, completed=tell(), refresh=True)

    def __exit__(self, *exc: Any) -> None:
        self.bar.stop()


class BatchOptions(NamedTuple):
    """The options that only apply with ``--batch``, as typed."""

    fail_fast: bool
    fields: str | None
    workers: str | None


def batch_command(
    source: str | None,
    rules: list[Path] | None,
    builtin: bool,
    options: BatchOptions,
    mixed: object,
    fmt: Format | None,
) -> None:
    """``assess --batch``: its options checked (together with those it cannot take), then
    ``run_batch``; exits with the run's code."""
    with handled():
        if source is None:
            given = [
                name
                for name, value in zip(
                    ("--fail-fast", "--fields", "--workers"), options, strict=True
                )
                if value not in (False, None)
            ]
            raise UsageError(f"{given[0]} only applies with --batch FILE")
        if mixed or fmt not in (None, Format.json, Format.csv):
            raise UsageError(
                "--batch reads answers from its file and writes JSON Lines or CSV to stdout: "
                "leave out -a, --answers, --output, --explain and --save (--format: json or csv)"
            )
        from spasmcheck.columns import parse_fields
        from spasmcheck.parallel import worker_count

        fields = None if options.fields is None else parse_fields(options.fields)
        workers = 1 if options.workers is None else worker_count(options.workers)
        pack = load_pack(rules, builtin=builtin)
        say_folders(pack)
        code = run_batch(
            pack,
            source,
            fail_fast=options.fail_fast,
            fields=fields,
            csv=fmt is Format.csv,
            workers=workers,
        )
    raise typer.Exit(code)
