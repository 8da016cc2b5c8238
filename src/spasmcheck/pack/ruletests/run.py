"""Running rule test cases: assess each case's answers and compare with what it expects.

Each case is assessed as ``assess --no-input`` would (missing answers are unknown); a
failure is one line per difference, and keeps the assessment so a report can say why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spasmcheck.errors import Problem, SpasmcheckError, did_you_mean
from spasmcheck.pack.rulepack import RulePack

from .cases import Case, Expect

if TYPE_CHECKING:
    from spasmcheck.engine.result import Assessment


@dataclass(frozen=True, slots=True)
class Result:
    """One case's outcome: ``failures`` is empty when it passed."""

    case: Case
    failures: tuple[str, ...]
    assessment: Assessment | None = None

    @property
    def passed(self) -> bool:
        """Whether the case met every expectation."""
        return not self.failures


def reference_problems(pack: RulePack, cases: Sequence[Case]) -> list[Problem]:
    """Ids in ``expect`` that the pack does not have: a typo there would pass silently."""
    flags = {r.id for r in pack.red_flags}
    causes = {c.id for c in pack.causes}
    problems = []
    for case in cases:
        e = case.expect
        wanted = [(i, flags, "red flag") for i in (*e.red_flags, *e.no_red_flags)]
        wanted += [(i, causes, "cause") for i in e.top_causes]
        if e.likely_cause is not None:
            wanted.append((e.likely_cause, causes, "cause"))
        for ident, known, kind in wanted:
            if ident not in known:
                p = case.pos
                problems.append(
                    Problem(
                        p.path,
                        p.line,
                        p.column,
                        f"case {case.name!r}: unknown {kind} {ident!r}{did_you_mean(ident, known)}",
                    )
                )
    return problems


def run_case(pack: RulePack, case: Case) -> Result:
    """Assess the case's answers and compare with what it expects."""
    from spasmcheck.engine import assess
    from spasmcheck.engine.answers import parse_answers

    try:
        answers = parse_answers(pack, case.answers, where="answers")
    except SpasmcheckError as error:
        return Result(case, (str(error),))
    result = assess(pack, answers)
    return Result(case, tuple(compare(case.expect, result)), result)


def compare(expect: Expect, result: Assessment) -> list[str]:
    """What differs between the expected and the actual outcome, one line each."""
    failures = []
    if expect.triage is not None and result.triage.level != expect.triage:
        failures.append(f"triage: expected {expect.triage}, got {result.triage.level}")
    if expect.checks_likely and result.likely_cause != expect.likely_cause:
        wanted_cause = none_text(expect.likely_cause)
        failures.append(
            f"likely_cause: expected {wanted_cause}, got {none_text(result.likely_cause)}"
        )
    fired = [f.id for f in result.red_flags]
    missing = [i for i in expect.red_flags if i not in fired]
    if missing:
        wanted = ", ".join(missing)
        failures.append(f"red_flags: expected {wanted} to fire; fired: {list_text(fired)}")
    unwanted = [i for i in expect.no_red_flags if i in fired]
    if unwanted:
        failures.append(f"no_red_flags: {', '.join(unwanted)} fired")
    shown = [a.text.lower() for a in (*result.immediate_relief, *result.prevention)]
    shown += [a.text.lower() for a in result.see_professional]
    absent = [w for w in expect.advice_includes if not any(w.lower() in t for t in shown)]
    if absent:
        failures.append(f"advice_includes: no advice shown mentions {', '.join(absent)}")
    present = [w for w in expect.advice_excludes if any(w.lower() in t for t in shown)]
    if present:
        failures.append(f"advice_excludes: advice shown mentions {', '.join(present)}")
    if expect.top_causes:
        got = [c.id for c in result.causes[: len(expect.top_causes)]]
        if got != list(expect.top_causes):
            failures.append(
                f"top_causes: expected {', '.join(expect.top_causes)}, got {', '.join(got)}"
            )
    return failures


def none_text(value: str | None) -> str:
    """An id, or ``null (none)`` for no id, for failure lines."""
    return "null (none)" if value is None else value


def list_text(items: Sequence[str]) -> str:
    """Ids separated by commas, or ``none``, for failure lines."""
    return ", ".join(items) if items else "none"
