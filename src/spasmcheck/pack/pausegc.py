"""Pausing Python's cyclic garbage collector while a pack is built.

Building a pack makes hundreds of thousands of long-lived objects (YAML nodes, records,
condition closures) and no garbage cycles worth collecting. Each collection the
allocations trigger re-scans all of them, which made the cyclic collector a third of
loading a 100x pack (4.5 s with it, 2.9 s without); the built-in pack does not notice.

Paused is not enough on its own: the first young collection after it scanned every
object the pack had made (60-110 ms for a 100x pack) only to find them all alive. So
the objects are moved straight to the oldest generation on the way out, where they are
scanned by full collections like any long-lived object, and never by the young ones.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection inside; afterwards it is on again if it was on before (a
    caller that turned it off keeps it off). Reference counting still frees everything
    that is not in a cycle, so memory is not held back. When the block ends normally,
    what it made is in the oldest generation (``_to_oldest_generation``), with whatever
    young objects the process had besides; a cycle among those waits for the next full
    collection."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        _to_oldest_generation()
    finally:
        if was_enabled:
            gc.enable()


def _to_oldest_generation() -> None:
    """Move every tracked object to the oldest generation, without scanning any.

    ``gc.freeze()`` then ``gc.unfreeze()`` (CPython's documented calls; they put frozen
    objects "back into the oldest generation"). Skipped when the process has frozen
    objects of its own, which unfreezing would release, or has no ``freeze``.
    """
    freeze = getattr(gc, "freeze", None)
    if freeze is None or gc.get_freeze_count():
        return
    freeze()
    gc.unfreeze()
