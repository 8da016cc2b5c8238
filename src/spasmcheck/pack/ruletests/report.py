"""Reporting rule test results: failures with their evidence, and what no case covers.

The text ``spasmcheck rules test`` prints (``report``, and ``coverage_report`` with
``--coverage``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spasmcheck.pack.position import Pos
from spasmcheck.pack.rulepack import RulePack

from .cases import pack_folder
from .run import Result, list_text, none_text

if TYPE_CHECKING:
    from spasmcheck.engine.result import Assessment


def evidence_lines(result: Assessment, limit: int = 3) -> list[str]:
    """The outcome and why, for a failure report."""
    lines = [f"triage {result.triage.level} because of: {list_text(result.triage.reasons)}"]
    for cause in result.causes[:limit]:
        items = (
            ", ".join(f"{e.question}={e.answer} {e.weight:+g}" for e in cause.evidence)
            or "no evidence"
        )
        lines.append(f"cause {cause.id}: score {cause.score:g} ({items})")
    lines.append(f"likely cause: {none_text(result.likely_cause)}")
    return lines


@dataclass(frozen=True, slots=True)
class Uncovered:
    """A definition no case exercises: its kind, id and where it is written."""

    kind: str
    ident: str
    pos: Pos


def coverage(
    pack: RulePack, results: Sequence[Result], files: Iterable[str] | None = None
) -> tuple[list[Uncovered], int]:
    """What no case exercises, and how many things there are to exercise.

    A red flag or triage rule is exercised when it fires in some case, an evidence entry
    when its condition holds, a cause when some case names it likely. With ``files``,
    only definitions written in those files count (the packs under test).
    """
    mine = None if files is None else set(files)
    done = [r.assessment for r in results if r.assessment is not None]
    fired_flags = {f.id for a in done for f in a.red_flags}
    fired_rules = {r.id for a in done for r in a.triage_rules}
    likely = {a.likely_cause for a in done}
    # (kind, label, position, exercised?) for every definition of the packs under test
    checks: list[tuple[str, str, Pos, bool]] = []
    for flag in pack.red_flags:
        checks.append(("red flag", flag.id, flag.pos, flag.id in fired_flags))
    for cause in pack.causes:
        checks.append(("cause", cause.id, cause.pos, cause.id in likely))
        for n, e in enumerate(cause.evidence, 1):
            held = any(e.when.test(a.answers) is True for a in done)
            checks.append(("evidence", f"{cause.id} #{n}", e.pos, held))
    for rule in pack.triage_rules:
        checks.append(("triage rule", rule.id, rule.pos, rule.id in fired_rules))
    counted = [c for c in checks if mine is None or c[2].path in mine]
    missing = [Uncovered(kind, ident, pos) for kind, ident, pos, hit in counted if not hit]
    total = len(counted)
    return missing, total


def report(results: Sequence[Result]) -> list[str]:
    """What ``rules test`` prints: each failure with where, what and why, then the count."""
    out = []
    for result in results:
        if result.passed:
            continue
        out.append(f"{result.case.pos}: FAIL {result.case.name}")
        out += [f"    {line}" for line in result.failures]
        if result.assessment is not None:
            out += [f"    | {line}" for line in evidence_lines(result.assessment)]
    failed = sum(1 for r in results if not r.passed)
    out.append(f"{len(results) - failed} passed, {failed} failed")
    return out


def coverage_report(
    pack: RulePack, results: Sequence[Result], tested: Sequence[Path] | None = None
) -> list[str]:
    """What ``rules test --coverage`` adds; with ``tested`` folders, only their definitions."""
    files = None
    if tested:
        labels = {str(pack_folder(p)) for p in tested}
        files = [f for layer in pack.layers if layer.label in labels for f in layer.files]
    missing, total = coverage(pack, results, files)
    return [
        f"coverage: {total - len(missing)} of {total} exercised",
        *(f"{m.pos}: not covered: {m.kind} {m.ident}" for m in missing),
    ]
