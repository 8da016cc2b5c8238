"""A cause that can never be named the likely cause, whatever the answers.

Either none of its evidence that can be true has a positive weight, or all of it
together scores below the pack's `likely_threshold`. Its advice is then never shown
and no triage rule on `likely_cause` for it can fire.

    likely_threshold: 3
    causes:
      - id: cold
        evidence:
          - when: {question: cold_water, is: yes}
            weight: 1          # at most 1: never named
"""

from __future__ import annotations

from collections.abc import Iterator

from spasmcheck.errors import Problem
from spasmcheck.pack.rulepack import RulePack

from .search import at, satisfiable

ID = "cause-never-named"


def check(pack: RulePack) -> Iterator[Problem]:
    """Each cause whose best possible score is not enough to name it."""
    threshold = pack.info.likely_threshold
    for cause in pack.causes:
        live = [e for e in cause.evidence if satisfiable(pack, e.when) is not False]
        best = sum(e.weight for e in live if e.weight > 0)
        if not any(e.weight > 0 for e in live):
            yield at(
                cause.pos,
                f"cause {cause.id!r} has no positive evidence: it can never be named likely",
                "warning",
                ID,
            )
        elif best < threshold:
            yield at(
                cause.pos,
                f"cause {cause.id!r} can score at most {best:g}, below the pack's "
                f"likely_threshold of {threshold:g}: it can never be named likely",
                "warning",
                ID,
            )
