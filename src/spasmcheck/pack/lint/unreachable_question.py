"""A question that can never be asked: its `ask_if` can never be true.

The `ask_if` may be dead on its own, or read a question that is itself never asked
(which stays "unknown"). Whatever reads the question's answer then only ever sees
"unknown", so this is an error.

    - id: pain_score
      ask_if: {all: [{question: cold_water, is: yes}, {question: cold_water, is: no}]}
"""

from __future__ import annotations

from collections.abc import Iterator

from spasmcheck.errors import Problem
from spasmcheck.pack.conditions import UNKNOWN, questions_in
from spasmcheck.pack.rulepack import RulePack

from .search import at, satisfiable, true_with

ID = "unreachable-question"


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
            can[q.id] = true_with(pack, q.ask_if, fixed)
        else:
            can[q.id] = satisfiable(pack, q.ask_if) is not False
    return can


def check(pack: RulePack) -> Iterator[Problem]:
    """Each question that no answers to the questions before it can bring up."""
    can = reachable(pack)
    for q in pack.questions:
        if not can[q.id]:
            yield at(
                q.pos,
                f"question {q.id!r} can never be asked: its ask_if can never be true",
                "error",
                ID,
            )
