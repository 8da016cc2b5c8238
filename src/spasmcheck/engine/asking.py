"""Which question comes next, and when to stop: what the interview asks of the engine.

Questions are asked in the pack's written order (``first`` ones, then the warning signs,
then the rest), and a question is skipped when its answer can no longer change the
result: ``relevance.outlook`` works that out. ``first`` and warning-sign questions are
always asked, whatever the rest would say.
"""

from __future__ import annotations

from collections.abc import Mapping

from spasmcheck.pack.conditions import Answer
from spasmcheck.pack.model import Question
from spasmcheck.pack.rulepack import RulePack

from .assess import complete, is_asked
from .relevance import outlook, waits


def emergency(pack: RulePack, answers: Mapping[str, Answer]) -> bool:
    """Whether an emergency warning sign is already triggered: the interview stops here."""
    full = complete(pack, answers)
    return any(r.level == "emergency" and r.when.test(full, None) is True for r in pack.red_flags)


def _always(question: Question) -> bool:
    """Asked whatever the other answers say: age and the like, and every warning sign."""
    return question.first or question.screening


def _askable(pack: RulePack, answers: Mapping[str, Answer]) -> list[Question]:
    """Unanswered questions whose ``ask_if`` holds now, in asking order."""
    return [
        q
        for q in pack.questions
        if not q.checklist and q.id not in answers and is_asked(q, answers) is True
    ]


def next_question(pack: RulePack, answers: Mapping[str, Answer]) -> Question | None:
    """The next question to ask, or ``None`` when done (or an emergency stops the interview).

    ``answers`` holds what is known so far; ``unknown`` counts as answered ("don't know").
    A question whose answer could no longer change the result is not asked; with
    ``--no-input`` it stays unknown, exactly as if the person had skipped it.
    """
    if emergency(pack, answers):
        return None
    askable = _askable(pack, answers)
    if not askable:
        return None
    if _always(askable[0]):
        return askable[0]
    look = outlook(pack, answers)
    for question in askable:
        if question.id in look.relevant and not waits(question, look):
            return question
    # Not reached while ``ask_if`` conditions form no loop: an undecided result always has a
    # relevant question to ask. Should it happen, asking is the safe side.
    return None if look.settled else askable[0]


def next_in_order(pack: RulePack, answers: Mapping[str, Answer]) -> Question | None:
    """The whole questionnaire: the next question whose ``ask_if`` holds, in order,
    skipping none (the interview before issue #15). The yardstick that
    tests/test_relevance.py and scripts/interview_length.py hold ``next_question`` to."""
    if emergency(pack, answers):
        return None
    askable = _askable(pack, answers)
    return askable[0] if askable else None


def remaining_at_most(pack: RulePack, answers: Mapping[str, Answer]) -> int:
    """How many questions may still be asked: the honest bound for "4 of at most 11".

    Every open ``first`` and warning-sign question, and every open question whose answer
    could still change the result. It never grows as answers come in: an answer only
    narrows what the open questions could change.
    """
    look = outlook(pack, answers)
    index = pack.question_index
    return sum(1 for q in look.open if q in look.relevant or _always(index[q]))


def questions_left(pack: RulePack, answers: Mapping[str, Answer]) -> bool:
    """Whether any question could still be asked at all, relevant or not (for "stopped
    early": an emergency ended the interview before the questions ran out)."""
    return any(
        not q.checklist and q.id not in answers and is_asked(q, answers) is not False
        for q in pack.questions
    )
