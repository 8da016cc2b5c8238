"""Layering rule files into one pack: later layers add, and replace or remove only on request.

A typo must never silently shadow a red flag, so reusing an id is an error unless the
new definition says ``replace: true``; removing a red flag needs ``remove_red_flags``
and is always reported as a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spasmcheck.errors import Problem, did_you_mean

from .levels import urgency
from .model import RuleFile
from .position import Pos

KEYED = {
    "source": "sources",
    "question": "questions",
    "red flag": "red_flags",
    "cause": "causes",
    "triage rule": "triage_rules",
    "additional advice": "additional_advice",
    "list": "lists",
}
SINGLE = {"pack": "pack metadata ('pack:')", "general_advice": "general advice"}


class Merger:
    """Adds layer after layer: new ids add, ``replace: true`` replaces, anything else clashes.

    Replacing keeps the earlier definition's place, so a replaced question is asked
    where the original was.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.items: dict[str, dict[str, Any]] = {kind: {} for kind in KEYED}
        self.singles: dict[str, Any] = dict.fromkeys(SINGLE)
        self.warnings: list[Problem] = []

    def error(self, pos: Pos, message: str) -> None:
        """Record a problem that stops the pack."""
        self.problems.append(Problem.at(pos, message))

    def warn(self, pos: Pos, message: str, check: str) -> None:
        """Record a warning of ``check``: the pack loads, ``rules validate`` reports it."""
        self.warnings.append(Problem.at(pos, message, "warning", check))

    def layer(self, index: int, files: Sequence[RuleFile]) -> None:
        """Add one layer's files on top of the layers before it."""
        earlier = {kind: dict(items) for kind, items in self.items.items()}
        for file in files:
            places = file.removal_pos or (file.pos,) * len(file.remove_red_flags)
            for flag_id, place in zip(file.remove_red_flags, places, strict=True):
                self.remove_red_flag(flag_id, place, earlier["red flag"])
        for kind, attr in KEYED.items():
            here: dict[str, Any] = {}
            for file in files:
                for item in getattr(file, attr):
                    self.add(kind, item, here, earlier[kind])
        for attr, what in SINGLE.items():
            found = [getattr(f, attr) for f in files if getattr(f, attr) is not None]
            for extra in found[1:]:
                self.error(extra.pos, f"{what} is given twice (first at {found[0].pos})")
            if not found:
                continue
            item, before = found[0], self.singles[attr]
            if before is not None and not item.replace:
                self.error(
                    item.pos,
                    f"{what} is already given at {before.pos}; "
                    "write 'replace: true' in it to replace it",
                )
            elif before is None and item.replace and index > 0:
                self.error(item.pos, f"'replace: true', but no earlier pack has {what}")
            else:
                self.singles[attr] = item

    def add(self, kind: str, item: Any, here: dict[str, Any], earlier: dict[str, Any]) -> None:
        """Add one definition, replacing an earlier one only when it says ``replace``."""
        items = self.items[kind]
        if item.id in here:
            self.error(
                item.pos, f"{kind} {item.id!r} is defined twice (first at {here[item.id].pos})"
            )
            return
        here[item.id] = item
        before = earlier.get(item.id)
        if before is None:
            if item.replace:
                hint = did_you_mean(item.id, earlier)
                self.error(
                    item.pos,
                    f"{kind} {item.id!r} says 'replace: true', but no earlier pack "
                    f"defines it{hint}",
                )
                return
            items[item.id] = item
            return
        if not item.replace:
            self.error(
                item.pos,
                f"{kind} {item.id!r} is defined twice (first at {before.pos}); to replace "
                "that definition write 'replace: true' in this one, or pick a new id",
            )
            return
        items[item.id] = item
        if kind in ("red flag", "triage rule") and urgency(item.level) < urgency(before.level):
            self.warn(
                item.pos,
                f"{kind} {item.id!r} is lowered from {before.level} to {item.level} "
                f"(it was defined at {before.pos})",
                "red-flag-lowered",
            )

    def remove_red_flag(self, flag_id: str, pos: Pos, earlier: dict[str, Any]) -> None:
        """Switch off a red flag of an earlier layer (always reported as a warning)."""
        flag = earlier.get(flag_id)
        if flag is None:
            hint = did_you_mean(flag_id, earlier)
            self.error(pos, f"remove_red_flags: no earlier pack has red flag {flag_id!r}{hint}")
            return
        self.items["red flag"].pop(flag_id, None)
        self.warn(
            pos,
            f"red flag {flag_id!r} ({flag.level}, defined at {flag.pos}) is removed: "
            "the warning sign will no longer be checked",
            "red-flag-removed",
        )
