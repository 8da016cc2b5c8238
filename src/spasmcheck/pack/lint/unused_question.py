"""A question nothing reads: no red flag, evidence, triage rule or other `ask_if`.

The person is asked it and their answer changes nothing, which costs them time and
trust. It is often a question whose rule was removed or replaced.

    questions:
      - id: pain_score      # asked, but no condition mentions pain_score
"""

from __future__ import annotations

from collections.abc import Iterator

from spasmcheck.errors import Problem
from spasmcheck.pack.conditions import questions_in
from spasmcheck.pack.rulepack import RulePack

from .search import at, conditions

ID = "unused-question"


def check(pack: RulePack) -> Iterator[Problem]:
    """Each question read by no condition but its own ``ask_if``."""
    read: set[str] = set()
    for owner, condition in conditions(pack):
        read.update(q for q in questions_in(condition) if owner != f"ask_if of question {q!r}")
    for q in pack.questions:
        if q.id not in read:
            yield at(
                q.pos,
                f"question {q.id!r} is not used: no red flag, evidence, triage rule "
                "or ask_if reads it",
                "warning",
                ID,
            )
