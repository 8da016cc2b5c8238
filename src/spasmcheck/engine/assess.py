"""The assessment: a pure function from a rule pack and answers to a result.

Order of precedence, which is the safety argument of the tool:
1. red flags: a triggered warning sign sets at least its level, whatever else is true;
2. triage rules (e.g. daily cramps need a doctor), which may read the likely cause;
3. causes, ranked by transparent scores; ties go to the cause written first in the pack.

Advice follows the level, never the other way round: a warning sign or rule may leave
out advice it makes unsafe (``suppress_advice``), an item is left out for whom it could
harm (``avoid_if``), and advice for some people (``additional_advice``) is added
whatever the cause.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import filterfalse
from operator import attrgetter

from spasmcheck.pack import qtypes
from spasmcheck.pack.conditions import UNKNOWN, Answer
from spasmcheck.pack.levels import LEVELS
from spasmcheck.pack.rulepack import RulePack

from .outcomes import ENGINE_VERSION, applies, is_asked
from .plan import RANK, Plan, plan
from .result import (
    Assessment,
    CauseScore,
    CitedAdvice,
    FiredRedFlag,
    FiredRule,
    Provenance,
    Triage,
    UnsureRedFlag,
)


def complete(pack: RulePack, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """Every question of the pack with its answer, ``unknown`` where none was given."""
    return _complete(plan(pack), answers)


def _complete(made: Plan, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    # A copy of the all-unknown answers, updated: the pack's order, a third of the time of
    # a dict comprehension. Keys the pack does not have are left out, as ever.
    full = made.template.copy()
    full.update(answers)
    if len(full) != len(made.ids):
        return {q: answers.get(q, UNKNOWN) for q in made.ids}
    return full


def assess(
    pack: RulePack, answers: Mapping[str, Answer], *, stopped_early: bool = False
) -> Assessment:
    """Assess normalised answers (see ``spasmcheck.parse_answers``) against a pack.

    Answers not in normal form (``True``, ``"Y"``, ``"3"``, a misspelt id) are passed
    through ``parse_answers`` first, so they count as they would on the command line or
    raise ``UsageError``; compared raw, ``True`` would silently not be ``"yes"`` and a
    warning sign would be missed.
    """
    return assess_parsed(pack, _normalised(pack, answers), stopped_early=stopped_early)


def assess_parsed(
    pack: RulePack,
    answers: Mapping[str, Answer],
    *,
    stopped_early: bool = False,
    details: bool = True,
) -> Assessment:
    """``assess`` of answers exactly as ``parse_answers`` returns them, not checked again
    (batch mode has just parsed them: checking costs a fifth of an assessment).

    ``details=False`` leaves out what only a reader of the advice or of the unsure warning
    signs needs (both empty): a batch asking for neither (``--fields``) skips their cost.
    Triage, red flags, rules and causes are always whole."""
    made = plan(pack)
    full = _complete(made, answers)
    # Each outcome is looked up by the answers it reads (engine.plan), in the order the
    # result lists them: red flags and rules most urgent first, the pack's order among equals.
    flags: list[FiredRedFlag] = []
    unsure: list[UnsureRedFlag] = []
    for key, table, outcome, fired, unsure_of in made.flags:
        try:
            found = table[key(full)]
        except (KeyError, TypeError):
            found = outcome.miss(full)
        if found:
            if found == 1:
                flags.append(fired)
            elif details:
                unsure.append(unsure_of)
    causes: list[CauseScore] = []
    for key, table, outcome in made.causes:
        try:
            causes.append(table[key(full)])
        except (KeyError, TypeError):
            causes.append(outcome.miss(full))
    # sort() is stable, so equal scores keep the pack's written order: the stated tie rule.
    causes.sort(key=_SCORE, reverse=True)
    best = causes[0] if causes else None
    threshold = pack.info.likely_threshold
    likely = best if best is not None and best.score > 0 and best.score >= threshold else None
    likely_id = likely.id if likely is not None else None
    rules: list[FiredRule] = []
    # Written out here and for additional advice below: a shared helper measured 1-1.5 us
    # slower an assessment (19.2-20.6 against 18.2-19.8 us), on the batch's hot path.
    for key, table, outcome, reads_cause, rule in made.rules:
        try:
            holds = table[(likely_id, key(full)) if reads_cause else key(full)]
        except (KeyError, TypeError):
            holds = outcome.miss(full, likely_id)
        if holds:
            rules.append(rule)
    setters: list[FiredRedFlag | FiredRule] = [*flags, *rules]
    suppressed: set[str] = set()
    if details and made.suppress:
        leaves_out = made.suppress
        for setter in setters:
            if id(setter) in leaves_out:
                suppressed.update(leaves_out[id(setter)])
    if flags and rules:
        setters.sort(key=_URGENCY)  # stable: red flags before rules of the same level
    level = setters[0].level if setters else LEVELS[0]
    extras: list[int] = []
    if details:
        for number, (key, table, outcome, reads_cause) in enumerate(made.extras):
            try:
                holds = table[(likely_id, key(full)) if reads_cause else key(full)]
            except (KeyError, TypeError):
                holds = outcome.miss(full, likely_id)
            if holds:
                extras.append(number)
    which = tuple(extras)

    def advice(kind: str) -> tuple[CitedAdvice, ...]:
        if kind in suppressed or not details:
            return ()
        return made.advice(kind, likely_id, which, full)

    return Assessment(
        triage=Triage(level, tuple([s.id for s in setters])),
        red_flags=tuple(flags),
        triage_rules=tuple(rules),
        causes=tuple(causes),
        likely_cause=likely_id,
        immediate_relief=advice("relief"),
        prevention=advice("prevention"),
        see_professional=advice("see_professional"),
        answers=full,
        unanswered=tuple(filterfalse(answers.__contains__, made.ids)),
        disclaimer=pack.info.disclaimer,
        likely_threshold=threshold,
        stopped_early=stopped_early,
        unsure_red_flags=tuple(unsure),
        provenance=made.provenance,
    )


_SCORE = attrgetter("score")


def _URGENCY(setter: FiredRedFlag | FiredRule) -> int:
    return -RANK[setter.level]


def provenance(pack: RulePack) -> Provenance:
    """The pack's name, version and SHA-256 (hashed once, at load) and the engine's version."""
    return Provenance(pack.info.name, pack.info.version, pack.sha256, ENGINE_VERSION)


def _normalised(pack: RulePack, answers: Mapping[str, Answer]) -> Mapping[str, Answer]:
    """``answers`` if every one is already in normal form (the usual case, checked
    cheaply), else ``parse_answers(pack, answers)``."""
    index = pack.question_index
    if isinstance(answers, Mapping):
        for key, value in answers.items():
            question = index.get(key) if type(key) is str else None
            if question is None or not qtypes.for_question(question).is_normal(question, value):
                break
        else:
            return answers
    from .answers import parse_answers

    return parse_answers(pack, answers)


__all__ = [
    "ENGINE_VERSION",
    "applies",
    "assess",
    "assess_parsed",
    "complete",
    "is_asked",
    "provenance",
]
