"""What the answers still to come could change: when the interview may skip or stop.

The interview leaves a question unasked only when no answer to it, whatever the other
open questions are answered, could change the result: the triage level, the red flags,
the likely cause, or the advice shown. Trying every combination of answers would be
exponential, so ``outlook`` evaluates each condition over *sets* of truth values: an open
question may take any of its values (``unknown`` included), an answered one only its
answer. This over-approximates what could happen (two leaves that read the same open
question are treated as independent), which is the safe direction: it may keep a
question that did not matter, never drop one that did. tests/test_relevance.py checks
the promise on random answer paths: the shortened interview ends with the same level,
red flags, likely cause and advice as the whole questionnaire answered the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from spasmcheck.pack.conditions import (
    UNKNOWN,
    AllOf,
    Answer,
    AnyOf,
    Compare,
    Condition,
    LikelyCause,
    Not,
    Truth,
)
from spasmcheck.pack.levels import Level, urgency
from spasmcheck.pack.model import Advice, Question
from spasmcheck.pack.rulepack import RulePack

Possible = frozenset[Truth]
"""The truth values a condition can still take, over every way the open questions go."""
ANY: Possible = frozenset({True, False, None})
SURE: Possible = frozenset({True})
Likely = frozenset[str | None]
"""The causes that can still end up likely (``None``: no cause named)."""


class Outlook(NamedTuple):
    """What can still change, given the answers so far."""

    open: frozenset[str]
    """Unanswered questions that may still be asked (their ``ask_if`` can still hold)."""
    relevant: frozenset[str]
    """Open questions whose answer could still change the result, or that must be
    answered before such a question can be asked (its ``ask_if`` reads them)."""
    settled: bool
    """No answer to come can change the level, red flags, likely cause or advice."""


def values(question: Question) -> tuple[Answer, ...] | None:
    """Every answer a question can get, ``unknown`` included; ``None`` for numbers (a range)."""
    if question.type == "yes_no":
        return ("yes", "no", UNKNOWN)
    if question.type == "choice":
        return (*(o.id for o in question.options), UNKNOWN)
    return None


def _all(parts: Iterable[Possible]) -> Possible:
    """``all`` over sets: each combination of one value per part, by Kleene's table."""
    sets = list(parts)
    out: set[Truth] = set()
    if all(True in s for s in sets):
        out.add(True)
    if any(False in s for s in sets):
        out.add(False)
    if all(s - {False} for s in sets) and any(None in s for s in sets):
        out.add(None)
    return frozenset(out)


def _any(parts: Iterable[Possible]) -> Possible:
    """``any`` over sets, the dual of ``_all``."""
    sets = list(parts)
    out: set[Truth] = set()
    if any(True in s for s in sets):
        out.add(True)
    if all(False in s for s in sets):
        out.add(False)
    if all(s - {True} for s in sets) and any(None in s for s in sets):
        out.add(None)
    return frozenset(out)


class _Evaluator:
    """Conditions evaluated over sets, for one set of answers and open questions."""

    def __init__(self, pack: RulePack, answers: Mapping[str, Answer], open_: frozenset[str]):
        self.index = pack.question_index
        self.answers = answers
        self.open = open_

    def __call__(self, condition: Condition, likely: Likely = frozenset({None})) -> Possible:
        if isinstance(condition, Compare):
            if condition.question in self.open:
                return _open_leaf(condition, self.index[condition.question])
            return frozenset({condition.test(self.answers)})
        if isinstance(condition, LikelyCause):
            return frozenset(cause == condition.cause for cause in likely)
        if isinstance(condition, AllOf):
            return _all(self(item, likely) for item in condition.items)
        if isinstance(condition, AnyOf):
            return _any(self(item, likely) for item in condition.items)
        assert isinstance(condition, Not)
        return frozenset(None if v is None else not v for v in self(condition.item, likely))

    def reads(self, condition: Condition | None) -> set[str]:
        """The open questions a condition reads."""
        return set() if condition is None else {q for q in condition.reads if q in self.open}


_LEAVES: dict[tuple[Compare, tuple[Answer, ...] | None], Possible] = {}


def _open_leaf(leaf: Compare, question: Question) -> Possible:
    """What a comparison can be while its question is open: tried on every answer."""
    answers = values(question)
    key = (leaf, answers)
    found = _LEAVES.get(key)
    if found is None:
        if answers is None:  # a number: anything in range, or unknown
            found = frozenset({True, False}) if leaf.op in ("unknown", "answered") else ANY
        else:
            found = frozenset(leaf.test({leaf.question: a}) for a in answers)
        if len(_LEAVES) < 10_000:
            _LEAVES[key] = found
    return found


def _undecided(possible: Possible) -> bool:
    """Whether a condition may still fire and may still not."""
    return True in possible and possible != SURE


def open_questions(pack: RulePack, answers: Mapping[str, Answer]) -> frozenset[str]:
    """Unanswered questions that may still be asked: their ``ask_if`` can still hold.

    The checklist question is never asked on its own, so it is never open."""
    open_ = frozenset(q.id for q in pack.questions if q.id not in answers and not q.checklist)
    while True:
        check = _Evaluator(pack, answers, open_)
        kept = frozenset(
            q
            for q in open_
            if (ask_if := pack.question_index[q].ask_if) is None or True in check(ask_if)
        )
        if kept == open_:
            return open_
        open_ = kept


def outlook(pack: RulePack, answers: Mapping[str, Answer]) -> Outlook:
    """What the open questions could still change; see the module docstring."""
    open_ = open_questions(pack, answers)
    check = _Evaluator(pack, answers, open_)
    matter: set[str] = set()  # open questions read by a condition that is still undecided
    settled = True

    def watch(condition: Condition | None, possible: Possible) -> None:
        nonlocal settled
        if condition is not None and _undecided(possible):
            matter.update(check.reads(condition))
            settled = False

    low, high = 0, 0  # urgency surely reached, and the most that can be reached
    for flag in pack.red_flags:
        possible = check(flag.when)
        watch(flag.when, possible)  # every warning sign is part of the result
        low, high = _levels(low, high, flag.level, possible)
    likely, cause_reads = _likely(pack, check)
    if len(likely) > 1:
        matter.update(cause_reads)
        settled = False
    rules = [(rule, check(rule.when, likely)) for rule in pack.triage_rules]
    for rule in rules:
        low, high = _levels(low, high, rule[0].level, rule[1])
    for rule, possible in rules:
        if urgency(rule.level) > low or rule.suppress_advice:
            watch(rule.when, possible)
    # Advice: who gets additional advice, and what each possible holder leaves out.
    items: list[Advice] = []
    for extra in pack.additional_advice:
        possible = check(extra.when, likely)
        watch(extra.when, possible)
        if True in possible:
            items.extend(extra.advice())
    for cause_id in likely:
        holder = pack.general_advice if cause_id is None else pack.cause(cause_id)
        items.extend(holder.advice())
    for item in items:
        if item.avoid_if is not None:
            watch(item.avoid_if, check(item.avoid_if, likely))
    if low != high:
        settled = False
    return Outlook(open_, _with_parents(pack, answers, open_, matter), settled)


def _levels(low: int, high: int, level: Level, possible: Possible) -> tuple[int, int]:
    """The surely-reached and the highest reachable urgency, with one more setter."""
    value = urgency(level)
    if possible == SURE:
        low = max(low, value)
    if True in possible:
        high = max(high, value)
    return low, high


def _likely(pack: RulePack, check: _Evaluator) -> tuple[Likely, set[str]]:
    """The causes that can still be named likely, and the open questions that undecided evidence or ``only_if`` of those causes reads."""
    ranges: list[tuple[float, float]] = []
    reads: list[set[str]] = []
    for cause in pack.causes:
        applies = SURE if cause.only_if is None else check(cause.only_if)
        lo = hi = 0.0
        read = check.reads(cause.only_if) if _undecided(applies) else set()
        if True in applies:
            for evidence in cause.evidence:
                possible = check(evidence.when)
                if possible == SURE:
                    lo, hi = lo + evidence.weight, hi + evidence.weight
                elif True in possible:
                    lo, hi = lo + min(0, evidence.weight), hi + max(0, evidence.weight)
                    read |= check.reads(evidence.when)
            if applies != SURE:
                lo, hi = min(lo, 0), max(hi, 0)
        ranges.append((lo, hi))
        reads.append(read)
    threshold = pack.info.likely_threshold

    def qualifies(score: float) -> bool:
        return score > 0 and score >= threshold

    likely: set[str | None] = set()
    if all(not qualifies(lo) for lo, _ in ranges):
        likely.add(None)
    for i, cause in enumerate(pack.causes):
        hi = ranges[i][1]
        # Ties go to the cause written first: an earlier one must be beaten outright.
        if qualifies(hi) and all(
            hi > lo if j < i else hi >= lo for j, (lo, _) in enumerate(ranges) if j != i
        ):
            likely.add(cause.id)
    cause_reads = set().union(*(r for c, r in zip(pack.causes, reads) if c.id in likely))
    return frozenset(likely), cause_reads


def _with_parents(
    pack: RulePack, answers: Mapping[str, Answer], open_: frozenset[str], matter: set[str]
) -> frozenset[str]:
    """``matter`` and, for each of its follow-ups not yet askable, the open questions its
    ``ask_if`` reads (they must be answered before it can be asked), to a fixed point."""
    relevant = set(matter) & open_
    todo = list(relevant)
    while todo:
        question = pack.question_index[todo.pop()]
        if question.ask_if is not None and question.ask_if.test(answers, None) is not True:
            for parent in question.ask_if.reads:
                if parent in open_ and parent not in relevant:
                    relevant.add(parent)
                    todo.append(parent)
    return frozenset(relevant)


__all__ = ["Outlook", "open_questions", "outlook", "values"]
