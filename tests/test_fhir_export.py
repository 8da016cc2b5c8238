"""``rules export --to fhir``: a Questionnaire the FHIR models accept, whose enableWhen
asks exactly the questions spasmcheck's ``ask_if`` asks, committed and kept current."""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.questionnaire import Questionnaire as QuestionnaireR5
from fhir.resources.R4B.questionnaire import Questionnaire as QuestionnaireR4
from fhirpathpy import compile as compile_fhirpath
from fhirpathpy.models import models

from spasmcheck import load_rules
from spasmcheck.engine.assess import is_asked
from spasmcheck.fhir import Version, questionnaire
from spasmcheck.fhir.coding import ENABLE_WHEN_EXPRESSION
from spasmcheck.pack.rulepack import RulePack

from .helpers import invoke, write_pack

ROOT = Path(__file__).resolve().parents[1]
MODELS = {Version.R4: QuestionnaireR4, Version.R5: QuestionnaireR5}
ITEM_TYPES = {
    # The item types of each release (fhir.resources checks structure, not code values).
    Version.R4: {"group", "display", "boolean", "decimal", "integer", "choice", "string"},
    Version.R5: {"group", "display", "boolean", "decimal", "integer", "coding", "string"},
}

NESTED = """\
format: 1
pack: {name: Nested, version: "1", disclaimer: Not a diagnosis., likely_threshold: 1}
sources: [{id: s, publisher: P, title: T, url: "https://example.org"}]
questions:
  - {id: sore, text: Sore?, type: yes_no, help: H}
  - {id: when, text: When?, type: choice, help: H,
     options: [{id: night, label: At night}, {id: day, label: By day}]}
  - {id: pain, text: How bad?, type: scale, min: 0, max: 10, help: H}
  - {id: hours, text: How long?, type: number, min: 0, max: 48, unit: hours, help: H}
  - id: not_sore
    text: Not sore?
    type: yes_no
    help: H
    ask_if: {not: {question: sore, is: yes}}
  - id: mixed
    text: Mixed?
    type: yes_no
    help: H
    ask_if:
      all:
        - {question: pain, at_least: 5}
        - any: [{question: when, one_of: [night]}, {question: sore, unknown: true}]
  - id: known_hours
    text: Known?
    type: yes_no
    help: H
    ask_if: {all: [{question: hours, answered: true}, {question: hours, below: 10.5}]}
  - id: answered_sore
    text: Answered?
    type: yes_no
    help: H
    ask_if: {question: sore, answered: true}
causes:
  - id: c
    name: C
    description: D.
    evidence: [{when: {question: sore, is: yes}, weight: 1}]
general_advice:
  relief: [{text: Rest., source: s}]
"""


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory) -> RulePack:
    folder = write_pack(tmp_path_factory.mktemp("nested"), NESTED)
    return load_rules(folder, builtin=False)


@pytest.mark.parametrize("version", list(Version))
def test_the_builtin_questionnaire_is_valid_fhir(pack: RulePack, version: Version) -> None:
    data = questionnaire(pack, version)
    MODELS[version].model_validate(data)
    assert [i["linkId"] for i in data["item"]] == [q.id for q in pack.questions]
    assert {i["type"] for i in _all_items(data["item"])} <= ITEM_TYPES[version]
    info = pack.info
    assert (data["url"], data["version"], data["status"]) == (info.url, info.version, "active")
    assert (data["publisher"], data["date"]) == (info.publisher, info.date)


@pytest.mark.parametrize("version", list(Version))
def test_a_pack_with_every_question_type_is_valid_fhir(nested: RulePack, version: Version) -> None:
    data = questionnaire(nested, version)
    MODELS[version].model_validate(data)
    items = {i["linkId"]: i for i in data["item"]}
    assert items["pain"]["type"] == "integer"
    assert items["hours"]["type"] == "decimal"
    assert {e["url"].rsplit("/", 1)[1]: _value(e) for e in items["hours"]["extension"]} == {
        "minValue": 0,
        "maxValue": 48,
        "questionnaire-unit": {"display": "hours"},
    }
    assert data["status"] == "unknown"  # the pack declares none
    assert data["url"] == "urn:spasmcheck:pack:nested"


def test_yes_no_is_coded_y_n_asku_and_help_is_a_help_item(pack: RulePack) -> None:
    item = questionnaire(pack)["item"][1]
    codes = [o["valueCoding"]["code"] for o in item["answerOption"]]
    assert codes == ["Y", "N", "ASKU"]
    (help_item,) = item["item"]
    assert help_item["type"] == "display"
    control = help_item["extension"][0]["valueCodeableConcept"]["coding"][0]
    assert control["code"] == "help"
    assert help_item["text"] == pack.question(item["linkId"]).help


def test_every_builtin_ask_if_is_plain_enable_when(pack: RulePack) -> None:
    items = questionnaire(pack)["item"]
    asked_if = [q.id for q in pack.questions if q.ask_if is not None]
    assert asked_if
    for item in items:
        assert ENABLE_WHEN_EXPRESSION not in json.dumps(item)
        assert ("enableWhen" in item) == (item["linkId"] in asked_if)


def test_conditions_plain_enable_when_cannot_say_become_fhirpath(nested: RulePack) -> None:
    items = {i["linkId"]: i for i in questionnaire(nested)["item"]}
    for link_id in ("not_sore", "mixed"):
        assert "enableWhen" not in items[link_id]
        assert items[link_id]["extension"][0]["url"] == ENABLE_WHEN_EXPRESSION
    assert "enableWhen" in items["known_hours"]
    assert items["answered_sore"]["enableBehavior"] == "all"


@pytest.mark.parametrize("which", ["builtin", "nested"])
def test_enable_when_asks_exactly_what_ask_if_asks(
    pack: RulePack, nested: RulePack, which: str
) -> None:
    """Every combination of answers (yes, no, don't know, none; numbers around each
    bound) to the questions each ask_if reads: the item is enabled exactly when
    spasmcheck would ask the question."""
    chosen = pack if which == "builtin" else nested
    data = questionnaire(chosen)
    items = {i["linkId"]: i for i in data["item"]}
    checked = 0
    for question in chosen.questions:
        if question.ask_if is None:
            continue
        reads = [chosen.question(q) for q in question.ask_if.reads]
        domains = [[*_domain(q), None] for q in reads]
        for values in itertools.product(*domains):
            answers = {q.id: v for q, v in zip(reads, values, strict=True) if v is not None}
            response = _response(chosen, answers)
            expected = is_asked(question, answers) is True
            assert _enabled(items[question.id], response) is expected, (question.id, answers)
            checked += 1
    assert checked > 50


@pytest.mark.parametrize(("version", "name"), [("R5", "r5"), ("R4", "r4")])
def test_committed_questionnaire_is_up_to_date(version: str, name: str) -> None:
    result = invoke("rules", "export", "--to", "fhir", "--fhir-version", version)
    assert result.exit_code == 0, result.stderr
    committed = (ROOT / "schema" / f"questionnaire.{name}.json").read_text(encoding="utf-8")
    assert committed == result.stdout, (
        f"regenerate: spasmcheck rules export --to fhir --fhir-version {version} "
        f"> schema/questionnaire.{name}.json"
    )


def test_export_to_a_file_is_private_and_not_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "q.json"
    assert invoke("rules", "export", "--to", "fhir", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text())["resourceType"] == "Questionnaire"
    assert target.stat().st_mode & 0o777 == 0o600
    again = invoke("rules", "export", "--to", "fhir", "-o", str(target))
    assert again.exit_code == 2
    assert "use --force" in again.stderr


def test_export_includes_user_layers(tmp_path: Path) -> None:
    extra = write_pack(
        tmp_path / "mine",
        "format: 1\nquestions:\n  - {id: drinks_heavily, text: Drink?, type: yes_no, help: H}\n",
    )
    result = invoke("rules", "export", "--to", "fhir", "--rules", str(extra))
    assert result.exit_code == 0, result.stderr
    assert "drinks_heavily" in [i["linkId"] for i in json.loads(result.stdout)["item"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "xml"], "--to"),
        (["--to", "fhir", "--fhir-version", "R3"], "--fhir-version"),
        (["--to", "fhir", "--force"], "--force only applies with --output"),
    ],
)
def test_bad_export_options_are_refused(args: list[str], message: str) -> None:
    result = invoke("rules", "export", *args)
    assert result.exit_code == 2
    assert message in result.stderr


# --- helpers: a response from answers, and enableWhen as a form filler reads it ----------


def _all_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for i in items for x in (i, *_all_items(i.get("item", [])))]


def _value(extension: dict[str, Any]) -> Any:
    return next(v for k, v in extension.items() if k.startswith("value"))


def _domain(question: Any) -> list[Any]:
    if question.type == "yes_no":
        return ["yes", "no", "unknown"]
    if question.type == "choice":
        return [o.id for o in question.options] + ["unknown"]
    near = [question.min, 5, 10, 10.5, 11, question.max]
    return [v for v in near if question.min <= v <= question.max]


def _response(pack: RulePack, answers: dict[str, Any]) -> dict[str, Any]:
    from spasmcheck.fhir.coding import answer_coding

    items = []
    for qid, value in answers.items():
        question = pack.question(qid)
        if question.type in ("yes_no", "choice"):
            answer = {"valueCoding": answer_coding(pack.info, question, value)}
        elif question.type == "scale" and float(value).is_integer():
            answer = {"valueInteger": int(value)}
        else:
            answer = {"valueDecimal": value}
        items.append({"linkId": qid, "answer": [answer]})
    return {"resourceType": "QuestionnaireResponse", "status": "completed", "item": items}


def _enabled(item: dict[str, Any], response: dict[str, Any]) -> bool:
    """Whether a form filler enables ``item`` (enableWhen per the spec, or FHIRPath)."""
    for extension in item.get("extension", []):
        if extension["url"] == ENABLE_WHEN_EXPRESSION:
            expression = _fhirpath(extension["valueExpression"]["expression"])
            return expression(response, {"resource": response}) == [True]
    given = {i["linkId"]: i["answer"][0] for i in response["item"]}
    results = [_holds(rule, given.get(rule["question"])) for rule in item["enableWhen"]]
    return any(results) if item.get("enableBehavior") == "any" else all(results)


@functools.cache
def _fhirpath(expression: str) -> Callable[..., Any]:
    """The expression parsed once (fhirpathpy's ``evaluate`` parses it on every call)."""
    return compile_fhirpath(expression, models["r5"])


def _holds(rule: dict[str, Any], answer: dict[str, Any] | None) -> bool:
    if rule["operator"] == "exists":
        return (answer is not None) is rule["answerBoolean"]
    if answer is None:
        return False
    wanted = next(v for k, v in rule.items() if k.startswith("answer"))
    got = _value(answer)
    if isinstance(wanted, dict):
        same = (got["system"], got["code"]) == (wanted["system"], wanted["code"])
        return same if rule["operator"] == "=" else not same
    ops = {">=": got >= wanted, "<=": got <= wanted, ">": got > wanted, "<": got < wanted}
    return ops.get(rule["operator"], got == wanted)
