"""Batch lines across worker processes: the input cut in chunks, the results in input order.

One Python process assesses on one core; ``--workers N`` runs N of them. The parent reads
lines and hands out chunks of ``CHUNK_LINES``; at most ``2 * N`` chunks are in flight,
so memory stays flat however long the input is, and each chunk's results are written
only after every earlier chunk's, so the output is exactly that of one process (the same
line numbers, the same ``--fail-fast`` stop). Workers are forked: they inherit the loaded
pack (compiled conditions are closures, which cannot be pickled to a spawned process) and
pay no start-up; they ignore Ctrl-C, which the parent handles. Where there is no fork
(Windows), the chunks are assessed in this process: the same output, on one core.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from spasmcheck.errors import ExitCode, SpasmcheckError, UsageError
from spasmcheck.pack.rulepack import RulePack

CHUNK_LINES = 1000
"""Lines per chunk: large enough that handing it over costs little, small enough that a
chunk's results (about 13 MB of full JSON) stay small and the first arrive soon."""


def worker_count(text: str) -> int:
    """``--workers``: a whole number of at least 1, or ``auto`` for the usable cores."""
    if text.strip().lower() == "auto":
        try:
            return max(len(os.sched_getaffinity(0)), 1)
        except AttributeError:  # not Linux
            return os.cpu_count() or 1
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise UsageError(f"--workers {text!r}: expected a whole number of at least 1, or auto")
    return count


class WorkerDied(SpasmcheckError):
    """A worker process was killed: the run cannot go on with every result in order."""

    exit_code = ExitCode.CHECK_FAILED


class Chunk:
    """What one chunk gave: the results' text, how many lines were assessed and failed,
    and whether ``fail_fast`` stopped in it."""

    __slots__ = ("done", "failed", "stopped", "text")

    def __init__(self, text: str, done: int, failed: int, stopped: bool) -> None:
        self.text, self.done, self.failed, self.stopped = text, done, failed, stopped


def in_workers(
    pack: RulePack,
    lines: Iterable[bytes],
    workers: int,
    *,
    fields: Sequence[str] | None = None,
    csv: bool = False,
    fail_fast: bool = False,
) -> Iterator[Chunk]:
    """Each chunk's results, in input order, assessed by ``workers`` processes."""
    if "fork" not in multiprocessing.get_all_start_methods():
        _start(pack, fields, csv, fail_fast, in_parent=True)
        for first, part in _chunks(lines):
            result = _assess(first, part)
            yield result
            if result.stopped:
                return
        return
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start,
        initargs=(pack, fields, csv, fail_fast),
    )
    pending: deque[Future[Chunk]] = deque()
    chunks = _chunks(lines)
    try:
        while True:
            for first, part in islice(chunks, 2 * workers - len(pending)):
                pending.append(pool.submit(_assess, first, part))
            if not pending:
                return
            try:
                result = pending.popleft().result()
            except BrokenProcessPool:
                raise WorkerDied(
                    "a worker process stopped unexpectedly (out of memory?); the results "
                    "written so far are whole and in order"
                ) from None
            yield result
            if result.stopped:
                return
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunks(lines: Iterable[bytes]) -> Iterator[tuple[int, list[bytes]]]:
    """(number of the first line, the lines) of each chunk of ``CHUNK_LINES``."""
    source = iter(lines)
    number = 1
    while chunk := list(islice(source, CHUNK_LINES)):
        yield number, chunk
        number += len(chunk)


_WORK: dict[str, Any] = {}
"""A worker's state, set once by ``_start``: its ``Batch`` and how to run it."""


def _start(
    pack: RulePack,
    fields: Sequence[str] | None,
    csv: bool,
    fail_fast: bool,
    *,
    in_parent: bool = False,
) -> None:
    from spasmcheck.batch import Batch

    if not in_parent:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the run
    _WORK.update(batch=Batch(pack, fields=fields), csv=csv, fail_fast=fail_fast)


def _assess(start: int, lines: list[bytes]) -> Chunk:
    batch, csv, fail_fast = _WORK["batch"], _WORK["csv"], _WORK["fail_fast"]
    out: list[str] = []
    done = failed = 0
    stopped = False
    for text, ok in batch.lines(lines, start=start, csv=csv):
        out.append(text if csv else text + "\n")
        done += ok
        failed += not ok
        if fail_fast and not ok:
            stopped = True
            break
    return Chunk("".join(out), done, failed, stopped)
