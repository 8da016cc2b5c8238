"""A condition that no answers can make true: the rule it belongs to can never fire.

It usually needs two different answers to the same question at once, or a number
outside the question's range. A red flag whose condition is dead never warns anyone,
so this is an error.

    when: {all: [{question: cold_water, is: yes}, {question: cold_water, is: no}]}
"""

from __future__ import annotations

from collections.abc import Iterator

from spasmcheck.errors import Problem
from spasmcheck.pack.rulepack import RulePack

from .search import at, conditions, satisfiable, short

ID = "dead-condition"


def check(pack: RulePack) -> Iterator[Problem]:
    """Every top-level condition that is never true (one too big to search is skipped)."""
    for owner, condition in conditions(pack):
        if satisfiable(pack, condition) is False:
            yield at(
                condition.pos,
                f"the condition of {owner} can never be true "
                f"({short(condition)}): no answers satisfy it",
                "error",
                ID,
            )
