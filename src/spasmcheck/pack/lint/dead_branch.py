"""An item of an `any:` that no answers can make true: it can never matter.

The rest of the condition still works, but the dead item is almost always a mistake
(a typo'd range, two answers to one question) that hides what the author meant.

    when: {any: [{question: cold_water, is: yes},
                 {all: [{question: pain_score, above: 8}, {question: pain_score, below: 2}]}]}
"""

from __future__ import annotations

from collections.abc import Iterator

from spasmcheck.errors import Problem
from spasmcheck.pack.rulepack import RulePack

from .search import at, branches, conditions, satisfiable, short

ID = "dead-branch"


def check(pack: RulePack) -> Iterator[Problem]:
    """Dead ``any`` items of live conditions (a dead condition is dead-condition's to report)."""
    for owner, condition in conditions(pack):
        if satisfiable(pack, condition) is False:
            continue
        for branch in branches(condition):
            if satisfiable(pack, branch) is False:
                yield at(
                    branch.pos,
                    f"in {owner}, this 'any' item can never be true ({short(branch)})",
                    "warning",
                    ID,
                )
