"""Which question comes next, and when to stop: what the interview asks of the engine."""

from __future__ import annotations

from collections.abc import Mapping

from spasmcheck.pack.conditions import Answer
from spasmcheck.pack.model import Question
from spasmcheck.pack.rulepack import RulePack

from .assess import complete, is_asked


def emergency(pack: RulePack, answers: Mapping[str, Answer]) -> bool:
    """Whether an emergency warning sign is already triggered: the interview stops here."""
    full = complete(pack, answers)
    return any(r.level == "emergency" and r.when.test(full, None) is True for r in pack.red_flags)


def next_question(pack: RulePack, answers: Mapping[str, Answer]) -> Question | None:
    """The next question to ask, or ``None`` when done (or an emergency stops the interview).

    ``answers`` holds what is known so far; ``unknown`` counts as answered ("don't know").
    """
    if emergency(pack, answers):
        return None
    for question in pack.questions:
        if question.checklist:
            continue  # the grouped checklist answers it; never asked on its own
        if question.id not in answers and is_asked(question, answers) is True:
            return question
    return None


def remaining_at_most(pack: RulePack, answers: Mapping[str, Answer]) -> int:
    """How many questions may still be asked: the honest bound for "4 of at most 11"."""
    return sum(
        1
        for q in pack.questions
        if not q.checklist and q.id not in answers and is_asked(q, answers) is not False
    )
