"""Checks beyond loading: rules that load fine but can never do what their author meant.

The loader refuses what cannot be used (unknown ids, bad levels, missing sources).
These checks find what can be used but is dead or suspicious: a condition no answers
can make true, a question nothing reads or that is never asked, a cause that can never
be named. Conditions are checked by trying every combination of the answers they read,
which is exact and cheap because a condition reads few questions.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from spasmcheck.errors import Problem

from .conditions import (
    UNKNOWN,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    LikelyCause,
    Not,
    leaves,
    questions_in,
)
from .model import NOWHERE, Pos, Question, RulePack

MAX_COMBINATIONS = 20_000
"""Beyond this a condition is not searched (it is reported as not checked, never as dead)."""


def lint(pack: RulePack) -> list[Problem]:
    """Every finding about a loaded pack, warnings from loading included, in file order."""
    found = list(pack.warnings)
    found += _conditions(pack)
    found += _questions(pack)
    found += _causes(pack)
    order = {path: i for i, path in enumerate(pack.files)}  # layers in load order
    return sorted(found, key=lambda p: (order.get(p.path, len(order)), p.path, p.line, p.column))


def _at(pos: Any, message: str, severity: str) -> Problem:
    where = pos if isinstance(pos, Pos) else NOWHERE
    return Problem(where.path, where.line, where.column, message, severity)


# --- can a condition ever be true? ------------------------------------------------------


def domain(question: Question, condition: Condition) -> list[Any]:
    """Answers worth trying for a question: every value that can change the outcome."""
    if question.type == "yes_no":
        return ["yes", "no", UNKNOWN]
    if question.type == "choice":
        return [o.id for o in question.options] + [UNKNOWN]
    low = question.min if question.min is not None else float("-inf")
    high = question.max if question.max is not None else float("inf")
    points = {low, high}
    for leaf in leaves(condition):
        if isinstance(leaf, Compare) and leaf.question == question.id:
            values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
            for v in values:
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    points |= {v - 0.5, v, v + 0.5}
    return [*sorted(p for p in points if low <= p <= high and abs(p) != float("inf")), UNKNOWN]


def satisfiable(pack: RulePack, condition: Condition) -> bool | None:
    """Whether some answers make the condition true; ``None`` if too big to search."""
    ids = [q for q in questions_in(condition) if q in pack.question_index]
    domains = [domain(pack.question(q), condition) for q in ids]
    causes: list[str | None] = [None]
    if any(isinstance(leaf, LikelyCause) for leaf in leaves(condition)):
        causes += [c.id for c in pack.causes]
    size = len(causes)
    for d in domains:
        size *= len(d)
    if size > MAX_COMBINATIONS:
        return None
    for values in itertools.product(*domains):
        answers = dict(zip(ids, values, strict=True))
        if any(condition.test(answers, cause) is True for cause in causes):
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
        for n, e in enumerate(c.evidence, 1):
            yield f"evidence {n} of cause {c.id!r}", e.when
    for t in pack.triage_rules:
        yield f"triage rule {t.id!r}", t.when


def _branches(condition: Condition) -> Iterator[Condition]:
    """The items of every ``any`` inside a condition: each should be able to matter."""
    if isinstance(condition, AnyOf):
        yield from condition.items
    if isinstance(condition, (AllOf, AnyOf)):
        for item in condition.items:
            yield from _branches(item)
    elif isinstance(condition, Not):
        yield from _branches(condition.item)


def _conditions(pack: RulePack) -> list[Problem]:
    found = []
    for owner, condition in conditions(pack):
        result = satisfiable(pack, condition)
        if result is False:
            found.append(
                _at(
                    condition.pos,
                    f"the condition of {owner} can never be true "
                    f"({_short(condition)}): no answers satisfy it",
                    "error",
                )
            )
            continue
        for branch in _branches(condition):
            if satisfiable(pack, branch) is False:
                found.append(
                    _at(
                        branch.pos,
                        f"in {owner}, this 'any' item can never be true ({_short(branch)})",
                        "warning",
                    )
                )
    return found


def _short(condition: Condition) -> str:
    from .conditions import describe

    text = describe(condition)
    return text if len(text) <= 80 else text[:77] + "..."


# --- questions ----------------------------------------------------------------------------


def _readers(pack: RulePack) -> dict[str, list[str]]:
    """Which conditions read each question."""
    read: dict[str, list[str]] = {q.id: [] for q in pack.questions}
    for owner, condition in conditions(pack):
        for q in questions_in(condition):
            read.setdefault(q, []).append(owner)
    return read


def reachable(pack: RulePack) -> dict[str, bool]:
    """Whether each question can ever be asked, following ``ask_if`` in asking order."""
    can: dict[str, bool] = {}
    for q in pack.questions:
        if q.ask_if is None:
            can[q.id] = True
            continue
        parents = questions_in(q.ask_if)
        if not all(can.get(p, True) for p in parents):
            # An unasked parent stays unknown: is the condition true with it unknown?
            fixed = {p: UNKNOWN for p in parents if not can.get(p, True)}
            can[q.id] = _true_with(pack, q.ask_if, fixed)
        else:
            can[q.id] = satisfiable(pack, q.ask_if) is not False
    return can


def _true_with(pack: RulePack, condition: Condition, fixed: Mapping[str, Any]) -> bool:
    ids = [q for q in questions_in(condition) if q not in fixed and q in pack.question_index]
    domains = [domain(pack.question(q), condition) for q in ids]
    for values in itertools.product(*domains):
        answers = {**fixed, **dict(zip(ids, values, strict=True))}
        if condition.test(answers) is True:
            return True
    return False


def _questions(pack: RulePack) -> list[Problem]:
    found = []
    readers = _readers(pack)
    can = reachable(pack)
    for q in pack.questions:
        if not can[q.id]:
            found.append(
                _at(
                    q.pos,
                    f"question {q.id!r} can never be asked: its ask_if can never be true",
                    "error",
                )
            )
        own = [r for r in readers.get(q.id, []) if r != f"ask_if of question {q.id!r}"]
        if not own:
            found.append(
                _at(
                    q.pos,
                    f"question {q.id!r} is not used: no red flag, evidence, triage rule "
                    "or ask_if reads it",
                    "warning",
                )
            )
    return found


# --- causes -------------------------------------------------------------------------------


def _causes(pack: RulePack) -> list[Problem]:
    found = []
    threshold = pack.info.likely_threshold
    for cause in pack.causes:
        live = [e for e in cause.evidence if satisfiable(pack, e.when) is not False]
        positive = [e for e in live if e.weight > 0]
        for e in cause.evidence:
            if e.weight == 0:
                found.append(_at(e.pos, f"evidence of {cause.id!r} has weight 0", "warning"))
        if not positive:
            found.append(
                _at(
                    cause.pos,
                    f"cause {cause.id!r} has no positive evidence: it can never be named likely",
                    "warning",
                )
            )
            continue
        best = sum(e.weight for e in positive)
        if best < threshold:
            found.append(
                _at(
                    cause.pos,
                    f"cause {cause.id!r} can score at most {best:g}, below the pack's "
                    f"likely_threshold of {threshold:g}: it can never be named likely",
                    "warning",
                )
            )
    return found


def summary(problems: list[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors
