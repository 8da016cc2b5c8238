"""A rule pack as a FHIR Questionnaire, so a FHIR form filler (LHC-Forms, an Android FHIR
app, a HAPI server) can ask spasmcheck's questions and send the answers back.

One item per question, in the order the interview asks them; each question's help is a
display item inside it with the ``help`` item control. Yes/no and choice questions are
coded (``coding.py``); scale questions are integers and number questions decimals, with
their range in the standard ``minValue`` / ``maxValue`` extensions. Nothing is
``required``: "don't know" is always an answer.
"""

from __future__ import annotations

from typing import Any

from spasmcheck.pack.model import PackInfo, Question, plain_number
from spasmcheck.pack.rulepack import RulePack

from .coding import (
    ASKU,
    ITEM_CONTROL,
    ITEM_CONTROL_SYSTEM,
    MAX_VALUE,
    MIN_VALUE,
    NO,
    UNIT,
    YES,
    Version,
    canonical,
    codes_of,
    option_coding,
)
from .enablewhen import enable_fields


def questionnaire(pack: RulePack, version: Version = Version.R5) -> dict[str, Any]:
    """The Questionnaire of ``pack`` as FHIR JSON (a dict), in release ``version``."""
    info = pack.info
    index = dict(pack.question_index)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": resource_id(info),
        "url": canonical(info),
        "version": info.version,
        "name": _name(info.name),
        "title": info.name,
        "status": info.status or "unknown",
    }
    if info.date:
        resource["date"] = info.date
    if info.publisher:
        resource["publisher"] = info.publisher
    if info.description:
        resource["description"] = info.description
    resource["purpose"] = info.disclaimer
    resource["subjectType"] = ["Patient"]
    resource["item"] = [_item(info, index, q, version) for q in pack.questions]
    return resource


def reference(info: PackInfo) -> str:
    """The canonical reference a response gives: ``url|version``."""
    return f"{canonical(info)}|{info.version}"


def resource_id(info: PackInfo) -> str:
    """A FHIR id (``[A-Za-z0-9-.]{1,64}``) from the pack's name."""
    text = "".join(c if c.isascii() and c.isalnum() else "-" for c in info.name.lower())
    return "-".join(filter(None, text.split("-")))[:64] or "spasmcheck"


def _name(title: str) -> str:
    """A computer-friendly name (FHIR: starts with a capital, letters and digits only)."""
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in title).split()
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return name if name[:1].isalpha() else f"Pack{name}"


def _item(
    info: PackInfo, index: dict[str, Question], question: Question, version: Version
) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": question.id}
    codes = codes_of(question)
    if codes:
        item["code"] = codes
    item["text"] = question.text
    if question.type in ("yes_no", "choice"):
        item["type"] = version.coded_type
        options = (
            [YES, NO]
            if question.type == "yes_no"
            else [option_coding(info, question, o) for o in question.options]
        )
        item["answerOption"] = [{"valueCoding": dict(c)} for c in [*options, ASKU]]
    else:
        kind = "integer" if question.type == "scale" else "decimal"
        item["type"] = kind
        item["extension"] = _range(question, kind)
    if question.ask_if is not None:
        fields = enable_fields(info, index, question.ask_if)
        extensions = fields.pop("extension", [])
        if extensions:
            item["extension"] = [*item.get("extension", []), *extensions]
        item.update(fields)
    if question.help:
        item["item"] = [_help(question)]
    return item


def _range(question: Question, kind: str) -> list[dict[str, Any]]:
    """minValue, maxValue and the unit of a number question (standard extensions)."""
    found: list[dict[str, Any]] = []
    for url, bound in ((MIN_VALUE, question.min), (MAX_VALUE, question.max)):
        if bound is not None:
            whole = kind == "integer" and float(bound).is_integer()
            key = "valueInteger" if whole else "valueDecimal"
            found.append({"url": url, key: plain_number(bound)})
    if question.unit:
        found.append({"url": UNIT, "valueCoding": {"display": question.unit}})
    return found


def _help(question: Question) -> dict[str, Any]:
    """The help text as a display item a form filler shows behind a help button."""
    coding = {"system": ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}
    return {
        "linkId": f"{question.id}.help",
        "text": question.help,
        "type": "display",
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [coding]}}],
    }
