"""Evidence with weight 0: it can never change a cause's score.

A weight says how much an answer points to (positive) or away from (negative) a cause.
Zero is usually a placeholder left behind; remove the evidence or give it a weight.

    evidence:
      - when: {question: cold_water, is: yes}
        weight: 0
"""

from __future__ import annotations

from collections.abc import Iterator

from spasmcheck.errors import Problem
from spasmcheck.pack.rulepack import RulePack

from .search import at

ID = "zero-weight"


def check(pack: RulePack) -> Iterator[Problem]:
    """Each piece of evidence whose weight is 0."""
    for cause in pack.causes:
        for e in cause.evidence:
            if e.weight == 0:
                yield at(e.pos, f"evidence of {cause.id!r} has weight 0", "warning", ID)
