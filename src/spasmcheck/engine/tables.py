"""Remembered outcomes: a table per condition (or per shape of condition), keyed by the
answers it reads, filled by working each outcome out the first time.

A condition reads a few questions, so its outcome is a function of those answers: the
table is keyed by them (one value, or a tuple, made in C by ``itemgetter``). Keys compare
by value: a truth value is the same for equal answers (``1`` and ``1.0`` compare alike),
but what shows an answer (evidence) adds the answers' types to its key for number
questions (``5`` and ``5.0`` are written differently). A table holds at most ``LIMIT``
outcomes; past that each is worked out every time, as without a table.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from operator import itemgetter
from typing import Any, Generic, TypeVar

from spasmcheck.pack.conditions import (
    AllOf,
    Answer,
    Compare,
    Condition,
    LikelyCause,
    Not,
    leaves,
)

LIMIT = 4096
"""Outcomes remembered per table (per warning sign, rule, cause): enough for every
combination of a few yes/no answers, bounded for number questions and odd input."""

Key = Callable[[Mapping[str, Any]], Hashable]
"""Makes a table's key from the complete answers."""
T = TypeVar("T")


class Outcome(Generic[T]):
    """One remembered outcome: ``key(full)`` finds it in ``table``; ``miss`` works it out."""

    __slots__ = ("key", "likely", "table", "work")

    def __init__(
        self,
        key: Key,
        work: Callable[[Mapping[str, Answer], str | None], T],
        table: dict[Hashable, T] | None = None,
    ):
        self.key = key
        self.work = work
        self.table: dict[Hashable, T] = {} if table is None else table
        """Shared by the outcomes of one shape (``shape``), else its own."""
        self.likely = False
        """Whether the likely cause is part of the key (a rule reading ``likely_cause``)."""

    def miss(self, full: Mapping[str, Answer], likely: str | None = None) -> T:
        """The outcome worked out, and remembered while the table has room. A key that
        cannot be made (an answer that is not hashable) is worked out every time."""
        made = self.work(full, likely)
        try:
            key = self.key(full)
            if self.likely:
                key = (likely, key)
            if len(self.table) < LIMIT:
                self.table[key] = made
        except (KeyError, TypeError):
            pass
        return made


def key_of(ids: tuple[str, ...], typed: tuple[str, ...] = ()) -> Key:
    """The answers to ``ids`` (one value, or a tuple); with their types for ``typed``."""
    if not ids:
        return _nothing
    values = itemgetter(*ids)
    if not typed:
        return values
    kinds = [itemgetter(q) for q in typed]

    def with_types(full: Mapping[str, Any]) -> Hashable:
        return (values(full), tuple([type(kind(full)) for kind in kinds]))

    return with_types


def _nothing(full: Mapping[str, Any]) -> Hashable:
    return ()


def shape(condition: Condition | None, place: Mapping[str, int]) -> Hashable:
    """A condition with each question id replaced by its place in a key (``place``): two
    conditions of one shape are true, false or unknown alike for the same answers in
    those places, so their outcomes can share one table (a pack's many "X is yes")."""
    if condition is None:
        return None
    if isinstance(condition, Compare):
        return ("is", place[condition.question], condition.op, repr(condition.value))
    if isinstance(condition, LikelyCause):
        return ("likely", condition.cause)
    if isinstance(condition, Not):
        return ("not", shape(condition.item, place))
    kind = "all" if isinstance(condition, AllOf) else "any"
    return (kind, tuple(shape(item, place) for item in condition.items))


def reads_likely(condition: Condition | None) -> bool:
    """Whether a condition tests the likely cause."""
    return condition is not None and any(isinstance(x, LikelyCause) for x in leaves(condition))


def step(
    key: Key,
    work: Callable[[Mapping[str, Answer], str | None], Any],
    likely: bool = False,
    table: dict[Hashable, Any] | None = None,
) -> tuple[Key, dict[Hashable, Any], Outcome[Any]]:
    """(key, table, outcome): the first two unpacked for the engine's loops."""
    outcome = Outcome(key, work, table)
    outcome.likely = likely
    return key, outcome.table, outcome


def holds(when: Condition) -> Callable[[Mapping[str, Answer], str | None], bool]:
    """The work of a rule's or additional advice's outcome: whether its condition holds."""

    def holding(full: Mapping[str, Answer], likely: str | None) -> bool:
        return when.test(full, likely) is True

    return holding


def places(condition: Condition) -> dict[str, int]:
    """Each question a condition reads, by its place in the condition's key."""
    return {q: n for n, q in enumerate(condition.reads)}


def union(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """The question ids of several groups, each once, in order."""
    return tuple(dict.fromkeys(q for group in groups for q in group))


__all__ = ["LIMIT", "Key", "Outcome", "holds", "key_of", "places", "reads_likely", "shape", "step"]
