"""What the checks share: every condition of a pack, and whether answers can make one true.

Conditions are checked by trying every combination of the answers they read, which is
exact and cheap because a condition reads few questions.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from spasmcheck.errors import Problem
from spasmcheck.pack.conditions import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    LikelyCause,
    Not,
    describe,
    leaves,
    questions_in,
)
from spasmcheck.pack.model import Advice
from spasmcheck.pack.position import NOWHERE, Pos
from spasmcheck.pack.qtypes import for_question
from spasmcheck.pack.rulepack import RulePack

MAX_COMBINATIONS = 20_000
"""Beyond this a condition is not searched (it is reported as not checked, never as dead)."""


def at(pos: Any, message: str, severity: str, check: str) -> Problem:
    """A problem found by ``check`` at a ``Pos`` (or nowhere, for built objects without one)."""
    where = pos if isinstance(pos, Pos) else NOWHERE
    return Problem(where.path, where.line, where.column, message, severity, check)


def domains(pack: RulePack, ids: Sequence[str], condition: Condition) -> list[list[Any]]:
    """For each question id, the answers worth trying: every value that can change the
    outcome. One walk over the condition's leaves serves every question (a walk per
    question made checking a large pack slow)."""
    near: dict[str, list[Any]] = {q: [] for q in ids}
    for leaf in leaves(condition):
        if isinstance(leaf, Compare) and leaf.question in near:
            values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
            near[leaf.question] += [
                v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)
            ]
    questions = [pack.question(q) for q in ids]
    return [for_question(q).domain(q, near[q.id]) for q in questions]


def satisfiable(
    pack: RulePack, condition: Condition, causes: Sequence[str | None] | None = None
) -> bool | None:
    """Whether some answers make the condition true; ``None`` if too big to search.

    ``causes`` are the likely causes to try (by default none, and every cause when the
    condition tests one).
    """
    ids = [q for q in questions_in(condition) if q in pack.question_index]
    tried = domains(pack, ids, condition)
    if causes is None:
        causes = [None]
        if any(isinstance(leaf, LikelyCause) for leaf in leaves(condition)):
            causes += [c.id for c in pack.causes]
    size = len(causes)
    for d in tried:
        size *= len(d)
    if size > MAX_COMBINATIONS:
        return None
    for values in itertools.product(*tried):
        answers = dict(zip(ids, values, strict=True))
        if any(condition.test(answers, cause) is True for cause in causes):
            return True
    return False


def true_with(pack: RulePack, condition: Condition, fixed: Mapping[str, Any]) -> bool:
    """Whether some answers make the condition true when the ``fixed`` ones are given.

    Too many combinations to try counts as true: a check may then miss a problem, but
    never reports one that is not there, and never runs for hours."""
    ids = [q for q in questions_in(condition) if q not in fixed and q in pack.question_index]
    tried = domains(pack, ids, condition)
    if math.prod(len(d) for d in tried) > MAX_COMBINATIONS:
        return True
    for values in itertools.product(*tried):
        answers = {**fixed, **dict(zip(ids, values, strict=True))}
        if condition.test(answers) is True:
            return True
    return False


def conditions(pack: RulePack) -> Iterator[tuple[str, Condition]]:
    """Every top-level condition of the pack, with what it belongs to in words."""
    for q in pack.questions:
        if q.ask_if is not None:
            yield f"ask_if of question {q.id!r}", q.ask_if
    for r in pack.red_flags:
        yield f"red flag {r.id!r}", r.when
    for c in pack.causes:
        if c.only_if is not None:
            yield f"only_if of cause {c.id!r}", c.only_if
        for n, e in enumerate(c.evidence, 1):
            yield f"evidence {n} of cause {c.id!r}", e.when
    for t in pack.triage_rules:
        yield f"triage rule {t.id!r}", t.when
    for a in pack.additional_advice:
        yield f"additional advice {a.id!r}", a.when
    holders: list[tuple[str, tuple[Advice, ...]]] = [
        *((f"cause {c.id!r}", c.advice()) for c in pack.causes),
        ("general advice", pack.general_advice.advice()),
        *((f"additional advice {a.id!r}", a.advice()) for a in pack.additional_advice),
    ]
    for name, advice in holders:
        for n, item in enumerate(advice, 1):
            if item.avoid_if is not None:
                yield f"avoid_if of advice {n} of {name}", item.avoid_if


def branches(condition: Condition) -> Iterator[Condition]:
    """The items of every ``any`` inside a condition: each should be able to matter."""
    if isinstance(condition, AnyOf):
        yield from condition.items
    if isinstance(condition, (AllOf, AnyOf)):
        for item in condition.items:
            yield from branches(item)
    elif isinstance(condition, Not):
        yield from branches(condition.item)


def short(condition: Condition) -> str:
    """The condition in words, cut to fit in a one-line message."""
    text = describe(condition)
    return text if len(text) <= 80 else text[:77] + "..."
