"""Named checks of a loaded pack: rules that load fine but cannot do what their author meant.

The loader refuses what cannot be used (unknown ids, bad levels, missing sources). The
checks here find what can be used but is dead or unsafe. Each is a module, in the manner
of yamllint's rules: an `ID`, a docstring that is its user documentation (shown by
`rules validate --list-checks` and in docs/rule-authors.md), and `check(pack)` yielding
problems that carry the id, so `--disable ID` can switch it off.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType

from spasmcheck.errors import Problem, UsageError, did_you_mean
from spasmcheck.pack.rulepack import RulePack

from . import (
    cause_never_named,
    dead_branch,
    dead_condition,
    likely_cause_only,
    red_flag_lowered,
    red_flag_removed,
    unknown_code_system,
    unreachable_question,
    unused_question,
    zero_weight,
)
from .search import MAX_COMBINATIONS, satisfiable

__all__ = ["CHECKS", "MAX_COMBINATIONS", "Check", "lint", "satisfiable", "summary"]


@dataclass(frozen=True, slots=True)
class Check:
    """One named check: its id, its documentation and the function that runs it."""

    id: str
    doc: str
    run: Callable[[RulePack], Iterator[Problem]]

    @classmethod
    def of(cls, module: ModuleType) -> Check:
        """The check a module defines: its ``ID``, docstring and ``check``."""
        return cls(module.ID, (module.__doc__ or "").strip(), module.check)

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.splitlines()[0] if self.doc else ""


_MODULES = (
    red_flag_removed,
    red_flag_lowered,
    dead_condition,
    dead_branch,
    unreachable_question,
    unused_question,
    zero_weight,
    cause_never_named,
    unknown_code_system,
    likely_cause_only,
)
CHECKS: dict[str, Check] = {m.ID: Check.of(m) for m in _MODULES}
"""Every check, by id, in the order they run."""


def known(disable: Iterable[str]) -> frozenset[str]:
    """The ids to disable; `UsageError` with the closest id for one that does not exist."""
    ids = frozenset(disable)
    unknown = sorted(ids - CHECKS.keys())
    if unknown:
        raise UsageError(
            f"no check {unknown[0]!r}{did_you_mean(unknown[0], CHECKS)}; "
            "see: spasmcheck rules validate --list-checks"
        )
    return ids


def lint(pack: RulePack, disable: Collection[str] = ()) -> list[Problem]:
    """Every finding of the checks not disabled, in file order."""
    off = known(disable)
    found = [p for c in CHECKS.values() if c.id not in off for p in c.run(pack)]
    # A loading warning no check owns is still reported, never silently dropped.
    found += [p for p in pack.warnings if p.check not in CHECKS]
    return in_file_order(found, pack.files)


def without(problems: Iterable[Problem], disable: Collection[str]) -> list[Problem]:
    """The problems no disabled check found (loading problems are never disabled)."""
    off = known(disable)
    return [p for p in problems if p.check not in off]


def in_file_order(problems: Iterable[Problem], files: Sequence[str]) -> list[Problem]:
    """Sorted as the files were read (packs in layer order), then by line and column."""
    order = {path: i for i, path in enumerate(files)}
    return sorted(problems, key=lambda p: (order.get(p.path, len(order)), p.path, p.line, p.column))


def summary(problems: list[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors
