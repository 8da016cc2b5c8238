"""Batch lines as JSON, byte for byte ``dumps(to_dict(a))`` in UTF-8, with what is the same in
many results encoded once.

Most of a result is a list of items the engine shares between results (a fired red flag,
a rule, a cause with its evidence, a piece of cited advice: engine/plan.py), and an
``Each`` part of ``render.json.PARTS`` makes each item's object from that item alone.
So the JSON of each such item is kept, by the item's identity, and copied as bytes
(``orjson.Fragment``); every other part is made by its own ``PARTS`` function, as
``to_dict`` makes it. Nothing here names a key: the shape is ``PARTS``'s.

Items are frozen records, and each one kept is held here too, so its ``id`` cannot be
reused by another object while its JSON is kept. At most ``limit`` items are kept per
encoder; past that, a new item is encoded for its line alone. Only JSON
bytes leave here, never a dict a caller could change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import orjson

from spasmcheck.engine.result import Assessment

from .json import PARTS, Each

LIMIT = 50_000
"""Items whose JSON one encoder keeps unless told (``limit``): every shared item of the
built-in pack's results. A larger pack shares more: ``batch`` gives it a larger limit."""

_EMPTY = ()
_Memo = dict[int, orjson.Fragment]
"""The JSON of each item kept, by the item's ``id``."""
_Part = tuple[str, Callable[[Assessment], Any], Each | None, _Memo]
"""A key, its ``PARTS`` function, the same as an ``Each`` (or None), the items' JSON."""


class Encoder:
    """The JSON of results' ``PARTS`` (all, or ``keys``), sharing what the engine shares."""

    def __init__(self, keys: Iterable[str] | None = None, limit: int = LIMIT) -> None:
        chosen = PARTS if keys is None else {k: PARTS[k] for k in PARTS if k in set(keys)}
        self.limit = limit
        """Items whose JSON is kept at most; past that a new item's JSON is made each time."""
        self._kept: list[Any] = []
        """Every item whose JSON is kept, held so that its ``id`` stays its own."""
        memos: dict[Callable[[Any], Any], _Memo] = {}
        self._parts: list[_Part] = []
        for key, part in chosen.items():
            if isinstance(part, Each):
                # One memo per item function: the three kinds of advice share their items.
                self._parts.append((key, part, part, memos.setdefault(part.item, {})))
            else:
                self._parts.append((key, part, None, {}))

    def line(self, head: dict[str, Any], a: Assessment, newline: bool = False) -> bytes:
        """One result line in UTF-8: the batch keys (``head``, which gets the parts), then
        the parts; ``newline`` ends it."""
        self.parts(a, head)
        return orjson.dumps(head, option=orjson.OPT_APPEND_NEWLINE if newline else 0)

    def parts(self, a: Assessment, out: dict[str, Any] | None = None) -> dict[str, Any]:
        """``{key: value}`` of the chosen parts (added to ``out``), ready for
        ``orjson.dumps``: each ``Each`` part a list of fragments, the others as ``PARTS``
        makes them."""
        if out is None:
            out = {}
        for key, part, each, memo in self._parts:
            if each is None:
                out[key] = part(a)
                continue
            items = getattr(a, each.attr)
            if not items:
                out[key] = _EMPTY
                continue
            try:
                out[key] = list(map(memo.__getitem__, map(id, items)))
            except KeyError:
                out[key] = self._first_sight(each, memo, items)
        return out

    def _first_sight(self, part: Each, memo: _Memo, items: tuple[Any, ...]) -> Any:
        """A part some of whose items are new: each new one encoded, and kept while there
        is room (past that, encoded for this line only; the others are still copied)."""
        kept = self._kept
        item = part.item
        out = []
        for x in items:
            found = memo.get(id(x))
            if found is None:
                if len(kept) < self.limit:
                    # A copy: orjson's own bytes keep the 1 KB it starts every output with.
                    found = memo[id(x)] = orjson.Fragment(bytes(memoryview(orjson.dumps(item(x)))))
                    kept.append(x)
                else:
                    found = orjson.Fragment(orjson.dumps(item(x)))
            out.append(found)
        return out
