"""A red flag or triage rule replaced (`replace: true`) with a less urgent level.

Someone with that warning sign or pattern is then sent to a less urgent kind of care
than the earlier pack said. Allowed, but always reported.

    red_flags:
      - id: recent_injury
        replace: true
        level: see_doctor      # was urgent
"""

from __future__ import annotations

from collections.abc import Iterator

from spasmcheck.errors import Problem
from spasmcheck.pack.rulepack import RulePack

ID = "red-flag-lowered"


def check(pack: RulePack) -> Iterator[Problem]:
    """The lowerings the loader noted while layering the packs."""
    return (p for p in pack.warnings if p.check == ID)
