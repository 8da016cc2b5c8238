"""The clinical diff as text for a reviewer, or as JSON for a tool (CI, a review bot).

Text: a summary line, then each under-triaged answer set in full, marked
``UNDER-TRIAGE`` (never cut short), then the other changes, at most ``limit`` of them.
"""

from __future__ import annotations

from typing import Any

from spasmcheck.pack.conditions import UNKNOWN
from spasmcheck.pack.rulepack import RulePack

from .diff import UNDER, Change, Diff, Outcome

MARK = {UNDER: "UNDER-TRIAGE", "over_triage": "over-triage", "changed": "changed"}


def to_dict(result: Diff, old: RulePack, new: RulePack) -> dict[str, Any]:
    """The JSON object: both packs' provenance, counts, and every change."""
    return {
        "old": old.stamp(),
        "new": new.stamp(),
        "answer_sets": result.checked,
        "under_triage": result.under_triaged,
        "changes": [
            {
                "kind": c.kind,
                "origin": c.origin,
                "answers": _given(c),
                "old": c.old._asdict(),
                "new": c.new._asdict(),
                "ignored_by_old": list(c.ignored_by_old),
                "ignored_by_new": list(c.ignored_by_new),
            }
            for c in result.changes
        ],
    }


def to_text(result: Diff, old: RulePack, new: RulePack, *, limit: int | None = 50) -> str:
    """The report for people: under-triage first and all of it, then up to ``limit`` more."""
    count = len(result.changes)
    lines = [
        f"OLD: {_name(old)}",
        f"NEW: {_name(new)}",
        f"{result.checked} answer sets, {count} changed, "
        f"{result.under_triaged} under-triaged by NEW",
    ]
    shown = 0
    for change in result.changes:
        if change.kind != UNDER and limit is not None and shown >= limit:
            lines += ["", f"... and {count - result.under_triaged - shown} more (--all)"]
            break
        if change.kind != UNDER:
            shown += 1
        lines += ["", *_change_lines(change)]
    return "\n".join(lines) + "\n"


def _name(pack: RulePack) -> str:
    return f"{pack.info.name} {pack.info.version} (sha256 {pack.sha256[:12]})"


def _change_lines(change: Change) -> list[str]:
    old, new = change.old, change.new
    head = (
        f"{MARK[change.kind]}: {old.level} -> {new.level}"
        if old.level != new.level
        else (f"{MARK[change.kind]}: {old.level}")
    )
    lines = [f"{head}  [{change.origin}]"]
    if old.likely_cause != new.likely_cause:
        lines.append(f"  likely cause: {_cause(old)} -> {_cause(new)}")
    lost = [f"-{f}" for f in old.red_flags if f not in new.red_flags]
    gained = [f"+{f}" for f in new.red_flags if f not in old.red_flags]
    if lost or gained:
        lines.append(f"  red flags: {' '.join([*lost, *gained])}")
    given = _given(change)
    said = " ".join(f"{k}={v}" for k, v in given.items() if v != "no")
    noes = sum(1 for v in given.values() if v == "no")
    if noes:
        said += f" (and {noes} answered no)" if said else f"{noes} answered no"
    lines.append(f"  answers: {said or 'none (all unknown)'}")
    for side, ignored in (("OLD", change.ignored_by_old), ("NEW", change.ignored_by_new)):
        if ignored:
            lines.append(f"  not in {side}, left unknown there: {', '.join(ignored)}")
    return lines


def _cause(outcome: Outcome) -> str:
    return outcome.likely_cause or "none"


def _given(change: Change) -> dict[str, Any]:
    """The answers that say something: ``unknown`` is what a missing answer means anyway."""
    return {k: v for k, v in change.answers.items() if str(v).lower() != UNKNOWN}
