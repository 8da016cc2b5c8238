"""Batch lines across worker processes: the input cut in chunks, the results in input order.

One Python process assesses on one core; ``--workers N`` runs N of them. The parent reads
lines and hands out chunks of ``CHUNK_LINES``; at most ``2 * N`` chunks are in flight,
so memory stays flat however long the input is, and each chunk's results are written
only after every earlier chunk's, so the output is exactly that of one process (the same
line numbers, the same ``--fail-fast`` stop). Workers are forked: they inherit the loaded
pack (compiled conditions are closures, which cannot be pickled to a spawned process) and
pay no start-up; they ignore Ctrl-C, which the parent handles. Where there is no fork
(Windows), the chunks are assessed in this process: the same output, on one core.

A chunk's lines go to its worker, and its results come back, through memory the parent
shares with its workers: anonymous mappings (``mmap``, no file, nothing another process
can open), two per chunk in flight (``INPUT_BYTES`` and ``SLOT_BYTES``); only line
lengths and counts are pickled. Sent through the pool's pipe instead, 7 MB of full JSON
per chunk cost the parent and the worker more CPU than assessing it (the kernel's copies
in 64 KB pieces, pickling): two workers were slower than one. A chunk that does not fit
its slot (very long lines, a very large pack) still goes through the pipe.
"""

from __future__ import annotations

import gc
import mmap
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

CHUNK_LINES = 500
"""Lines per chunk: large enough that handing it over costs little, small enough that a
chunk's results (about 7 MB of full JSON) fit a slot and the first arrive soon."""

INPUT_BYTES = 4 * 1024 * 1024
"""The shared memory for one chunk's input lines: eight times what 500 lines of the
bench's records take. A chunk of longer lines goes through the pipe."""

SLOT_BYTES = 16 * 1024 * 1024
"""The shared memory for one chunk's results: twice what 500 full results of the built-in
pack take. The pages are used as written, and reused by every later chunk."""


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


class _Done:
    """What a worker sends back: the counts, and the results' UTF-8 (in ``data``, or in
    its slot when ``data`` is None: ``size`` bytes)."""

    __slots__ = ("data", "done", "failed", "size", "stopped")

    def __init__(self, data: bytes | None, size: int, done: int, failed: int, stopped: bool):
        self.data, self.size = data, size
        self.done, self.failed, self.stopped = done, failed, stopped

    @property
    def counts(self) -> tuple[int, int, bool]:
        """(lines assessed, lines failed, whether ``fail_fast`` stopped): ``Chunk``'s."""
        return self.done, self.failed, self.stopped


class Chunk:
    """What one chunk gave: the results (``data``, UTF-8, for a binary stream; ``text``),
    how many lines were assessed and failed, and whether ``fail_fast`` stopped in it."""

    __slots__ = ("data", "done", "failed", "stopped")

    def __init__(self, data: bytes | memoryview, done: int, failed: int, stopped: bool) -> None:
        self.data, self.done, self.failed, self.stopped = data, done, failed, stopped

    @property
    def text(self) -> str:
        """The results as text (a lone surrogate from a Python caller's text kept)."""
        return str(self.data, "utf-8", "surrogatepass")


def in_workers(
    pack: RulePack,
    lines: Iterable[bytes],
    workers: int,
    *,
    fields: Sequence[str] | None = None,
    csv: bool = False,
    fail_fast: bool = False,
    views: bool = False,
) -> Iterator[Chunk]:
    """Each chunk's results, in input order, assessed by ``workers`` processes.

    With ``views`` a chunk's ``data`` may be a ``memoryview`` of the shared memory the
    worker wrote, valid only until the next chunk is asked for: a caller that writes each
    chunk at once (the CLI) so copies nothing (7 MB a chunk of full JSON)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        _start(pack, fields, csv, fail_fast, in_parent=True)
        for first, part in _chunks(lines):
            alone = _chunk(_assess(first, part), None)
            yield alone
            if alone.stopped:
                return
        return
    slots = [mmap.mmap(-1, SLOT_BYTES) for _ in range(2 * workers)]  # before the fork
    inputs = [mmap.mmap(-1, INPUT_BYTES) for _ in range(2 * workers)]
    # What the workers inherit is never scanned by their cyclic collector, so its pages
    # stay shared instead of being copied (as the gc module's documentation advises).
    gc.freeze()
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start,
        initargs=(pack, fields, csv, fail_fast, False, slots, inputs),
    )
    pending: deque[tuple[int, Future[_Done]]] = deque()
    chunks = _chunks(lines)
    result: Chunk | None = None
    try:
        while True:
            for first, part in islice(chunks, 2 * workers - len(pending)):
                pending.append((first, pool.submit(*_handed(first, part, inputs))))
            if not pending:
                return
            first, future = pending.popleft()
            try:
                done = future.result()
            except BrokenProcessPool:
                raise WorkerDied(
                    "a worker process stopped unexpectedly (out of memory?); the results "
                    "written so far are whole and in order"
                ) from None
            result = _chunk(done, slots[_slot(first, len(slots))], views)
            yield result
            _release(result)  # its slot is reused from here on
            if result.stopped:
                return
    finally:
        if result is not None:
            _release(result)  # a slot cannot be closed while it is viewed
        pool.shutdown(wait=True, cancel_futures=True)
        for slot in (*slots, *inputs):
            slot.close()


def _chunks(lines: Iterable[bytes]) -> Iterator[tuple[int, list[bytes]]]:
    """(number of the first line, the lines) of each chunk of ``CHUNK_LINES``."""
    source = iter(lines)
    number = 1
    while chunk := list(islice(source, CHUNK_LINES)):
        yield number, chunk
        number += len(chunk)


_WORK: dict[str, Any] = {}
"""A worker's state, set once by ``_start``: its ``Batch`` and how to run it."""


def _slot(first: int, count: int) -> int:
    """The slot of the chunk starting at line ``first``: chunk ``k`` is sent only once chunk
    ``k - count`` is written, so its slot is free."""
    return (first - 1) // CHUNK_LINES % count


def _start(
    pack: RulePack,
    fields: Sequence[str] | None,
    csv: bool,
    fail_fast: bool,
    in_parent: bool = False,
    slots: list[mmap.mmap] | None = None,
    inputs: list[mmap.mmap] | None = None,
) -> None:
    from spasmcheck.batch import Batch

    if not in_parent:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the run
    batch = Batch(pack, fields=fields)
    _WORK.update(batch=batch, csv=csv, fail_fast=fail_fast, slots=slots, inputs=inputs)


def _handed(first: int, lines: list[bytes], inputs: list[mmap.mmap]) -> tuple[Any, ...]:
    """What to submit for a chunk: its lines copied into their shared input slot, with
    only their lengths pickled (a chunk's slot is free: as ``_slot`` says), or pickled
    whole when they do not fit."""
    data = b"".join(lines)
    if len(data) > INPUT_BYTES:
        return _assess, first, lines
    inputs[_slot(first, len(inputs))][: len(data)] = data
    return _assess_shared, first, list(map(len, lines))


def _assess_shared(start: int, sizes: list[int]) -> _Done:
    """``_assess`` of the lines ``_handed`` put in this chunk's input slot."""
    inputs = _WORK["inputs"]
    data = inputs[_slot(start, len(inputs))][: sum(sizes)]
    lines = []
    at = 0
    for size in sizes:
        lines.append(data[at : at + size])
        at += size
    return _assess(start, lines)


def _assess(start: int, lines: list[bytes]) -> _Done:
    batch, csv, fail_fast = _WORK["batch"], _WORK["csv"], _WORK["fail_fast"]
    slots = _WORK["slots"]
    slot = slots[_slot(start, len(slots))] if slots else None
    out: list[bytes] = []  # the results, once they do not fit the slot (or there is none)
    size = done = failed = 0
    stopped = False
    for data, ok in batch.encoded(lines, start=start, csv=csv):
        end = size + len(data)
        if slot is not None and end <= SLOT_BYTES:
            slot[size:end] = data  # each result straight to the parent's memory: no join
        elif slot is not None:  # a very large pack: the whole chunk goes through the pipe
            out.append(slot[:size])
            out.append(data)
            slot = None
        else:
            out.append(data)
        size = end
        done += ok
        failed += not ok
        if fail_fast and not ok:
            stopped = True
            break
    if slot is not None:
        return _Done(None, size, done, failed, stopped)
    return _Done(b"".join(out), size, done, failed, stopped)


def _release(chunk: Chunk) -> None:
    if isinstance(chunk.data, memoryview):
        chunk.data.release()


def _chunk(done: _Done, slot: mmap.mmap | None, view: bool = False) -> Chunk:
    """A chunk's results: copied out of its slot (which a later chunk reuses), or with
    ``view`` a view of the slot itself, or as sent through the pipe."""
    data = done.data
    if data is None:
        assert slot is not None
        return Chunk(memoryview(slot)[: done.size] if view else slot[: done.size], *done.counts)
    return Chunk(data, *done.counts)
