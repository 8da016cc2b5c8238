"""The checks of ``rules validate`` beyond loading: dead conditions, unused questions, ..."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from spasmcheck.cli import app
from spasmcheck.pack.lint import CHECKS, lint, satisfiable
from spasmcheck.pack.rulepack import RulePack

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


SAFETY = "likely-cause-only-safety"


def test_the_builtin_pack_is_clean(pack: RulePack) -> None:
    # The built-in triage rules on likely_cause alone are being rewritten (issue #9); until
    # then they are the one check allowed to warn about the built-in pack.
    assert lint(pack, disable=[SAFETY]) == []
    assert {(p.check, p.severity) for p in lint(pack)} <= {(SAFETY, "warning")}


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        # needs two different answers to the same question at once
        (
            "{all: [{question: cold_water, is: yes}, {question: cold_water, is: no}]}",
            [(18, 15, "dead-condition", "can never be true")],
        ),
        (
            "{all: [{question: pain_score, above: 7}, {question: pain_score, below: 3}]}",
            [(18, 15, "dead-condition")],
        ),
        ("{question: pain_score, above: 10}", [(18, 26, "dead-condition")]),
        ("{question: pain_score, at_least: 10}", []),
        ("{all: [{question: cold_water, is: yes}, {question: pain_score, at_most: 2}]}", []),
        # unknown under not stays unknown: never true, never false
        (
            "{all: [{question: cold_water, unknown: true}, {question: cold_water, is: yes}]}",
            [(18, 15, "dead-condition")],
        ),
    ],
)
def test_dead_condition(tmp_path: Path, when: str, expected: list) -> None:
    from .rulekit import problems_of, write_pack

    folder = write_pack(tmp_path / "p", pack_with(when))
    found = [
        (p.line, p.column, p.check) for p in problems_of(folder) if p.check == "dead-condition"
    ]
    assert found == [e[:3] for e in expected]


def test_dead_branch(tmp_path: Path) -> None:
    when = (
        "{any: [{question: cold_water, is: yes}, "
        "{all: [{question: pain_score, above: 8}, {question: pain_score, below: 2}]}]}"
    )
    check(tmp_path / "p", pack_with(when), (18, 55, "dead-branch", "'any' item can never be true"))


def test_unused_question_and_cause_never_named(tmp_path: Path) -> None:
    check(
        tmp_path / "p",
        pack_with("{question: cold_water, is: yes}", weight=1),
        (7, 5, "unused-question", "'pain_score' is not used"),
        (14, 5, "cause-never-named", "can score at most 1, below the pack's likely_threshold of 3"),
    )


def test_cause_never_named_without_positive_evidence_and_zero_weight(tmp_path: Path) -> None:
    check(
        tmp_path / "p",
        Q.replace(
            "  - id: pain_score", "  - id: pain_score\n    ask_if: {question: cold_water, is: yes}"
        )
        + CAUSE.format(when="{question: pain_score, at_least: 5}", weight=-2)
        + "      - when: {question: cold_water, is: yes}\n        weight: 0\n",
        (15, 5, "cause-never-named", "no positive evidence"),
        (21, 9, "zero-weight", "weight 0"),
    )


def test_unreachable_question(tmp_path: Path) -> None:
    rules = Q.replace(
        "    type: scale\n",
        "    type: scale\n    ask_if: {all: [{question: cold_water, is: yes}, "
        "{question: cold_water, is: no}]}\n",
    ) + CAUSE.format(when="{question: pain_score, at_least: 5}", weight=3)
    check(
        tmp_path / "p",
        rules,
        (7, 5, "unreachable-question", "'pain_score' can never be asked"),
        (10, 13, "dead-condition", "ask_if of question 'pain_score' can never be true"),
    )


def test_red_flag_removed(tmp_path: Path) -> None:
    check(
        tmp_path / "p",
        "format: 1\nremove_red_flags: [recent_injury]\n",
        (2, 20, "red-flag-removed", "'recent_injury' (urgent, defined at"),
    )


def test_red_flag_lowered(tmp_path: Path) -> None:
    check(
        tmp_path / "p",
        "format: 1\nred_flags:\n  - id: recent_injury\n    replace: true\n"
        "    when: {question: recent_injury, is: yes}\n    level: see_doctor\n"
        "    title: t\n    advice: a\n    source: nhs_back_pain\n",
        (3, 5, "red-flag-lowered", "is lowered from urgent to see_doctor"),
    )


TRIAGE = """\
triage_rules:
  - id: cold_needs_care
    when: {when}
    level: see_doctor
    reason: Cold cramps.
    source: nhs_back_pain
"""


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("{likely_cause: cold}", [(24, 11, SAFETY, "fires only when 'cold' is the likely")]),
        # the answers must be able to fire it with no cause named
        ("{all: [{likely_cause: cold}, {question: pain_score, above: 5}]}", [(24, 18, SAFETY)]),
        ("{any: [{likely_cause: cold}, {all: [{likely_cause: cold}]}]}", [(24, 18, SAFETY)]),
        ("{any: [{likely_cause: cold}, {question: pain_score, above: 5}]}", []),
        ("{not: {likely_cause: cold}}", []),
    ],
)
def test_likely_cause_only_safety(tmp_path: Path, when: str, expected: list) -> None:
    rules = (
        pack_with("{question: cold_water, is: yes}")
        + "      - when: {question: pain_score, above: 5}\n        weight: 1\n"
        + TRIAGE.format(when=when)
    )
    check(tmp_path / "p", rules, *expected)


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
    from spasmcheck.pack.conditions import AllOf, Compare

    ids = [q.id for q in pack.questions if q.type == "yes_no"][:12]
    huge = AllOf(tuple(Compare(i, "is", "yes") for i in ids))
    assert satisfiable(pack, huge) is None


def test_every_builtin_condition_is_searched_exactly(pack: RulePack) -> None:
    """Lint's work is bounded by ``MAX_COMBINATIONS`` per condition, and the built-in pack
    stays within it: every condition is searched in full, none given up on (what a timing
    test would have guarded, without timing anything)."""
    from spasmcheck.pack.lint.search import branches, conditions

    for owner, condition in conditions(pack):
        assert satisfiable(pack, condition) is not None, owner
        for branch in branches(condition):
            assert satisfiable(pack, branch) is not None, owner


# --- the registry and `rules validate` --------------------------------------------------


def test_every_check_module_is_registered_with_an_id_and_documentation() -> None:
    import pkgutil

    import spasmcheck.pack.lint as package

    modules = {m.name for m in pkgutil.iter_modules(package.__path__)} - {"search"}
    assert len(modules) == len(CHECKS)
    for check_ in CHECKS.values():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", check_.id)
        first = check_.doc.split("\n\n")[0]
        assert first.endswith("."), check_.id
        assert len(first.splitlines()) == 1, check_.id
        assert any(line.startswith("    ") for line in check_.doc.splitlines()), check_.id


def test_every_check_is_in_the_rule_authors_table() -> None:
    """The table's rows are generated from the checks: `| `id` | first line of its doc |`."""
    page = Path(__file__).resolve().parents[1] / "docs" / "rule-authors.md"
    rows = [f"| `{c.id}` | {c.summary} |" for c in CHECKS.values()]
    assert [row for row in rows if row not in page.read_text(encoding="utf-8").splitlines()] == []


def validate(*args: str) -> Result:
    return CliRunner().invoke(app, ["rules", "validate", *args])


def weak_pack(tmp_path: Path) -> Path:
    from .rulekit import write_pack

    return write_pack(tmp_path / "p", pack_with("{question: cold_water, is: yes}", weight=1))


def test_text_names_the_check(tmp_path: Path) -> None:
    folder = weak_pack(tmp_path)
    result = validate(str(folder), "--disable", SAFETY)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{folder / 'rules.yaml'}:7:5: warning: question 'pain_score' is not used: no red flag, "
        "evidence, triage rule or ask_if reads it [unused-question]",
        f"{folder / 'rules.yaml'}:14:5: warning: cause 'cold' can score at most 1, below the "
        "pack's likely_threshold of 3: it can never be named likely [cause-never-named]",
    ]


def test_disable_switches_checks_off_and_is_repeatable(tmp_path: Path) -> None:
    folder = str(weak_pack(tmp_path))
    args = ("--disable", SAFETY, "--disable", "unused-question", "--format", "json")
    data = json.loads(validate(folder, *args).stdout)
    assert [p["check"] for p in data["problems"]] == ["cause-never-named"]
    assert data["warnings"] == 1
    off = validate(folder, *args, "--disable", "cause-never-named", "--strict")
    assert off.exit_code == 0
    assert off.stderr.endswith("0 error(s), 0 warning(s)\n")


def test_disable_applies_when_the_pack_does_not_load(tmp_path: Path) -> None:
    from .rulekit import write_pack

    folder = write_pack(
        tmp_path / "p",
        "format: 1\nremove_red_flags: [recent_injury]\nred_flags:\n  - id: x\n"
        "    when: {question: nope, is: yes}\n    level: urgent\n    title: t\n"
        "    advice: a\n    source: nhs_back_pain\n",
    )
    checks = [
        p["check"] for p in json.loads(validate(str(folder), "-f", "json").stdout)["problems"]
    ]
    assert checks == ["red-flag-removed", None]
    disabled = validate(str(folder), "-f", "json", "--disable", "red-flag-removed")
    assert [p["check"] for p in json.loads(disabled.stdout)["problems"]] == [None]


def test_json_gives_the_check_id(tmp_path: Path) -> None:
    data = json.loads(validate(str(weak_pack(tmp_path)), "--format", "json").stdout)
    assert {p["check"] for p in data["problems"]} == {"unused-question", "cause-never-named"}


def test_list_checks() -> None:
    result = validate("--list-checks")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(CHECKS)
    assert lines[-1] == (
        "likely-cause-only-safety  A triage rule that can fire only through `likely_cause`, "
        "never on the answers."
    )


def test_an_unknown_check_id_is_a_usage_error() -> None:
    result = validate("--disable", "dead-conditon")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "spasmcheck: no check 'dead-conditon' (did you mean 'dead-condition'?); "
        "see: spasmcheck rules validate --list-checks\n"
    )


def test_load_errors_come_in_the_order_packs_are_layered(tmp_path: Path) -> None:
    from .rulekit import write_pack

    bad = "format: 1\nquestions:\n  - id: {}\n    text: t\n    help: h\n"
    zz = write_pack(tmp_path / "zz", bad.format("zz"))
    aa = write_pack(tmp_path / "aa", bad.format("aa"))
    result = validate(str(zz), str(aa))
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        str(zz / "rules.yaml"),
        str(aa / "rules.yaml"),
    ]


def test_advice_and_only_if_conditions_are_checked_and_count_as_reading(tmp_path: Path) -> None:
    # pain_score is read only by an avoid_if: not unused; a dead only_if is dead-condition's
    rules = (
        pack_with("{question: cold_water, is: yes}")
        + "    only_if: {all: [{question: cold_water, is: yes}, {question: cold_water, is: no}]}\n"
        + "    relief:\n      - text: Warm it.\n        source: nhs_leg_cramps\n"
        + "        avoid_if: {question: pain_score, above: 8}\n"
    )
    check(tmp_path / "p", rules, (20, 14, "dead-condition", "only_if of cause 'cold'"))
