"""The loader's shortcuts give exactly the answers of the full checks they stand in for.

A rule file whose text can hold no tag, anchor or control character skips the alias and
scalar walks and checks only its depth (``pack/plaintext.py``); a plain comparison is read
in one step (``readconditions._plain_is``); a plain decimal number without PyYAML's
constructor (``scalars.number``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from spasmcheck.errors import RulePackError
from spasmcheck.pack import plaintext, readconditions, scalars, structure, yamlsource
from spasmcheck.pack.loader import load_rules

# Enough of YAML's syntax to write tags, anchors, aliases, escapes, flow and block
# collections, and some prose around them.
SYNTAX = st.sampled_from(
    [
        "a", "b", "A&E", "now!", " ", "  ", "\n", "\n  ", "- ", ": ", "? ", "[", "]", "{",
        "}", ", ", "!", "!!int ", "!!str ", "!!bool ", "&x ", "*x", "&", "!x ", '"', "'",
        "\\e", "\\t", "\\x1b", "\t", "\x1b", "\x9b", "\r", "1", "yes", "é", "_", "#",
    ]
)  # fmt: skip
TEXTS = st.lists(SYNTAX, max_size=24).map("".join)


def composed(text: str) -> yaml.Node | None:
    try:
        return yamlsource.compose(text, "x.yaml")
    except yamlsource.YamlProblem:
        return None


@given(TEXTS)
def test_a_text_without_properties_or_controls_needs_no_full_walk(text: str) -> None:
    node = composed(text)
    if node is None:
        return
    if not plaintext.may_hold_properties(text):
        assert yamlsource.too_deep(node, "x.yaml", limit=1000) is None  # so no alias
        for limit in (0, 1, 2, 50):
            assert plaintext.collection_too_deep(node, "x.yaml", limit) == (
                yamlsource.too_deep(node, "x.yaml", limit)
            )
        if not plaintext.may_hold_controls(text) and not yamlsource.too_deep(node, "x.yaml"):
            assert scalars.scalar_problems(node, "x.yaml") == []


PLAIN = st.recursive(
    st.sampled_from(["a", "yes", "1", "1.5", "", None, "A&E now!"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abc"), inner),
    max_leaves=30,
)


@given(PLAIN, st.booleans(), st.integers(min_value=0, max_value=6))
def test_the_collection_walk_finds_the_same_first_deep_node(
    data: object, flow: bool, limit: int
) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow)
    node = composed(text)
    assert node is not None
    assert not plaintext.may_hold_properties(text)
    deep = plaintext.collection_too_deep(node, "x.yaml", limit)
    assert deep == yamlsource.too_deep(node, "x.yaml", limit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: A&E now!\nb: R&D_&x\n", False),
        ("a: &x 1\nb: *x\n", True),
        ("a: !!int 1\n", True),
        ("!x a\n", True),
        ("a: [x,!!str 1]\n", True),
        ("a: b &c\n", True),  # prose, but only the full checks can tell
    ],
)
def test_properties_are_found_wherever_yaml_could_start_one(text: str, expected: bool) -> None:
    assert plaintext.may_hold_properties(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: plain\tand tabbed\n", False),
        ("a: café\n", False),
        ("a: \x1b[31m\n", True),
        ("a: caf\xe9 \x9b\n", True),
        ('a: "\\e"\n', True),
        ("a: b\r\n", True),
    ],
)
def test_controls_are_found_in_ascii_and_other_text(text: str, expected: bool) -> None:
    assert plaintext.may_hold_controls(text) is expected


def test_a_deep_plain_rule_file_is_refused_where_it_was(tmp_path: Path) -> None:
    nested = "x: " + "[" * 60 + "]" * 60 + "\n"
    (tmp_path / "deep.yaml").write_text("format: 1\n" + nested, encoding="utf-8")
    with pytest.raises(RulePackError) as caught:
        load_rules(tmp_path, builtin=False)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 54)
    assert problem.message == "nested more than 50 levels deep"


CONDITION_PARTS = st.sampled_from(
    ["question: x", "is: yes", "is: 'yes'", "is: true", "is: 3", "is: ~", "is: [a]",
     '"is": b', "question: 1", "question: [x]", "one_of: [a]", "unknown: true", "all: []",
     "question: !!str x", "is: !!bool yes", "not: {question: x, is: yes}", "is: no"]
)  # fmt: skip


@given(st.lists(CONDITION_PARTS, min_size=1, max_size=3), st.booleans())
def test_a_plain_comparison_is_read_as_the_general_path_reads_it(
    parts: list[str], flow: bool
) -> None:
    text = "{" + ", ".join(parts) + "}" if flow else "".join(f"{p}\n" for p in parts)
    node = composed(text)
    if node is None:
        return
    quick, general = structure.Structurer("x.yaml"), structure.Structurer("x.yaml")
    built = quick.condition(node)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(readconditions, "_plain_is", lambda node, path: None)
        expected = general.condition(node)
    assert (built, quick.problems) == (expected, general.problems)
    if built is not structure.INVALID:
        assert repr(built.pos) == repr(expected.pos)


@given(
    st.from_regex(r"[-+]?(0|[1-9][0-9]{0,12})(\.[0-9]{0,6}([eE][-+][0-9]{1,3})?)?", fullmatch=True)
)
def test_a_plain_number_reads_as_pyyamls_constructor_reads_it(text: str) -> None:
    node = composed(f"k: {text}\n")
    assert node is not None
    value_node = node.value[0][1]
    read, refused = scalars.number(value_node, limit=float("inf"))
    if refused:
        return
    expected = yaml.safe_load(f"k: {text}\n")["k"]
    assert (read, type(read)) == (expected, type(expected))
