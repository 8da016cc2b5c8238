"""Batch lines across worker processes: the input cut in chunks, the results in input order.

One Python process assesses on one core; ``--workers N`` runs N of them. The parent reads
lines and hands out chunks of ``CHUNK_LINES``; at most ``2 * N`` chunks are in flight,
so memory stays flat however long the input is, and each chunk's results are written
only after every earlier chunk's, so the output is exactly that of one process (the same
line numbers, the same ``--fail-fast`` stop). Workers are forked where the platform can
(they inherit the loaded pack and pay no start-up), else spawned; they ignore Ctrl-C,
which the parent handles.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from spasmcheck.errors import UsageError
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
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start, initargs=(pack, fields, csv, fail_fast)
    )
    pending: deque[Future[Chunk]] = deque()
    source = iter(lines)
    number = 1
    try:
        while True:
            while len(pending) < 2 * workers:
                chunk = list(islice(source, CHUNK_LINES))
                if not chunk:
                    break
                pending.append(pool.submit(_assess, number, chunk))
                number += len(chunk)
            if not pending:
                return
            result = pending.popleft().result()
            yield result
            if result.stopped:
                return
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_WORK: dict[str, Any] = {}
"""A worker's state, set once by ``_start``: its ``Batch`` and how to run it."""


def _start(pack: RulePack, fields: Sequence[str] | None, csv: bool, fail_fast: bool) -> None:
    from spasmcheck.batch import Batch

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
