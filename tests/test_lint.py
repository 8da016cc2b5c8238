"""The checks of ``rules validate`` beyond loading: dead conditions, unused questions, ..."""

from __future__ import annotations

from pathlib import Path

import pytest

from spasmcheck import load_rules
from spasmcheck.lint import lint, satisfiable
from spasmcheck.model import RulePack

from .helpers import write_pack
from .rulekit import check

Q = """\
format: 1
questions:
  - id: cold_water
    text: In cold water?
    type: yes_no
    help: Cold.
  - id: pain_score
    text: How bad, 0 to 10?
    type: scale
    min: 0
    max: 10
    help: Pain.
"""

CAUSE = """\
causes:
  - id: cold
    name: Cold
    description: Cold muscles.
    evidence:
      - when: {when}
        weight: {weight}
"""


def pack_with(cause_when: str, weight: int = 3) -> str:
    return Q + CAUSE.format(when=cause_when, weight=weight)


def test_the_builtin_pack_is_clean(pack: RulePack) -> None:
    assert lint(pack) == []


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        # needs two different answers to the same question at once
        (
            "{all: [{question: cold_water, is: yes}, {question: cold_water, is: no}]}",
            [(18, 15, "error", "can never be true")],
        ),
        (
            "{all: [{question: pain_score, above: 7}, {question: pain_score, below: 3}]}",
            [(18, 15, "error", "can never be true")],
        ),
        ("{question: pain_score, above: 10}", [(18, 26, "error", "can never be true")]),
        ("{question: pain_score, at_least: 10}", []),
        ("{all: [{question: cold_water, is: yes}, {question: pain_score, at_most: 2}]}", []),
        # unknown under not stays unknown: never true, never false
        (
            "{all: [{question: cold_water, unknown: true}, {question: cold_water, is: yes}]}",
            [(18, 15, "error", "can never be true")],
        ),
    ],
)
def test_conditions_that_can_never_be_true(tmp_path: Path, when: str, expected: list) -> None:
    from .rulekit import mine, problems_of

    folder = write_pack(tmp_path / "p", pack_with(when))
    found = [p for p in mine(problems_of(folder), folder) if "never be true" in p[3]]
    assert [(line, col, sev) for line, col, sev, _ in found] == [e[:3] for e in expected]


def test_a_dead_branch_of_any_is_a_warning(tmp_path: Path) -> None:
    when = (
        "{any: [{question: cold_water, is: yes}, "
        "{all: [{question: pain_score, above: 8}, {question: pain_score, below: 2}]}]}"
    )
    check(tmp_path / "p", pack_with(when), (18, 55, "warning", "'any' item can never be true"))


def test_unused_question_and_weak_cause(tmp_path: Path) -> None:
    check(
        tmp_path / "p",
        pack_with("{question: cold_water, is: yes}", weight=1),
        (7, 5, "warning", "'pain_score' is not used"),
        (14, 5, "warning", "can score at most 1, below the pack's likely_threshold of 3"),
    )


def test_cause_with_no_positive_evidence(tmp_path: Path) -> None:
    check(
        tmp_path / "p",
        Q.replace(
            "  - id: pain_score", "  - id: pain_score\n    ask_if: {question: cold_water, is: yes}"
        )
        + CAUSE.format(when="{question: pain_score, at_least: 5}", weight=-2)
        + "      - when: {question: cold_water, is: yes}\n        weight: 0\n",
        (15, 5, "warning", "no positive evidence"),
        (21, 9, "warning", "weight 0"),
    )


def test_a_question_that_can_never_be_asked(tmp_path: Path) -> None:
    rules = Q.replace(
        "    type: scale\n",
        "    type: scale\n    ask_if: {all: [{question: cold_water, is: yes}, "
        "{question: cold_water, is: no}]}\n",
    ) + CAUSE.format(when="{question: pain_score, at_least: 5}", weight=3)
    check(
        tmp_path / "p",
        rules,
        (7, 5, "error", "'pain_score' can never be asked"),
        (10, 13, "error", "ask_if of question 'pain_score' can never be true"),
    )


@pytest.mark.parametrize(
    ("rules", "words"),
    [
        (
            "format: 1\nred_flags:\n  - id: x\n    when: {question: recent_injury, is: yes}\n"
            "    level: critical\n    title: t\n    advice: a\n    source: nhs_back_pain\n",
            "level must be one of emergency, urgent, see_doctor, self_care",
        ),
        (
            "format: 1\nred_flags:\n  - id: x\n    when: {question: recent_injury, is: yes}\n"
            "    level: urgent\n    title: t\n    advice: a\n",
            "missing the required key 'source'",
        ),
        (
            "format: 1\nred_flags:\n  - id: x\n    when: {question: recent_injury, is: yes}\n"
            "    level: urgent\n    title: t\n    advice: a\n    source: nhs_bak_pain\n",
            "unknown source 'nhs_bak_pain' (did you mean 'nhs_back_pain'?)",
        ),
    ],
)
def test_loader_errors_reach_validate_with_severity(tmp_path: Path, rules: str, words: str) -> None:
    from .rulekit import mine, problems_of

    found = mine(problems_of(write_pack(tmp_path / "p", rules)), tmp_path / "p")
    assert [p[2] for p in found] == ["error"]
    assert words in found[0][3]


def test_satisfiable_gives_up_on_huge_conditions(pack: RulePack) -> None:
    from spasmcheck.conditions import AllOf, Compare

    ids = [q.id for q in pack.questions if q.type == "yes_no"][:12]
    huge = AllOf(tuple(Compare(i, "is", "yes") for i in ids))
    assert satisfiable(pack, huge) is None


def test_lint_is_quick_on_the_builtin_pack() -> None:
    import time

    start = time.perf_counter()
    lint(load_rules())
    assert time.perf_counter() - start < 2
