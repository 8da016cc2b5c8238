"""Rule test cases: reading them with positions, running them, and coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from spasmcheck.pack import ruletests as rt
from spasmcheck.pack.loader import builtin_rules_dir, load_rules
from spasmcheck.pack.rulepack import RulePack

from .helpers import write_pack
from .rulekit import STATIN_QUESTION

RULES = (
    STATIN_QUESTION
    + """\
causes:
  - id: statin_side_effect
    name: A side effect of a statin
    description: Statins can cause muscle pain and cramps.
    evidence:
      - when: {question: takes_statins, is: yes}
        weight: 3
"""
)


def run(tmp_path: Path, cases: str) -> tuple[list[rt.Result], list]:
    folder = write_pack(tmp_path / "p", RULES, "format: 1\ncases:\n" + cases)
    pack = load_rules(folder)
    found, problems = rt.load_cases([folder])
    problems += rt.reference_problems(pack, found)
    return [rt.run_case(pack, c) for c in found], problems


def case(answers: str, expect: str, name: str = "c") -> str:
    return f"  - name: {name}\n    answers: {answers}\n    expect: {expect}\n"


@pytest.mark.parametrize(
    ("answers", "expect", "failures"),
    [
        ("{takes_statins: yes}", "{likely_cause: statin_side_effect}", []),
        (
            "{takes_statins: yes}",
            "{likely_cause: null}",
            ["likely_cause: expected null (none), got statin_side_effect"],
        ),
        ("{}", "{likely_cause: null, triage: self_care}", []),
        ("{takes_statins: yes}", "{triage: urgent}", ["triage: expected urgent, got self_care"]),
        ("{recent_injury: yes}", "{red_flags: [recent_injury]}", []),
        (
            "{recent_injury: no}",
            "{red_flags: [recent_injury]}",
            ["red_flags: expected recent_injury to fire; fired: none"],
        ),
        (
            "{recent_injury: yes}",
            "{no_red_flags: [recent_injury]}",
            ["no_red_flags: recent_injury fired"],
        ),
        (
            "{takes_statins: yes, radiating_pain: yes}",
            "{top_causes: [pinched_nerve, statin_side_effect]}",
            [],
        ),  # a tie: written order
        (
            "{radiating_pain: yes}",
            "{top_causes: [statin_side_effect]}",
            ["top_causes: expected statin_side_effect, got pinched_nerve"],
        ),
        (
            "{takes_statins: maybe}",
            "{triage: self_care}",
            [
                "answers: invalid value for takes_statins: 'maybe'; "
                "allowed: yes/y/true/1, no/n/false/0 or unknown"
            ],
        ),
    ],
)
def test_one_case(tmp_path: Path, answers: str, expect: str, failures: list[str]) -> None:
    [result], problems = run(tmp_path, case(answers, expect))
    assert problems == []
    assert list(result.failures) == failures


@pytest.mark.parametrize(
    ("cases", "position", "words"),
    [
        (case("{}", "{}"), (5, 13), "expect needs at least one of triage"),
        (case("{}", "{triage: critical}"), (5, 22), "triage must be one of"),
        (
            case("{}", "{likely: null}"),
            (5, 14),
            "unknown key 'likely' in expect (did you mean 'likely_cause'?)",
        ),
        ("  - name: c\n    answers: {}\n", (3, 5), "missing the required key 'expect'"),
        (case("[a]", "{triage: urgent}"), (4, 14), "answers must be a mapping"),
        (
            case("{}", "{red_flags: [recent_injry]}"),
            (3, 5),
            "unknown red flag 'recent_injry' (did you mean 'recent_injury'?)",
        ),
        (case("{}", "{likely_cause: statin}"), (3, 5), "unknown cause 'statin'"),
        (case("{}", "{triage: urgent}") * 2, (6, 5), "case name 'c' is used twice"),
    ],
)
def test_bad_cases_point_at_their_line(
    tmp_path: Path, cases: str, position: tuple[int, int], words: str
) -> None:
    _, problems = run(tmp_path, cases)
    assert len(problems) == 1, problems
    assert (problems[0].line, problems[0].column) == position
    assert words in problems[0].message


def test_test_file_needs_format_and_cases(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", RULES, "cases: {}\n")
    _, problems = rt.load_cases([folder])
    assert [p.message for p in problems] == [
        "a rule test file needs 'format: 1'",
        "a rule test file needs 'cases:', a list of cases",
    ]


def test_coverage_of_a_pack_under_test(tmp_path: Path) -> None:
    results, _ = run(tmp_path, case("{}", "{triage: self_care}"))
    pack = load_rules(tmp_path / "p")
    missing, total = rt.coverage(pack, results, pack.layers[1].files)
    assert total == 2
    assert [(m.kind, m.ident) for m in missing] == [
        ("cause", "statin_side_effect"),
        ("evidence", "statin_side_effect #1"),
    ]


def test_builtin_cases_pass_and_cover_everything(pack: RulePack) -> None:
    cases, problems = rt.load_cases([builtin_rules_dir()])
    assert problems + rt.reference_problems(pack, cases) == []
    assert len(cases) >= 30
    results = [rt.run_case(pack, c) for c in cases]
    assert [(r.case.name, r.failures) for r in results if not r.passed] == []
    missing, _ = rt.coverage(pack, results)
    assert missing == []


def test_case_files_are_only_under_tests_folders(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", RULES, "format: 1\ncases: []\n")
    (folder / "more.yaml").write_text("format: 1\n")
    assert rt.case_files(folder) == [folder / "tests" / "cases.yaml"]
