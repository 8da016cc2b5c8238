"""``spasmcheck rules diff``: what a rule change does to triage, under-triage first."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from spasmcheck import load_rules, review
from spasmcheck.pack.loader import builtin_rules_dir

from .helpers import MINI_PACK, invoke, write_pack

CASES = """\
format: 1
cases:
  - name: danger alone
    answers: {danger: yes}
    expect: {triage: emergency}
  - name: sore
    answers: {sore: yes, tired: no}
    expect: {likely_cause: alpha}
"""
LOWERED = MINI_PACK.replace("    level: emergency", "    level: urgent")
RAISED = MINI_PACK.replace(
    "    when: {question: how_often, is: daily}\n    level: see_doctor",
    "    when: {question: how_often, is: daily}\n    level: urgent",
)
REWEIGHED = MINI_PACK.replace("weight: 2, because: sore points to alpha", "weight: 0.5")


def _packs(tmp_path: Path, new: str, old: str = MINI_PACK) -> tuple[Path, Path]:
    return (
        write_pack(tmp_path / "old", {"pack.yaml": old}, tests=CASES),
        write_pack(tmp_path / "new", {"pack.yaml": new}),
    )


def _diff(*args: str | Path) -> tuple[int, str, str]:
    result = invoke("rules", "diff", *map(str, args), "--count", "200")
    return result.exit_code, result.stdout, result.stderr


def test_the_same_pack_changes_nothing(tmp_path: Path) -> None:
    old, new = _packs(tmp_path, MINI_PACK)
    code, out, err = _diff(old, new)
    assert code == 0, err
    assert ", 0 changed, 0 under-triaged by NEW" in out
    assert "UNDER-TRIAGE" not in out


def test_a_lowered_red_flag_exits_1_and_is_listed_first(tmp_path: Path) -> None:
    reweighed = LOWERED.replace("weight: 2, because: sore points to alpha", "weight: 0.5")
    old, new = _packs(tmp_path, reweighed)
    code, out, err = _diff(old, new, "--all")
    assert code == 1
    blocks = out.split("\n\n")[1:]
    assert blocks[0].startswith("UNDER-TRIAGE: emergency -> urgent  [case 'danger alone'")
    kinds = [b.split(":")[0] for b in blocks]
    assert kinds == sorted(kinds, key=lambda k: k != "UNDER-TRIAGE")  # all under-triage first
    assert "changed" in kinds  # the reweighed evidence changed a cause, listed after
    assert "under-triaged by NEW" in err


def test_json_for_tools(tmp_path: Path) -> None:
    old, new = _packs(tmp_path, LOWERED)
    code, out, _ = _diff(old, new, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["old"]["sha256"] == load_rules(old, builtin=False).sha256
    assert data["under_triage"] == sum(c["kind"] == "under_triage" for c in data["changes"]) > 0
    first = data["changes"][0]
    assert first["kind"] == "under_triage"
    assert first["old"] == {"level": "emergency", "likely_cause": None, "red_flags": ["danger"]}
    assert first["new"]["level"] == "urgent"
    assert first["answers"] == {"danger": "yes"}


def test_more_urgent_or_a_new_cause_is_listed_but_passes(tmp_path: Path) -> None:
    old, new = _packs(tmp_path, RAISED)
    code, out, _ = _diff(old, new)
    assert code == 0
    assert "over-triage: see_doctor -> urgent" in out
    old, new = _packs(tmp_path / "w", REWEIGHED)
    code, out, _ = _diff(old, new)
    assert code == 0
    assert "likely cause: alpha -> " in out


def test_answers_one_pack_lacks_are_left_unknown_there_and_said(tmp_path: Path) -> None:
    extra = MINI_PACK.replace(
        "red_flags:\n",
        "  - id: fainted\n    text: Fainted?\n    type: yes_no\n    screening: true\n"
        "    help: Fainting matters.\n"
        "red_flags:\n  - id: fainted\n    when: {question: fainted, is: yes}\n"
        "    level: emergency\n    title: Fainted\n    advice: Call for help.\n"
        "    source: src\n",
    )
    old, new = _packs(tmp_path, extra)
    code, out, _ = _diff(old, new)
    assert code == 0
    assert "not in OLD, left unknown there: fainted" in out


def test_the_builtin_pack_by_name_against_an_edited_copy(tmp_path: Path) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), copy)
    signs = copy / "warning_signs.yaml"
    text = signs.read_text()
    start = text.index("id: saddle_numbness\n    when:")
    at = text.index("level: emergency", start)
    signs.write_text(text[:at] + "level: see_doctor" + text[at + len("level: emergency") :])
    result = invoke("rules", "diff", "builtin", str(copy), "--count", "20", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    first = data["changes"][0]
    assert (first["kind"], first["old"]["level"]) == ("under_triage", "emergency")
    alone = next(c for c in data["changes"] if c["answers"] == {"saddle_numbness": "yes"})
    assert (alone["kind"], alone["new"]["level"]) == ("under_triage", "see_doctor")


def test_generated_answer_sets_are_deterministic(tmp_path: Path) -> None:
    pack = load_rules(write_pack(tmp_path / "p", {"pack.yaml": MINI_PACK}), builtin=False)
    values = review.space(pack)
    assert values["pain"][1] == [0, 10, "unknown"]
    first = list(review.generated(values, 30, seed=1))
    assert first == list(review.generated(values, 30, seed=1))
    assert first != list(review.generated(values, 30, seed=2))
    singles = list(review.single_signs(values))
    assert review.AnswerSet("sign danger=yes", {"danger": "yes"}) in singles


def test_bad_input(tmp_path: Path) -> None:
    old, _ = _packs(tmp_path, MINI_PACK)
    code, _, err = _diff(old, tmp_path / "missing")
    assert code == 2
    assert "rules folder not found" in err
    broken = write_pack(
        tmp_path / "broken", {"pack.yaml": MINI_PACK.replace("level: emergency", "level: soon")}
    )
    code, _, err = _diff(old, broken)
    assert code == 3
    bad_tests = write_pack(tmp_path / "bt", {"pack.yaml": MINI_PACK}, tests="cases: 3\n")
    code, _, err = _diff(old, bad_tests)
    assert code == 2
    assert "fix the rule tests first" in err
    assert "Traceback" not in err
    assert invoke("rules", "diff", str(old), str(old), "--count", "-1").exit_code == 2
