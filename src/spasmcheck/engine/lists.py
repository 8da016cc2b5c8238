"""Grouped lists: several yes/no questions asked as one step, "Do any of these apply?".

There are two kinds, asked by the same step. The warning signs are built in: one list
per level (the signs that mean "call 999", then "see a doctor today"), and every sign is
always asked. A pack adds its own lists (``lists:``, each member naming it with
``list:``) for questions most people answer "no" to but that must be answered before
saying "self-care": pregnancy, water tablets, walking pain. A pack list is shown only
when at least two of its members are open, askable now and still able to change the
result (``relevance``); otherwise its members are asked alone, as any question.

"No" to a list answers each question on it "no", so the answers, the JSON and the rule
tests read exactly as if each had been asked; "yes" or "don't know" asks each one in turn.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import cast

from spasmcheck.pack.conditions import Answer, questions_in
from spasmcheck.pack.levels import Level, urgency
from spasmcheck.pack.model import Question
from spasmcheck.pack.rulepack import RulePack

from .assess import is_asked
from .relevance import outlook, waits

WARNING = "warning_signs:"
"""The key of a warning-sign list is this and its level (``warning_signs:urgent``); a
pack list's key is its id, which cannot hold a colon."""


def screening_level(pack: RulePack, question: Question) -> Level:
    """The list a warning-sign question goes in: the level of its own red flag (the one
    with its id), else the most urgent red flag that reads it. (Tingling with spasms is
    urgent on its own, even though after neck surgery it is an emergency.)"""
    own = next((r.level for r in pack.red_flags if r.id == question.id), None)
    if own is not None:
        return own
    levels = [r.level for r in pack.red_flags if question.id in questions_in(r.when)]
    return max(levels, key=urgency, default="urgent")


def list_key(pack: RulePack, question: Question) -> str | None:
    """The list a question is asked in, or ``None`` for a question asked alone."""
    if question.screening:
        return WARNING + screening_level(pack, question)
    return question.list


def warning_level(key: str) -> Level | None:
    """The level of a warning-sign list's signs; ``None`` for a pack list."""
    return cast(Level, key.removeprefix(WARNING)) if key.startswith(WARNING) else None


def _members(pack: RulePack, key: str) -> list[Question]:
    return [q for q in pack.questions if not q.checklist and list_key(pack, q) == key]


def pending(pack: RulePack, answers: Mapping[str, Answer], key: str) -> tuple[Question, ...]:
    """The questions a list shows now, in asking order: unanswered ones whose ``ask_if``
    holds; for a pack list, only those whose answer can still change the result."""
    members = [q for q in _members(pack, key) if q.id not in answers]
    asked = [q for q in members if is_asked(q, answers) is True]
    if warning_level(key) is not None:
        return tuple(asked)
    look = outlook(pack, answers)
    return tuple(q for q in asked if q.id in look.relevant and not waits(q, look))


def lists_to_show(
    pack: RulePack, answers: Mapping[str, Answer], shown: Collection[str], *, grouped: bool = True
) -> int:
    """How many lists may still be shown, each one step more than its questions (the
    counter's bound): those not ``shown`` yet with two or more members that may still be
    asked (any still-open sign; a pack list's still-relevant members). ``grouped=False``
    counts only the warning-sign lists."""
    look = outlook(pack, answers)
    count: dict[str, int] = {}
    for q in pack.questions:
        key = None if q.checklist or q.id in answers else list_key(pack, q)
        if key is None or key in shown:
            continue
        if warning_level(key) is not None:
            if is_asked(q, answers) is False:
                continue
        elif not grouped or q.id not in look.open or q.id not in look.relevant:
            continue
        count[key] = count.get(key, 0) + 1
    return sum(1 for n in count.values() if n >= 2)


__all__ = ["WARNING", "list_key", "lists_to_show", "pending", "screening_level", "warning_level"]
