"""A red flag of an earlier pack removed with `remove_red_flags`.

The warning sign is then no longer screened for, so a person who has it may be told to
manage at home. Removing one can be right (a pack for a setting where it is handled
elsewhere), so it is allowed, but always reported.

    remove_red_flags: [recent_injury]
"""

from __future__ import annotations

from collections.abc import Iterator

from spasmcheck.errors import Problem
from spasmcheck.pack.rulepack import RulePack

ID = "red-flag-removed"


def check(pack: RulePack) -> Iterator[Problem]:
    """The removals the loader noted while layering the packs."""
    return (p for p in pack.warnings if p.check == ID)
