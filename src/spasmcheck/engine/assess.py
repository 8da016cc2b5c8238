"""The assessment: a pure function from a rule pack and answers to a result.

Order of precedence, which is the safety argument of the tool:
1. red flags: a triggered warning sign sets at least its level, whatever else is true;
2. triage rules (e.g. daily cramps need a doctor), which may read the likely cause;
3. causes, ranked by transparent scores; ties go to the cause written first in the pack.
"""

from __future__ import annotations

from collections.abc import Mapping

from spasmcheck.pack.conditions import UNKNOWN, Answer, questions_in
from spasmcheck.pack.model import LEVELS, Advice, RulePack, urgency

from .result import (
    Assessment,
    CauseScore,
    CitedAdvice,
    EvidenceItem,
    FiredRedFlag,
    FiredRule,
    Triage,
)


def complete(pack: RulePack, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """Every question of the pack with its answer, ``unknown`` where none was given."""
    return {q.id: answers.get(q.id, UNKNOWN) for q in pack.questions}


def assess(
    pack: RulePack, answers: Mapping[str, Answer], *, stopped_early: bool = False
) -> Assessment:
    """Assess normalised answers (see ``spasmcheck.parse_answers``) against a pack."""
    full = complete(pack, answers)
    sources = pack.sources
    flags = [
        FiredRedFlag(r.id, r.level, r.title, r.advice, sources[r.source])
        for r in pack.red_flags
        if r.when.test(full, None) is True
    ]
    flags.sort(key=lambda f: -urgency(f.level))  # stable: written order among equals
    causes = _score(pack, full)
    best = causes[0] if causes else None
    threshold = pack.info.likely_threshold
    likely = best if best is not None and best.score > 0 and best.score >= threshold else None
    likely_id = likely.id if likely is not None else None
    rules = [
        FiredRule(r.id, r.level, r.reason, sources[r.source])
        for r in pack.triage_rules
        if r.when.test(full, likely_id) is True
    ]
    rules.sort(key=lambda r: -urgency(r.level))
    setters: list[FiredRedFlag | FiredRule] = sorted(
        [*flags, *rules], key=lambda s: -urgency(s.level)
    )
    level = setters[0].level if setters else LEVELS[0]
    holder = pack.general_advice if likely_id is None else pack.cause(likely_id)
    return Assessment(
        triage=Triage(level, tuple(s.id for s in setters)),
        red_flags=tuple(flags),
        triage_rules=tuple(rules),
        causes=tuple(causes),
        likely_cause=likely_id,
        immediate_relief=_cite(pack, holder.relief),
        prevention=_cite(pack, holder.prevention),
        see_professional=_cite(pack, holder.see_professional),
        answers=full,
        unanswered=tuple(q for q in full if q not in answers),
        disclaimer=pack.info.disclaimer,
        likely_threshold=threshold,
        stopped_early=stopped_early,
    )


def _score(pack: RulePack, full: Mapping[str, Answer]) -> list[CauseScore]:
    """Every cause with its score and the evidence that counted, best first."""
    scored = []
    for cause in pack.causes:
        items = []
        for evidence in cause.evidence:
            if evidence.when.test(full, None) is True:
                read = {q: full.get(q, UNKNOWN) for q in questions_in(evidence.when)}
                first = next(iter(read), "")
                items.append(
                    EvidenceItem(
                        first, read.get(first, UNKNOWN), evidence.weight, evidence.because, read
                    )
                )
        score: float = 0
        for item in items:
            score += item.weight
        scored.append(CauseScore(cause.id, cause.name, score, tuple(items)))
    # sorted() is stable, so equal scores keep the pack's written order: the stated tie rule.
    scored.sort(key=lambda c: -c.score)
    return scored


def _cite(pack: RulePack, advice: tuple[Advice, ...]) -> tuple[CitedAdvice, ...]:
    return tuple(CitedAdvice(a.text, pack.sources[a.source]) for a in advice)
