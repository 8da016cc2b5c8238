"""What the answers still to come could change: when the interview may skip or stop.

The interview leaves a question unasked only when no answer to it, whatever the other
open questions are answered, could change the result: the triage level, the red flags,
the likely cause, or the advice shown. Trying every combination of answers would be
exponential, so ``outlook`` evaluates each condition over *sets* of truth values
(``possible``): an open question may take any of its values (``unknown`` included), an
answered one only its answer. This over-approximates what could happen, which is the
safe direction: it may keep a question that did not matter, never drop one that did.
tests/test_relevance.py checks the promise on random answer paths: the shortened
interview ends with the same level, red flags, likely cause and advice as the whole
questionnaire answered the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from spasmcheck.pack.conditions import Answer, Condition
from spasmcheck.pack.levels import Level, urgency
from spasmcheck.pack.model import Advice, Question
from spasmcheck.pack.rulepack import RulePack

from .possible import Evaluator, Likely, Possible, T, undecided


class Outlook(NamedTuple):
    """What can still change, given the answers so far."""

    open: frozenset[str]
    """Unanswered questions that may still be asked (their ``ask_if`` can still hold)."""
    relevant: frozenset[str]
    """Open questions whose answer could still change the result, or that must be
    answered before such a question can be asked (its ``ask_if`` reads them)."""
    settled: bool
    """No answer to come can change the level, red flags, likely cause or advice."""


def open_questions(pack: RulePack, answers: Mapping[str, Answer]) -> frozenset[str]:
    """Unanswered questions that may still be asked: their ``ask_if`` can still hold.

    The checklist question is never asked on its own, so it is never open."""
    open_ = frozenset(q.id for q in pack.questions if q.id not in answers and not q.checklist)
    while True:
        check = Evaluator(pack, answers, open_)
        kept = frozenset(
            q
            for q in open_
            if (ask_if := pack.question_index[q].ask_if) is None or check(ask_if) & T
        )
        if kept == open_:
            return open_
        open_ = kept


_RECENT: dict[tuple[int, frozenset[tuple[str, Answer]]], tuple[RulePack, Outlook]] = {}
"""The last few outlooks: the interview asks for the same answers twice per step (what
to ask, and the bound it shows)."""


def outlook(pack: RulePack, answers: Mapping[str, Answer]) -> Outlook:
    """What the open questions could still change; see the module docstring."""
    key = (id(pack), frozenset(answers.items()))
    found = _RECENT.get(key)
    if found is not None and found[0] is pack:
        return found[1]
    result = _outlook(pack, answers)
    if len(_RECENT) >= 8:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = (pack, result)
    return result


def _outlook(pack: RulePack, answers: Mapping[str, Answer]) -> Outlook:
    open_ = open_questions(pack, answers)
    check = Evaluator(pack, answers, open_)
    matter: set[str] = set()  # open questions read by a condition that is still undecided
    settled = True

    def watch(condition: Condition | None, possible: Possible) -> None:
        nonlocal settled
        if condition is not None and undecided(possible):
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
    for rule, possible in rules:
        low, high = _levels(low, high, rule.level, possible)
    for rule, possible in rules:
        # A rule below the level already reached changes nothing, unless it hides advice.
        if urgency(rule.level) > low or rule.suppress_advice:
            watch(rule.when, possible)
    # Advice: who gets additional advice, and what each possible holder leaves out.
    items: list[Advice] = []
    for extra in pack.additional_advice:
        possible = check(extra.when, likely)
        watch(extra.when, possible)
        if possible & T:
            items.extend(extra.advice())
    for cause_id in likely:
        holder = pack.general_advice if cause_id is None else pack.cause(cause_id)
        items.extend(holder.advice())
    for item in items:
        if item.avoid_if is not None:
            watch(item.avoid_if, check(item.avoid_if, likely))
    if low != high:
        settled = False
    return Outlook(open_, _with_parents(pack, open_, matter), settled)


def _levels(low: int, high: int, level: Level, possible: Possible) -> tuple[int, int]:
    """The surely-reached and the highest reachable urgency, with one more setter."""
    value = urgency(level)
    if possible == T:
        low = max(low, value)
    if possible & T:
        high = max(high, value)
    return low, high


def _likely(pack: RulePack, check: Evaluator) -> tuple[Likely, set[str]]:
    """The causes that can still be named likely (a score range per cause, each piece of
    evidence counted or not), and the open questions that those causes' undecided evidence
    or ``only_if`` reads. A cause that can never be named cannot change which one is."""
    ranges: list[tuple[float, float]] = []
    reads: list[set[str]] = []
    for cause in pack.causes:
        applies = T if cause.only_if is None else check(cause.only_if)
        lo = hi = 0.0
        read = check.reads(cause.only_if) if undecided(applies) else set()
        if applies & T:
            for evidence in cause.evidence:
                possible = check(evidence.when)
                if possible == T:
                    lo, hi = lo + evidence.weight, hi + evidence.weight
                elif possible & T:
                    lo, hi = lo + min(0, evidence.weight), hi + max(0, evidence.weight)
                    read |= check.reads(evidence.when)
            if applies != T:
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
    cause_reads: set[str] = set()
    for cause, read in zip(pack.causes, reads, strict=True):
        if cause.id in likely:
            cause_reads |= read
    return frozenset(likely), cause_reads


def _with_parents(pack: RulePack, open_: frozenset[str], matter: set[str]) -> frozenset[str]:
    """``matter`` and, for each of its follow-ups, the open questions its ``ask_if`` reads:
    they are asked first, as in the whole questionnaire (an unanswered parent counts as
    unknown, and "unknown" may let a follow-up in that "no" would keep out)."""
    relevant = set(matter) & open_
    todo = list(relevant)
    while todo:
        question = pack.question_index[todo.pop()]
        if question.ask_if is not None:
            for parent in question.ask_if.reads:
                if parent in open_ and parent not in relevant:
                    relevant.add(parent)
                    todo.append(parent)
    return frozenset(relevant)


def waits(question: Question, look: Outlook) -> bool:
    """Whether a follow-up must wait: a question its ``ask_if`` reads is still open."""
    return question.ask_if is not None and not look.open.isdisjoint(question.ask_if.reads)


__all__ = ["Outlook", "open_questions", "outlook", "waits"]
