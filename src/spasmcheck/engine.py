"""The assessment: pure functions from a rule pack and answers to a result.

Order of precedence, which is the safety argument of the tool:
1. red flags: a triggered warning sign sets at least its level, whatever else is true;
2. triage rules (e.g. daily cramps need a doctor), which may read the likely cause;
3. causes, ranked by transparent scores; ties go to the cause written first in the pack.
"""

from __future__ import annotations

from collections.abc import Mapping

from .compiled import compiled
from .conditions import questions_in
from .model import (
    UNKNOWN,
    Answer,
    Assessment,
    CauseScore,
    EvidenceItem,
    FiredRedFlag,
    Question,
    RulePack,
    Triage,
    urgency,
)


def complete(pack: RulePack, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """Every question of the pack with its answer, ``unknown`` where none was given."""
    return {q.id: answers.get(q.id, UNKNOWN) for q in pack.questions}


def fired_red_flags(pack: RulePack, answers: Mapping[str, Answer]) -> list[FiredRedFlag]:
    """Triggered warning signs, most urgent first (written order among equals)."""
    fired = [
        FiredRedFlag(r.id, r.level, r.title, r.advice, pack.sources[r.source])
        for r in pack.red_flags
        if r.when.test(answers) is True
    ]
    return sorted(fired, key=lambda f: -urgency(f.level))


def score_causes(pack: RulePack, answers: Mapping[str, Answer]) -> list[CauseScore]:
    """Every cause with its score and the evidence that moved it, best first."""
    scored = []
    for cause in pack.causes:
        items = []
        for evidence in cause.evidence:
            if evidence.when.test(answers) is True:
                read = {q: answers.get(q, UNKNOWN) for q in questions_in(evidence.when)}
                first = next(iter(read), "")
                items.append(
                    EvidenceItem(
                        first, read.get(first, UNKNOWN), evidence.weight, evidence.because, read
                    )
                )
        scored.append(CauseScore(cause.id, cause.name, sum(i.weight for i in items), tuple(items)))
    # sorted() is stable, so equal scores keep the pack's written order: the stated tie rule.
    return sorted(scored, key=lambda c: -c.score)


def pick_likely(pack: RulePack, ranked: list[CauseScore]) -> str | None:
    """The top cause, if its evidence reaches the pack's threshold; otherwise nothing."""
    if ranked and ranked[0].score > 0 and ranked[0].score >= pack.info.likely_threshold:
        return ranked[0].id
    return None


def assess(
    pack: RulePack, answers: Mapping[str, Answer], *, stopped_early: bool = False
) -> Assessment:
    """Assess normalised answers (see ``spasmcheck.parse_answers``) against a pack.

    The rules are evaluated by the pack's compiled form (``spasmcheck.compiled``), built
    once per pack, so assessing many answers with one pack stays cheap.
    """
    cp = compiled(pack)
    full = cp.complete(answers)
    outcome = cp.evaluate(full)
    causes = []
    for index, score, counted in outcome.causes:
        c = cp.causes[index]
        items = []
        for j in counted:
            e = c.evidence[j]
            read = {q: full.get(q, UNKNOWN) for q in e.questions}
            items.append(
                EvidenceItem(e.first, read.get(e.first, UNKNOWN), e.weight, e.because, read)
            )
        causes.append(CauseScore(c.cause.id, c.cause.name, score, tuple(items)))
    advice = cp.general_advice if outcome.likely is None else cp.cause_advice[outcome.likely]
    return Assessment(
        triage=Triage(outcome.level, outcome.reasons),
        red_flags=tuple(cp.red_flags[i][0] for i in outcome.red_flags),
        triage_rules=tuple(cp.rules[i][0] for i in outcome.rules),
        causes=tuple(causes),
        likely_cause=None if outcome.likely is None else causes[0].id,
        immediate_relief=advice[0],
        prevention=advice[1],
        see_professional=advice[2],
        answers=full,
        unanswered=tuple(q for q in cp.question_ids if q not in answers),
        disclaimer=pack.info.disclaimer,
        likely_threshold=pack.info.likely_threshold,
        stopped_early=stopped_early,
    )


def emergency(pack: RulePack, answers: Mapping[str, Answer]) -> bool:
    """Whether an emergency warning sign is already triggered: the interview stops here."""
    full = complete(pack, answers)
    return any(r.level == "emergency" and r.when.test(full) is True for r in pack.red_flags)


def is_asked(question: Question, answers: Mapping[str, Answer]) -> bool | None:
    """True if the question applies, False if it cannot, None while that is not yet known."""
    if question.ask_if is None:
        return True
    return question.ask_if.test(answers)


def next_question(pack: RulePack, answers: Mapping[str, Answer]) -> Question | None:
    """The next question to ask, or ``None`` when done (or an emergency stops the interview).

    ``answers`` holds what is known so far; ``unknown`` counts as answered ("don't know").
    """
    if emergency(pack, answers):
        return None
    for question in pack.questions:
        if question.id not in answers and is_asked(question, answers) is True:
            return question
    return None


def remaining_at_most(pack: RulePack, answers: Mapping[str, Answer]) -> int:
    """How many questions may still be asked: the honest bound for "4 of at most 11"."""
    return sum(
        1 for q in pack.questions if q.id not in answers and is_asked(q, answers) is not False
    )
