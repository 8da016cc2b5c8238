"""A triage rule that can fire only through `likely_cause`, never on the answers.

The likely cause is whichever cause scores best, so it can change when the person adds
a worse sign: a sign that points to another cause more strongly takes the name away,
and the rule stops firing, so triage can drop although things got worse. The rule
should also fire on the answers themselves: put the signs that matter in an `any:`
beside the `likely_cause` test.

    triage_rules:
      - id: pinched_nerve_needs_professional
        when: {likely_cause: pinched_nerve}          # flagged
        # better: {any: [{likely_cause: pinched_nerve},
        #                {question: radiating_pain, is: yes}]}
"""

from __future__ import annotations

from collections.abc import Iterator

from spasmcheck.errors import Problem
from spasmcheck.pack.conditions import LikelyCause, leaves
from spasmcheck.pack.rulepack import RulePack

from .search import at, satisfiable

ID = "likely-cause-only-safety"


def check(pack: RulePack) -> Iterator[Problem]:
    """Each triage rule that can fire, but not with no likely cause named."""
    for rule in pack.triage_rules:
        named = [leaf for leaf in leaves(rule.when) if isinstance(leaf, LikelyCause)]
        if not named or satisfiable(pack, rule.when, causes=[None]) is not False:
            continue
        if satisfiable(pack, rule.when) is False:
            continue  # never true at all: dead-condition's to report
        causes = " or ".join(dict.fromkeys(repr(leaf.cause) for leaf in named))
        yield at(
            named[0].pos,
            f"triage rule {rule.id!r} fires only when {causes} is the likely "
            "cause, which can change when a worse sign is added: the rule should also "
            "fire on the answers themselves",
            "warning",
            ID,
        )
