"""Loader errors: every problem at once, as ``path:line:column: message``."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from yaml.nodes import Node

from spasmcheck import load_rules
from spasmcheck.errors import RulePackError, UsageError
from spasmcheck.pack import yamlsource
from spasmcheck.pack.loader import builtin_rules_dir

from .helpers import MINI_PACK, invoke, write_pack


def problems(tmp_path: Path, text: str, name: str = "pack.yaml") -> list[str]:
    """Load a pack made of ``text`` and return its problems, relative to ``tmp_path``."""
    write_pack(tmp_path, {name: text})
    with pytest.raises(RulePackError) as caught:
        load_rules(tmp_path, builtin=False)
    return [str(p).replace(f"{tmp_path}/", "") for p in caught.value.problems]


def edit(old: str, new: str) -> str:
    assert old in MINI_PACK, old
    return MINI_PACK.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_builtin_pack_loads() -> None:
    pack = load_rules()
    assert builtin_rules_dir().is_dir()
    assert {"dehydration", "muscle_fatigue", "electrolyte_imbalance", "pinched_nerve"} <= {
        c.id for c in pack.causes
    }


def test_a_loaded_pack_keeps_none_of_its_yaml_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """No node of the rule files read outlives the load, so a library user loading packs
    in a long-running process does not keep every file ever read (PyYAML's constructor
    remembered every node it built)."""
    read: list[weakref.ref[Node]] = []

    def compose(text: str, path: str) -> Node | None:
        root = compose_nodes(text, path)
        todo = [root] if root is not None else []
        while todo:  # every node of the file, by weak reference
            node = todo.pop()
            read.append(weakref.ref(node))
            if isinstance(node.value, list):
                todo += [
                    n for item in node.value for n in (item if isinstance(item, tuple) else (item,))
                ]
        return root

    compose_nodes = yamlsource.compose
    monkeypatch.setattr(yamlsource, "compose", compose)
    load_rules()
    assert len(read) > 1000
    if any(ref() is not None for ref in read):
        gc.collect()  # a cycle may hold some for a moment
    assert [ref() for ref in read if ref() is not None] == []


def test_mini_pack_loads(tmp_path: Path) -> None:
    pack = load_rules(write_pack(tmp_path, {"pack.yaml": MINI_PACK}), builtin=False)
    assert [q.id for q in pack.questions][:1] == ["danger"]  # screening first


def test_yaml_syntax_error_has_position(tmp_path: Path) -> None:
    found = problems(tmp_path, "format: 1\npack: [unclosed\n")
    assert len(found) == 1
    assert found[0].startswith("pack.yaml:3:1: invalid YAML")


def test_duplicate_key_in_one_mapping(tmp_path: Path) -> None:
    text = edit("    text: Is it sore?\n", "    text: Is it sore?\n    text: Is it sore again?\n")
    line = line_of(text, "Is it sore again?")
    assert f"pack.yaml:{line}:5: duplicate key 'text' (first at line {line - 1})" in problems(
        tmp_path, text
    )


def test_unknown_key_suggests_closest(tmp_path: Path) -> None:
    text = edit("    help: Soreness tells us things.", "    hepl: Soreness tells us things.")
    found = problems(tmp_path, text)
    line = line_of(text, "hepl:")
    assert f"pack.yaml:{line}:5: unknown key 'hepl' in question (did you mean 'help'?)" in found


def test_unknown_question_reference_suggests_closest(tmp_path: Path) -> None:
    text = edit("{question: tired, is: yes}, weight: -1", "{question: tierd, is: yes}, weight: -1")
    found = problems(tmp_path, text)
    assert any("unknown question 'tierd' (did you mean 'tired'?)" in p for p in found), found
    assert found[0].startswith(f"pack.yaml:{line_of(text, 'tierd')}:")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = edit("    help: Soreness tells us things.", "    hepl: x")
    text = text.replace("level: emergency", "level: critical")
    text = text.replace("source: src\ncauses", "source: nowhere\ncauses")
    found = problems(tmp_path, text)
    assert len(found) >= 2
    assert any("level must be one of emergency, urgent, see_doctor, self_care" in p for p in found)


def test_unquoted_yes_where_an_id_is_expected(tmp_path: Path) -> None:
    text = edit("      - {id: rarely, label: Rarely}", "      - {id: no, label: Rarely}")
    found = problems(tmp_path, text)
    assert any("YAML reads unquoted no as a boolean" in p for p in found), found


def test_unquoted_boolean_compared_with_a_choice(tmp_path: Path) -> None:
    text = edit("{question: how_often, is: daily}", "{question: how_often, is: no}")
    found = problems(tmp_path, text)
    assert any("quote the option of 'how_often'" in p for p in found), found


def test_value_not_an_option(tmp_path: Path) -> None:
    text = edit("{question: how_often, is: daily}", "{question: how_often, is: dialy}")
    found = problems(tmp_path, text)
    assert any("'dialy' is not an option of 'how_often'" in p and "'daily'" in p for p in found)


def test_number_out_of_range_and_numeric_test_on_yes_no(tmp_path: Path) -> None:
    text = edit(
        "{question: tired, is: yes}, weight: 2}",
        "{question: pain, above: 11}, weight: 2}\n"
        "      - {when: {question: tired, at_least: 2}, weight: 1}",
    )
    found = problems(tmp_path, text)
    assert any("11 is outside the range of 'pain'" in p for p in found), found
    assert any("at_least needs a scale or number question; 'tired' is yes_no" in p for p in found)


def test_ask_if_may_only_read_earlier_questions(tmp_path: Path) -> None:
    text = edit("ask_if: {question: sore, is: yes}", "ask_if: {question: pain, answered: true}")
    assert any("asked later" in p for p in problems(tmp_path, text))


def test_id_defined_twice_across_files(tmp_path: Path) -> None:
    extra = """\
    format: 1
    questions:
      - {id: sore, text: Sore again?, type: yes_no, help: Again.}
    """
    write_pack(tmp_path, {"more.yaml": extra})
    found = problems(tmp_path, MINI_PACK)
    # Files are read in name order, so the copy in pack.yaml is the second one.
    assert found == ["pack.yaml:15:5: question 'sore' is defined twice (first at more.yaml:3:5)"]


def test_missing_required_key(tmp_path: Path) -> None:
    text = edit("    help: Tiredness tells us things.\n", "")
    found = problems(tmp_path, text)
    assert any("question is missing the required key 'help'" in p for p in found)


def test_unknown_source(tmp_path: Path) -> None:
    text = edit(
        "relief: [{text: Rest beta., source: src}]", "relief: [{text: Rest beta., source: srcs}]"
    )
    assert any("unknown source 'srcs' (did you mean 'src'?)" in p for p in problems(tmp_path, text))


def test_newer_format_is_refused_whole(tmp_path: Path) -> None:
    found = problems(tmp_path, MINI_PACK.replace("format: 1", "format: 2\nfuture_section: {}"))
    assert found == [
        "pack.yaml:1:9: written for rule format 2; this spasmcheck reads format 1: "
        "upgrade spasmcheck to use it"
    ]


def test_likely_cause_only_in_triage_rules(tmp_path: Path) -> None:
    text = edit("when: {question: danger, is: yes}", "when: {likely_cause: alpha}")
    assert any(
        "likely_cause can only be tested in triage rules" in p for p in problems(tmp_path, text)
    )


def test_python_object_tags_are_refused(tmp_path: Path) -> None:
    text = edit("    text: Is it sore?", "    text: !!python/object/apply:os.system [echo hi]")
    assert any("is not allowed: rule files hold plain data" in p for p in problems(tmp_path, text))


def test_aliases_are_refused(tmp_path: Path) -> None:
    text = edit("    help: Soreness tells us things.", "    help: &h Soreness.\n    short: *h")
    assert any("aliases" in p for p in problems(tmp_path, text))


def test_empty_file(tmp_path: Path) -> None:
    assert problems(tmp_path, "") == [
        "pack.yaml:1:1: empty file: a rule file needs at least 'format: 1'"
    ]


def test_no_pack_metadata(tmp_path: Path) -> None:
    found = problems(tmp_path, "format: 1\nquestions: []\n")
    assert any("the pack has no pack metadata" in p for p in found)


def test_missing_folder_is_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="rules folder not found"):
        load_rules(tmp_path / "nope", builtin=False)


def test_empty_folder_is_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no rule files \(\*\.yaml\)"):
        load_rules(tmp_path, builtin=False)


def test_rule_tests_folder_is_not_read_as_rules(tmp_path: Path) -> None:
    write_pack(tmp_path, {"pack.yaml": MINI_PACK, "tests/cases.yaml": "format: 1\ncases: []\n"})
    assert load_rules(tmp_path, builtin=False).info.name == "mini"


def test_id_cannot_be_a_question_id(tmp_path: Path) -> None:
    """Batch records name themselves with ``id``: a question of that id would be skipped."""
    text = (
        "format: 1\nquestions:\n  - id: id\n    text: Which?\n    type: yes_no\n"
        "    help: A question named id.\n"
    )
    found = problems(tmp_path, text)
    assert any("'id' cannot be a question id" in p for p in found), found


def test_lowering_a_triage_rule_is_warned(tmp_path: Path) -> None:
    text = (
        "format: 1\ntriage_rules:\n  - id: daily_cramps\n    replace: true\n"
        "    when: {question: frequency, is: daily}\n    level: self_care\n"
        "    reason: Fine.\n    source: nhs_leg_cramps\n"
    )
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    warnings = [w.message for w in load_rules(tmp_path).warnings]
    assert any(
        "triage rule 'daily_cramps' is lowered from see_doctor to self_care" in w for w in warnings
    )


LISTED = (
    edit(
        "    help: Soreness tells us things.",
        "    short: Sore\n    list: about\n    help: Soreness tells us things.",
    ).replace(
        "    help: Tiredness tells us things.",
        "    short: Tired\n    list: about\n    help: Tiredness tells us things.",
    )
    + "lists:\n  - id: about\n    text: Do any of these apply?\n    help: They matter.\n"
)
"""The mini pack with a grouped list of two yes/no questions (issue #15)."""


def test_a_pack_list_loads(tmp_path: Path) -> None:
    write_pack(tmp_path, {"pack.yaml": LISTED})
    pack = load_rules(tmp_path, builtin=False)
    assert [item.id for item in pack.lists] == ["about"]
    assert [q.id for q in pack.questions if q.list == "about"] == ["sore", "tired"]


def test_a_pack_list_member_must_be_known_yes_no_short_and_no_warning_sign(
    tmp_path: Path,
) -> None:
    """Each bad list, with the line of the question or list at fault."""
    cases = {
        "list: about\n    help: Soreness": (
            "list: abot\n    help: Soreness",
            "sore",
            "unknown list 'abot' (did you mean 'about'?)",
        ),
        "    short: Tired\n": ("", "tired", "needs a 'short' label"),
        "  - id: danger\n": (
            "  - id: danger\n    short: Danger\n    list: about\n",
            "danger",
            "cannot be in list 'about'",
        ),
        "    type: choice\n": (
            "    type: choice\n    short: Often\n    list: about\n",
            "how_often",
            "must be yes_no, not choice",
        ),
    }
    for old, (new, where, message) in cases.items():
        text = LISTED.replace(old, new, 1)
        found = problems(tmp_path, text)
        line = line_of(text, f"- id: {where}")
        assert any(f"pack.yaml:{line}:" in p and message in p for p in found), (message, found)


def test_a_pack_list_needs_two_questions(tmp_path: Path) -> None:
    text = LISTED.replace("    short: Tired\n    list: about\n", "", 1)
    found = problems(tmp_path, text)
    line = line_of(text, "- id: about")
    assert any(f"pack.yaml:{line}:" in p and "needs at least two" in p for p in found), found


@pytest.mark.parametrize("blank", ['""', '"   "', "''", "null"])
@pytest.mark.parametrize("field", ["advice", "title"])
def test_blank_text_is_empty_as_null_is(tmp_path: Path, blank: str, field: str) -> None:
    """A red flag whose advice or title is blank would show nothing where it matters."""
    old = {"advice": "    advice: Call for help.", "title": "    title: Danger"}[field]
    new = f"    {field}: {blank}"
    text = edit(old, new)
    where = f"pack.yaml:{line_of(text, new)}:{len(field) + 7}"
    assert f"{where}: {field} is empty" in problems(tmp_path, text)


def test_blank_text_fails_validate_and_stops_assess(tmp_path: Path) -> None:
    """`rules validate` reports it (exit 1: the check found a problem); `assess` cannot load
    the pack (exit 3); each says where, in one line, with no traceback."""
    text = edit("    advice: Call for help.", '    advice: "  "')
    write_pack(tmp_path, {"pack.yaml": text})
    where = f"{tmp_path}/pack.yaml:{line_of(text, 'advice: ')}:13:"
    rules = ("--no-builtin-rules", "--rules", str(tmp_path))
    checked = invoke("rules", "validate", *rules)
    assessed = invoke("assess", *rules, "--no-input", "--format", "json")
    assert (checked.exit_code, assessed.exit_code) == (1, 3)
    assert checked.stdout == f"{where} error: advice is empty\n"
    assert assessed.stdout == ""
    assert assessed.stderr == (
        f"{where} advice is empty\nspasmcheck: the rule pack is invalid (1 problem(s))\n"
    )
