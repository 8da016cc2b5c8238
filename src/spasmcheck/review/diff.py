"""The clinical diff: assess the same answers with an old and a new pack, keep what changed.

What counts is what a person would be told: the triage level, the likely cause and the
warning signs. NEW deciding a lower level than OLD for any answers is under-triage: the
one change a reviewer must never wave through, so it comes first and fails the command.

An answer one pack does not know (a question only the other pack asks, an option it
lacks) is left out for that pack, as ``assess --no-input`` leaves it unknown, and listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from spasmcheck.engine.assess import assess_parsed
from spasmcheck.errors import UsageError
from spasmcheck.pack.conditions import Answer
from spasmcheck.pack.levels import urgency
from spasmcheck.pack.qtypes import parse
from spasmcheck.pack.rulepack import RulePack

from .answer_sets import AnswerSet

UNDER = "under_triage"
OVER = "over_triage"
CHANGED = "changed"
_RANK = {UNDER: 0, OVER: 1, CHANGED: 2}


class Outcome(NamedTuple):
    """What a pack decided: level, likely cause, fired red flags (sorted)."""

    level: str
    likely_cause: str | None
    red_flags: tuple[str, ...]


class Change(NamedTuple):
    """One answer set the packs decide differently."""

    kind: str
    """``under_triage`` (NEW less urgent), ``over_triage`` (more urgent) or ``changed``
    (same level; the likely cause or the red flags differ)."""
    origin: str
    answers: Mapping[str, Any]
    old: Outcome
    new: Outcome
    ignored_by_old: tuple[str, ...] = ()
    ignored_by_new: tuple[str, ...] = ()


class Diff(NamedTuple):
    """Every change, under-triage first, and how many distinct answer sets were tried."""

    checked: int
    changes: list[Change]

    @property
    def under_triaged(self) -> int:
        """How many answer sets NEW triages lower than OLD."""
        return sum(1 for c in self.changes if c.kind == UNDER)


def outcome(
    pack: RulePack, answers: Mapping[str, Any]
) -> tuple[Outcome, dict[str, Answer], tuple[str, ...]]:
    """The pack's decision on the answers it can take, those answers in normal form, and
    the ids of those it cannot take."""
    usable: dict[str, Answer] = {}
    ignored: list[str] = []
    for question_id, value in answers.items():
        question = pack.question_index.get(question_id)
        try:
            if question is None:
                raise UsageError(question_id)
            usable[question_id] = parse(question, value)
        except UsageError:
            ignored.append(question_id)
    result = assess_parsed(pack, usable)
    flags = tuple(sorted(f.id for f in result.red_flags))
    return Outcome(result.triage.level, result.likely_cause, flags), usable, tuple(ignored)


def compare(old: RulePack, new: RulePack, answer_set: AnswerSet) -> Change | None:
    """The change between the packs' decisions on one answer set, or None if the same."""
    before, used_old, ignored_old = outcome(old, answer_set.answers)
    after, used_new, ignored_new = outcome(new, answer_set.answers)
    if before == after:
        return None
    # In normal form (a test case's YAML `true` reads `yes`), as the packs took them.
    shown = {q: used_new.get(q, used_old.get(q, v)) for q, v in answer_set.answers.items()}
    step = urgency(after.level) - urgency(before.level)
    kind = UNDER if step < 0 else OVER if step > 0 else CHANGED
    return Change(kind, answer_set.origin, shown, before, after, ignored_old, ignored_new)


def diff(old: RulePack, new: RulePack, answer_sets: Iterable[AnswerSet]) -> Diff:
    """Every answer set (each distinct one once) the packs decide differently, sorted:
    under-triage first, the largest drop first; then over-triage; then other changes."""
    seen: set[tuple[tuple[str, str], ...]] = set()
    changes: list[Change] = []
    for answer_set in answer_sets:
        key = tuple(sorted((k, repr(v)) for k, v in answer_set.answers.items()))
        if key in seen:
            continue
        seen.add(key)
        change = compare(old, new, answer_set)
        if change is not None:
            changes.append(change)

    def order(change: Change) -> tuple[int, int]:
        drop = urgency(change.old.level) - urgency(change.new.level)
        return _RANK[change.kind], -abs(drop)

    return Diff(len(seen), sorted(changes, key=order))


def case_sets(folders: Sequence[Path]) -> list[AnswerSet]:
    """The answers of every rule test case in the folders' ``tests/``, named by case.

    Raises ``UsageError`` for a test file that cannot be read: a diff that silently
    skipped a pack's own cases would look cleaner than it is."""
    from spasmcheck.pack.ruletests import load_cases

    sets: list[AnswerSet] = []
    for folder in folders:
        cases, problems = load_cases([folder])
        if problems:
            raise UsageError(f"{problems[0]}: fix the rule tests first (rules test)")
        sets += [AnswerSet(f"case {c.name!r} ({c.pos})", c.answers) for c in cases]
    return sets
