"""Print the built-in pack's results on its rule test cases as a Markdown table.

Usage: python scripts/case_report.py [CASE_FILE ...] [--failures]

Reads rule test cases (default: every rules/tests/*.yaml), assesses each with the library
as ``--no-input`` would (missing answers are unknown), and reports exact triage agreement,
under- and over-triage (overall and per expected level), top-cause agreement and the
emergency under-triage count, which must be 0. Exits 1 when any emergency case is
under-triaged, so CI can run it as a check. Pure library use: no CLI, no Rich.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from spasmcheck import assess, load_rules, parse_answers
from spasmcheck.pack.model import LEVELS, RulePack, urgency

ROOT = Path(__file__).resolve().parents[1]


def load_cases(paths: list[Path]) -> list[tuple[str, dict[str, Any]]]:
    """Every case of the given files, with the file it came from."""
    cases = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        cases += [(path.name, case) for case in data.get("cases") or []]
    return cases


def check(pack: RulePack, case: dict[str, Any]) -> dict[str, Any]:
    """Assess one case and compare every expectation it states."""
    answers = parse_answers(pack, case.get("answers") or {}, where=case["name"])
    result = assess(pack, answers)
    expect = case["expect"]
    fired = {f.id for f in result.red_flags}
    problems = []
    if "triage" in expect and result.triage.level != expect["triage"]:
        problems.append(f"triage {result.triage.level}, expected {expect['triage']}")
    if "likely_cause" in expect and result.likely_cause != expect["likely_cause"]:
        problems.append(f"likely cause {result.likely_cause}, expected {expect['likely_cause']}")
    missing = set(expect.get("red_flags") or []) - fired
    if missing:
        problems.append(f"red flags not fired: {sorted(missing)}")
    unwanted = set(expect.get("no_red_flags") or []) & fired
    if unwanted:
        problems.append(f"red flags fired but should not: {sorted(unwanted)}")
    top = expect.get("top_causes")
    if top is not None:
        got = [c.id for c in result.causes[: len(top)]]
        if got != list(top):
            problems.append(f"top causes {got}, expected {list(top)}")
    return {"result": result, "expect": expect, "problems": problems}


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "-"


def report(checked: list[dict[str, Any]]) -> str:
    """The Markdown table: triage agreement per expected level, then cause agreement."""
    rows = [
        "| expected triage | cases | exact | under-triage | over-triage |",
        "| --- | --- | --- | --- | --- |",
    ]
    totals = [0, 0, 0, 0]
    for level in reversed(LEVELS):
        group = [c for c in checked if c["expect"].get("triage") == level]
        exact = under = over = 0
        for c in group:
            diff = urgency(c["result"].triage.level) - urgency(level)
            exact += diff == 0
            under += diff < 0
            over += diff > 0
        n = len(group)
        rows.append(f"| {level} | {n} | {pct(exact, n)} | {under} | {over} |")
        for i, v in enumerate((n, exact, under, over)):
            totals[i] += v
    n, exact, under, over = totals
    rows.append(f"| **all** | {n} | {pct(exact, n)} | {under} | {over} |")
    caused = [c for c in checked if "likely_cause" in c["expect"]]
    agree = sum(c["result"].likely_cause == c["expect"]["likely_cause"] for c in caused)
    named = [c for c in caused if c["expect"]["likely_cause"] is not None]
    agree_named = sum(c["result"].likely_cause == c["expect"]["likely_cause"] for c in named)
    passed = sum(not c["problems"] for c in checked)
    lines = [
        "\n".join(rows),
        "",
        "| measure | result |",
        "| --- | --- |",
        f"| cases | {len(checked)} |",
        f"| every expectation met | {pct(passed, len(checked))} |",
        f"| top-cause agreement (`null` included) | {pct(agree, len(caused))} |",
        f"| top-cause agreement where a cause is expected | {pct(agree_named, len(named))} |",
        f"| emergency cases under-triaged (must be 0) | {emergency_under(checked)} |",
    ]
    return "\n".join(lines)


def emergency_under(checked: list[dict[str, Any]]) -> int:
    return sum(
        c["expect"].get("triage") == "emergency" and c["result"].triage.level != "emergency"
        for c in checked
    )


def main(argv: list[str]) -> int:
    show_failures = "--failures" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")]
    paths = paths or sorted((ROOT / "rules" / "tests").glob("*.yaml"))
    pack = load_rules()
    cases = load_cases(paths)
    checked = [check(pack, case) | {"name": case["name"], "file": f} for f, case in cases]
    print(report(checked))
    if show_failures:
        for c in checked:
            for problem in c["problems"]:
                print(f"FAIL {c['file']}: {c['name']}: {problem}", file=sys.stderr)
    return 1 if emergency_under(checked) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
