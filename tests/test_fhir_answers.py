"""FHIR answers in and results out: every rule test case filled in as a form filler would
from the exported Questionnaire, assessed, gives the same result as its YAML answers;
``--format fhir`` is a valid Bundle; bad responses are one-line errors naming the linkId.
The checks over every rule case run a few cases in the quick loop, the rest ``slow``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.bundle import Bundle as BundleR5
from fhir.resources.R4B.bundle import Bundle as BundleR4

from spasmcheck import assess, load_rules, parse_answers
from spasmcheck.batch import Batch
from spasmcheck.engine.answers import read_answers_text
from spasmcheck.errors import UsageError
from spasmcheck.fhir import answers_from_fhir, questionnaire, response_bundle
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.pack.ruletests import Case
from spasmcheck.render.json import to_dict

from .helpers import builtin_pack, invoke, rule_case_params, rule_cases

YES_NO = {"yes": "Y", "no": "N", "unknown": "ASKU"}


def fill(form: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """A QuestionnaireResponse as a form filler makes it: each answer is the answerOption
    of the Questionnaire's item whose code is the answer (Y, N, ASKU or the option id)."""
    items = {i["linkId"]: i for i in form["item"]}
    filled = []
    for qid, raw in answers.items():
        value = parse_answers(PACK, {qid: raw})[qid]
        code = YES_NO.get(value, value) if PACK.question(qid).type == "yes_no" else value
        code = "ASKU" if value == "unknown" else code
        (option,) = [o for o in items[qid]["answerOption"] if o["valueCoding"]["code"] == code]
        filled.append({"linkId": qid, "answer": [option]})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{form['url']}|{form['version']}",
        "status": "completed",
        "item": filled,
    }


PACK = builtin_pack()
FORM = questionnaire(PACK)


@pytest.mark.parametrize("case", rule_case_params())
def test_every_rule_case_gives_the_same_result_through_fhir(case: Case) -> None:
    direct = assess(PACK, parse_answers(PACK, case.answers))
    response = fill(FORM, case.answers)
    through = assess(PACK, parse_answers(PACK, answers_from_fhir(PACK, response)))
    assert to_dict(through) == to_dict(direct)
    # and the Bundle written for it reads back to the same answers
    bundle = response_bundle(PACK, direct)
    again = assess(PACK, parse_answers(PACK, answers_from_fhir(PACK, bundle)))
    assert to_dict(again) == to_dict(direct)


@pytest.mark.parametrize("cases", rule_case_params(chunks=2))
def test_every_rule_case_bundle_is_valid_r5_and_r4(cases: tuple[Case, ...]) -> None:
    for case in cases:
        bundle = response_bundle(PACK, assess(PACK, parse_answers(PACK, case.answers)))
        BundleR5.model_validate(bundle)
        BundleR4.model_validate(bundle)  # R4B models: the resources written are R4's too


def test_unknown_is_asku_and_unanswered_is_absent(pack: RulePack) -> None:
    result = assess(pack, parse_answers(pack, {"radiating_pain": "unknown", "frequency": "daily"}))
    response = response_bundle(pack, result)["entry"][0]["resource"]
    answers = {i["linkId"]: i["answer"][0]["valueCoding"]["code"] for i in response["item"]}
    assert answers == {"radiating_pain": "ASKU", "frequency": "daily"}


def test_the_outcome_is_a_guidance_response_with_parameters(pack: RulePack) -> None:
    result = assess(pack, parse_answers(pack, {"saddle_numbness": "yes"}))
    entries = [e["resource"] for e in response_bundle(pack, result)["entry"]]
    kinds = [r["resourceType"] for r in entries]
    assert kinds == ["QuestionnaireResponse", "GuidanceResponse", "Parameters"]
    guidance, outcome = entries[1], entries[2]
    assert guidance["outputParameters"]["reference"] == f"urn:uuid:{outcome['id']}"
    values = {p["name"]: p.get("valueCode") for p in outcome["parameter"]}
    assert values["triage_level"] == "emergency"
    flags = [p for p in outcome["parameter"] if p["name"] == "red_flag"]
    assert flags[0]["part"][0] == {"name": "id", "valueCode": "saddle_numbness"}


def test_assess_format_fhir_and_back_through_answers(tmp_path: Path) -> None:
    args = ["--no-input", "-a", "frequency=daily", "-a", "radiating_pain=unknown"]
    out = invoke("assess", *args, "--format", "fhir")
    assert out.exit_code == 0, out.stderr
    BundleR5.model_validate(json.loads(out.stdout))
    assert out.stdout == invoke("assess", *args, "--format", "fhir").stdout  # no timestamps
    saved = tmp_path / "bundle.json"
    saved.write_text(out.stdout, encoding="utf-8")
    back = invoke("assess", "--no-input", "--answers", str(saved), "--format", "json")
    direct = invoke("assess", *args, "--format", "json")
    assert back.exit_code == 0, back.stderr
    assert json.loads(back.stdout) == json.loads(direct.stdout)
    piped = invoke("assess", "--answers", "-", "--format", "json", input=out.stdout)
    assert json.loads(piped.stdout) == json.loads(direct.stdout)


def test_batch_reads_responses_and_bundles() -> None:
    lines = []
    expected = []
    for case in rule_cases()[:20]:
        response = {**fill(FORM, case.answers), "id": f"r{len(lines)}"}
        lines.append(json.dumps(response))
        expected.append(to_dict(assess(PACK, parse_answers(PACK, case.answers))))
    bundle = response_bundle(PACK, assess(PACK, parse_answers(PACK, rule_cases()[0].answers)))
    lines.append(json.dumps(bundle))
    expected.append(expected[0])
    results = [json.loads(text) for text, ok in Batch(PACK).lines(lines) if ok]
    batch_keys = ("line", "id", "ignored_keys")
    assert [{k: v for k, v in r.items() if k not in batch_keys} for r in results] == expected
    assert results[1]["id"] == "r1"  # the resource's id names the result


def test_batch_bad_response_is_an_error_record_naming_the_linkid() -> None:
    bad = _response({"linkId": "radiating_pian", "answer": [{"valueBoolean": True}]})
    result = invoke("assess", "--batch", "-", input=json.dumps(bad) + "\n")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert "linkId 'radiating_pian'" in error["message"]
    assert error["exit_code"] == 2


def _response(*items: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "QuestionnaireResponse", "status": "completed", "item": list(items)}


def _nested(depth: int) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": "radiating_pain", "answer": [{"valueBoolean": True}]}
    for level in range(depth):
        item = {"linkId": f"group{level}", "item": [item]}
    return _response(item)


def test_items_in_groups_are_read() -> None:
    assert answers_from_fhir(PACK, _nested(3)) == {"radiating_pain": True}


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        (
            _response({"linkId": "radiating_pian", "answer": [{"valueBoolean": True}]}),
            "linkId 'radiating_pian': no such question in the pack (did you mean 'radiating_pain'",
        ),
        (
            _response({"linkId": "radiating_pain", "answer": [{"valueString": "yes"}]}),
            "linkId 'radiating_pain': valueString is not an answer to a yes/no question",
        ),
        (
            _response({"linkId": "frequency", "answer": [{"valueBoolean": True}]}),
            "linkId 'frequency': valueBoolean is not an answer to a choice question",
        ),
        (
            _response({"linkId": "frequency", "answer": [{"valueCoding": {"code": "hourly"}}]}),
            "linkId 'frequency': code 'hourly' is not an answer it allows",
        ),
        (
            _response({"linkId": "radiating_pain", "answer": [{"valueCoding": {"code": "M"}}]}),
            "linkId 'radiating_pain': code 'M' is not an answer it allows",
        ),
        (
            _response(
                {
                    "linkId": "radiating_pain",
                    "answer": [{"valueBoolean": True}, {"valueBoolean": False}],
                }
            ),
            "linkId 'radiating_pain' has 2 answers; one expected",
        ),
        (
            _response(
                {"linkId": "radiating_pain", "answer": [{"valueBoolean": True}]},
                {"linkId": "radiating_pain", "answer": [{"valueBoolean": False}]},
            ),
            "linkId 'radiating_pain' is answered twice",
        ),
        (_response({"answer": []}), "every item needs a linkId"),
        (_nested(200), "items are nested more than 20 deep"),
        ({"resourceType": "Patient"}, "a FHIR 'Patient' holds no answers"),
        ({"resourceType": "Bundle", "entry": []}, "the Bundle holds 0 QuestionnaireResponse"),
    ],
)
def test_a_bad_response_is_one_line_naming_what(
    tmp_path: Path, resource: dict[str, Any], message: str
) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    result = invoke("assess", "--no-input", "--answers", str(path), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"spasmcheck: {path}: {message}")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_a_number_out_of_range_names_the_question(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "rules.yaml").write_text(
        "format: 1\nquestions:\n"
        "  - {id: pain, text: How bad?, type: scale, min: 0, max: 10, help: H}\n",
        encoding="utf-8",
    )
    pack = load_rules(folder)
    good = _response({"linkId": "pain", "answer": [{"valueInteger": 7}]})
    assert parse_answers(pack, answers_from_fhir(pack, good)) == {"pain": 7}
    bad = _response({"linkId": "pain", "answer": [{"valueDecimal": 12.5}]})
    with pytest.raises(UsageError, match=re.escape("invalid value for pain: '12.5'")):
        parse_answers(pack, answers_from_fhir(pack, bad))
    asku = _response({"linkId": "pain", "answer": [{"valueCoding": {"code": "ASKU"}}]})
    assert parse_answers(pack, answers_from_fhir(pack, asku)) == {"pain": "unknown"}


def test_a_duplicate_key_in_a_response_is_refused() -> None:
    text = '{"resourceType": "QuestionnaireResponse", "status": "completed", "status": "x"}'
    with pytest.raises(UsageError, match=re.escape("a.json: a JSON object gives a key twice")):
        read_answers_text(text, "a.json", PACK)


def test_answers_in_yaml_or_plain_json_are_read_as_before() -> None:
    assert read_answers_text('{"frequency": "daily"}', "a.json", PACK) == {"frequency": "daily"}
    text = "resourceType: 1\n"  # YAML, not FHIR: read as an answer, refused by the pack
    assert read_answers_text(text, "a.yaml", PACK) == {"resourceType": "1"}
