"""Print the built-in pack's results on its rule test cases as a Markdown table.

Usage: python scripts/case_report.py [CASE_FILE ...] [--failures]

Reads rule test cases (default: every rules/tests/*.yaml), assesses each with the library
as ``--no-input`` would (missing answers are unknown), and reports exact triage agreement,
under- and over-triage (overall and per expected level), top-cause agreement and the
emergency and urgent under-triage counts, which must be 0. Exits 1 when any emergency
or urgent case is under-triaged, so CI can run it as a check. Pure library use: no CLI, no Rich.
"""

from __future__ import annotations

import sys
from pathlib import Path

from spasmcheck import load_rules
from spasmcheck.pack.levels import LEVELS, urgency
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.pack.ruletests import Case, Result, read_cases, run_case

ROOT = Path(__file__).resolve().parents[1]


def load_cases(paths: list[Path]) -> list[Case]:
    """Every case of the given files, read as ``spasmcheck rules test`` reads them."""
    cases = []
    for path in paths:
        found, problems = read_cases(path)
        if problems:
            raise SystemExit("\n".join(str(p) for p in problems))
        cases += found
    return cases


def check(pack: RulePack, case: Case) -> Result:
    """Assess one case and compare every expectation it states (as ``rules test`` does)."""
    return run_case(pack, case)


def pct(part: int, whole: int) -> str:
    """``part/whole (NN%)``, or ``-`` when there is nothing to count."""
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "-"


def _triage(result: Result) -> str:
    assert result.assessment is not None, result.failures  # the answers could not be read
    return result.assessment.triage.level


def _likely(result: Result) -> str | None:
    assert result.assessment is not None, result.failures
    return result.assessment.likely_cause


def report(checked: list[Result]) -> str:
    """The Markdown table: triage agreement per expected level, then cause agreement."""
    rows = [
        "| expected triage | cases | exact | under-triage | over-triage |",
        "| --- | --- | --- | --- | --- |",
    ]
    totals = [0, 0, 0, 0]
    for level in reversed(LEVELS):
        group = [c for c in checked if c.case.expect.triage == level]
        exact = under = over = 0
        for c in group:
            diff = urgency(_triage(c)) - urgency(level)
            exact += diff == 0
            under += diff < 0
            over += diff > 0
        n = len(group)
        rows.append(f"| {level} | {n} | {pct(exact, n)} | {under} | {over} |")
        for i, v in enumerate((n, exact, under, over)):
            totals[i] += v
    n, exact, under, over = totals
    rows.append(f"| **all** | {n} | {pct(exact, n)} | {under} | {over} |")
    caused = [c for c in checked if c.case.expect.checks_likely]
    agree = sum(_likely(c) == c.case.expect.likely_cause for c in caused)
    named = [c for c in caused if c.case.expect.likely_cause is not None]
    agree_named = sum(_likely(c) == c.case.expect.likely_cause for c in named)
    passed = sum(c.passed for c in checked)
    lines = [
        "\n".join(rows),
        "",
        "| measure | result |",
        "| --- | --- |",
        f"| cases | {len(checked)} |",
        f"| every expectation met | {pct(passed, len(checked))} |",
        f"| top-cause agreement (`null` included) | {pct(agree, len(caused))} |",
        f"| top-cause agreement where a cause is expected | {pct(agree_named, len(named))} |",
        f"| emergency cases under-triaged (must be 0) | {under_triaged(checked, 'emergency')} |",
        f"| urgent cases under-triaged (must be 0) | {under_triaged(checked, 'urgent')} |",
    ]
    return "\n".join(lines)


def under_triaged(checked: list[Result], level: str) -> int:
    """How many cases that expect ``level`` were triaged lower (must be 0)."""
    return sum(
        c.case.expect.triage == level and urgency(_triage(c)) < urgency(level) for c in checked
    )


def main(argv: list[str]) -> int:
    """Print the report; 1 when an emergency or urgent case is under-triaged."""
    show_failures = "--failures" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")]
    paths = paths or sorted((ROOT / "rules" / "tests").glob("*.yaml"))
    pack = load_rules()
    cases = load_cases(paths)
    checked = [check(pack, case) for case in cases]
    print(report(checked))
    if show_failures:
        for c in checked:
            for problem in c.failures:
                print(f"FAIL {c.case.pos}: {c.case.name}: {problem}", file=sys.stderr)
    return 1 if under_triaged(checked, "emergency") or under_triaged(checked, "urgent") else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
