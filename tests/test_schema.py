"""The JSON Schema is generated from the model, committed, and agrees with the loader."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from spasmcheck.pack.loader import builtin_rules_dir
from spasmcheck.pack.schema import dumps, rules_schema
from spasmcheck.pack.schema import tests_schema as rule_tests_schema

from .helpers import invoke, write_pack
from .rulekit import problems_of

ROOT = Path(__file__).resolve().parents[1]
RULES = jsonschema.Draft202012Validator(rules_schema())
TESTS = jsonschema.Draft202012Validator(rule_tests_schema())


@pytest.mark.parametrize(
    ("name", "make"),
    [("rules.schema.json", rules_schema), ("rule-tests.schema.json", rule_tests_schema)],
)
def test_committed_schema_is_up_to_date(name: str, make) -> None:
    committed = (ROOT / "schema" / name).read_text(encoding="utf-8")
    assert committed == dumps(make()), f"regenerate: spasmcheck rules schema > schema/{name}"


def test_schemas_are_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(rules_schema())
    jsonschema.Draft202012Validator.check_schema(rule_tests_schema())


def read_yaml(path: Path) -> object:
    """A YAML file's data, read by libyaml when there (ten times as quick as PyYAML's
    pure-Python parser, with the same constructor and so the same data)."""
    return yaml.load(path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def rule_yaml_files() -> list[Path]:
    root = builtin_rules_dir()
    return sorted(p for p in root.rglob("*.yaml") if "tests" not in p.relative_to(root).parts)


@pytest.mark.parametrize("path", rule_yaml_files(), ids=lambda p: p.name)
def test_every_builtin_rule_file_matches_the_schema(path: Path) -> None:
    errors = [e.message for e in RULES.iter_errors(read_yaml(path))]
    assert errors == []


@pytest.mark.parametrize("path", rule_yaml_files(), ids=lambda p: p.name)
def test_every_builtin_rule_file_has_the_schema_comment(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
    assert target == ROOT / "schema" / "rules.schema.json"


def test_builtin_rule_tests_match_the_test_schema() -> None:
    for path in sorted((builtin_rules_dir() / "tests").glob("*.yaml")):
        assert [e.message for e in TESTS.iter_errors(read_yaml(path))] == []


GOOD_FLAG = {
    "id": "x",
    "when": {"question": "recent_injury", "is": True},
    "level": "urgent",
    "title": "t",
    "advice": "a",
    "source": "nhs_back_pain",
}

BAD = [
    ("unknown key", {"format": 1, "red_flag": []}),
    (
        "missing key",
        {"format": 1, "red_flags": [{k: v for k, v in GOOD_FLAG.items() if k != "source"}]},
    ),
    ("bad level", {"format": 1, "red_flags": [{**GOOD_FLAG, "level": "critical"}]}),
    ("bad id", {"format": 1, "red_flags": [{**GOOD_FLAG, "id": "Bad-Id"}]}),
    ("bool text", {"format": 1, "red_flags": [{**GOOD_FLAG, "title": True}]}),
    (
        "two tests",
        {
            "format": 1,
            "red_flags": [
                {**GOOD_FLAG, "when": {"question": "recent_injury", "is": True, "one_of": [True]}}
            ],
        },
    ),
    ("not a list", {"format": 1, "red_flags": {"x": GOOD_FLAG}}),
    ("empty all", {"format": 1, "red_flags": [{**GOOD_FLAG, "when": {"all": []}}]}),
    (
        "numeric test on text",
        {
            "format": 1,
            "red_flags": [{**GOOD_FLAG, "when": {"question": "recent_injury", "above": "x"}}],
        },
    ),
    ("newer format", {"format": 2}),
    ("no format", {"sources": []}),
]


@pytest.mark.parametrize(("why", "data"), BAD, ids=[b[0] for b in BAD])
def test_schema_rejects_what_the_loader_rejects(tmp_path: Path, why: str, data: dict) -> None:
    assert list(RULES.iter_errors(data)), f"schema accepted: {why}"
    folder = write_pack(tmp_path / "p", yaml.safe_dump(data))
    assert any(p.severity == "error" for p in problems_of(folder)), f"loader accepted: {why}"


def test_schema_and_loader_accept_a_good_flag(tmp_path: Path) -> None:
    data = {"format": 1, "red_flags": [GOOD_FLAG]}
    assert list(RULES.iter_errors(data)) == []
    folder = write_pack(tmp_path / "p", json.dumps(data))
    assert [p for p in problems_of(folder) if p.severity == "error"] == []


LEVELS = st.sampled_from(["emergency", "urgent", "see_doctor", "self_care", "severe", "Urgent", ""])
IDS = st.sampled_from(["ok_id", "x1", "Bad", "1x", "has-dash", "also ok"])


# A whole pack in one file (the question and source GOOD_FLAG reads), so each example
# loads one small file rather than the built-in pack under it.
ALONE = {
    "format": 1,
    "pack": {"name": "p", "version": "1", "disclaimer": "Not a diagnosis.", "likely_threshold": 1},
    "sources": [
        {"id": "nhs_back_pain", "publisher": "NHS", "title": "Back pain", "url": "https://nhs.uk/"}
    ],
    "questions": [{"id": "recent_injury", "text": "Hurt?", "type": "yes_no", "help": "h"}],
}


@settings(max_examples=40, deadline=None)  # cheap now: the full count, in every profile
@given(level=LEVELS, ident=IDS, extra=st.booleans())
def test_schema_and_loader_agree_on_red_flags(tmp_path_factory, level, ident, extra) -> None:
    flag = {**GOOD_FLAG, "id": ident, "level": level}
    if extra:
        flag["severity"] = "high"
    data = {**ALONE, "red_flags": [flag]}
    schema_ok = not list(RULES.iter_errors(data))
    folder = write_pack(tmp_path_factory.mktemp("h"), json.dumps(data))
    loader_ok = not [p for p in problems_of(folder, builtin=False) if p.severity == "error"]
    assert schema_ok == loader_ok


def test_rules_schema_command_prints_the_committed_schema() -> None:
    result = invoke("rules", "schema")
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "schema" / "rules.schema.json").read_text(encoding="utf-8")
    tests = invoke("rules", "schema", "--tests")
    assert json.loads(tests.stdout)["title"] == "spasmcheck rule test file"
