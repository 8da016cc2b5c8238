"""Conditions evaluated over *sets* of truth values: what a rule can still come to.

An answered question has its one answer; an open one may still take any of its answers
(``unknown`` included). Evaluating a condition over every combination would be
exponential, so each part is evaluated over the set of values its parts can take, by
Kleene's table. Two leaves that read the same open question are treated as independent,
so the set may hold a value no real combination gives (an over-approximation), never
miss one: the safe direction for deciding that a question cannot matter
(``relevance``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from spasmcheck.pack.conditions import UNKNOWN, AllOf, Answer, Compare, Condition, LikelyCause, Not
from spasmcheck.pack.model import Question
from spasmcheck.pack.rulepack import RulePack

Possible = int
"""The truth values a condition can still take, over every way the open questions go, as
bits: ``T`` (true), ``F`` (false), ``N`` (unknown). Bits, not sets: this is evaluated for
every rule at every step of the interview."""
T, F, N = 1, 2, 4
ANY: Possible = T | F | N
BIT = {True: T, False: F, None: N}
Likely = frozenset[str | None]
"""The causes that can still end up likely (``None``: no cause named)."""
NO_CAUSE: Likely = frozenset({None})
"""What red flags and advice conditions are tested with: they never read the cause."""


def values(question: Question) -> tuple[Answer, ...] | None:
    """Every answer a question can get, ``unknown`` included; ``None`` for numbers (a range)."""
    if question.type == "yes_no":
        return ("yes", "no", UNKNOWN)
    if question.type == "choice":
        return (*(o.id for o in question.options), UNKNOWN)
    return None


def _all(parts: Iterable[Possible]) -> Possible:
    """``all`` over sets: each combination of one value per part, by Kleene's table."""
    every_t, some_f, every_tn, some_n = T, 0, True, 0
    for m in parts:
        every_t &= m
        some_f |= m & F
        every_tn = every_tn and bool(m & (T | N))
        some_n |= m & N
    return every_t | some_f | (some_n if every_tn else 0)


def _any(parts: Iterable[Possible]) -> Possible:
    """``any`` over sets, the dual of ``_all``."""
    some_t, every_f, every_fn, some_n = 0, F, True, 0
    for m in parts:
        some_t |= m & T
        every_f &= m
        every_fn = every_fn and bool(m & (F | N))
        some_n |= m & N
    return some_t | every_f | (some_n if every_fn else 0)


class Evaluator:
    """Conditions evaluated over sets, for one set of answers and open questions."""

    def __init__(self, pack: RulePack, answers: Mapping[str, Answer], open_: frozenset[str]):
        self.index = pack.question_index
        self.answers = answers
        self.open = open_

    def __call__(self, condition: Condition, likely: Likely = NO_CAUSE) -> Possible:
        if len(likely) == 1 and self.open.isdisjoint(condition.reads):
            # Nothing open below: the compiled condition gives the one value it can take.
            return BIT[condition.test(self.answers, next(iter(likely)))]
        return _compiled(condition)(self, likely)

    def reads(self, condition: Condition | None) -> set[str]:
        """The open questions a condition reads."""
        return set() if condition is None else {q for q in condition.reads if q in self.open}


Abstract = Callable[[Evaluator, Likely], Possible]
"""A condition compiled for evaluation over sets, as ``Condition.test`` is for answers."""
_COMPILED: dict[int, tuple[Condition, Abstract]] = {}
"""Each condition's compiled form, by ``id`` (kept with the condition, compared by
identity): compiled once, as conditions.py does for ``test``."""


def _compiled(condition: Condition) -> Abstract:
    found = _COMPILED.get(id(condition))
    if found is not None and found[0] is condition:
        return found[1]
    made = _compile(condition)
    if len(_COMPILED) < 50_000:
        _COMPILED[id(condition)] = (condition, made)
    return made


def _compile(condition: Condition) -> Abstract:
    """The closure that evaluates ``condition`` over sets; see ``_all`` and ``_any``."""
    if isinstance(condition, Compare):
        leaf, question, test = condition, condition.question, condition.test

        def compare(ev: Evaluator, likely: Likely) -> Possible:
            if question in ev.open:
                return _open_leaf(leaf, ev.index[question])
            return BIT[test(ev.answers)]

        return compare
    if isinstance(condition, LikelyCause):
        cause = condition.cause

        def is_likely(ev: Evaluator, likely: Likely) -> Possible:
            bits = 0
            for each in likely:
                bits |= T if each == cause else F
            return bits

        return is_likely
    if isinstance(condition, Not):
        inner = _compiled(condition.item)

        def negate(ev: Evaluator, likely: Likely) -> Possible:
            m = inner(ev, likely)
            return (m & T) << 1 | (m & F) >> 1 | (m & N)

        return negate
    parts = tuple(_compiled(item) for item in condition.items)
    combine = _all if isinstance(condition, AllOf) else _any

    def combined(ev: Evaluator, likely: Likely) -> Possible:
        return combine([part(ev, likely) for part in parts])

    return combined


_LEAVES: dict[int, tuple[Compare, Question, Possible]] = {}
"""Each leaf's values while open, by ``id``: hashing a leaf by its contents costs more
than evaluating it. The leaf and its question are kept and compared by identity, so a
reused ``id`` or a replaced question is never answered from the wrong entry."""


def _open_leaf(leaf: Compare, question: Question) -> Possible:
    """What a comparison can be while its question is open: tried on every answer."""
    found = _LEAVES.get(id(leaf))
    if found is not None and found[0] is leaf and found[1] is question:
        return found[2]
    answers = values(question)
    if answers is None:  # a number: anything in range, or unknown
        possible = T | F if leaf.op in ("unknown", "answered") else ANY
    else:
        possible = 0
        for answer in answers:
            possible |= BIT[leaf.test({leaf.question: answer})]
    if len(_LEAVES) < 10_000:
        _LEAVES[id(leaf)] = (leaf, question, possible)
    return possible


def undecided(possible: Possible) -> bool:
    """Whether a condition may still fire and may still not."""
    return bool(possible & T) and possible != T
