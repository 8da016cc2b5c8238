"""Answers from a QuestionnaireResponse (or a Bundle holding one), collected by any FHIR
form filler, for ``--answers FILE`` and ``--batch``.

Each item's ``linkId`` is a question id and its answer is read by the question's type: a
Coding (Y, N, ASKU, an option's code) for yes/no and choice questions, also a boolean for
yes/no; an integer or decimal for numbers. ASKU (or UNK) is "don't know" for any
question; an item without an answer is unanswered. A linkId the pack does not know, an
answer of the wrong type or more than one answer is refused with a one-line message
naming the linkId: a health answer is never guessed or dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from spasmcheck.errors import UsageError, did_you_mean
from spasmcheck.pack.conditions import UNKNOWN
from spasmcheck.pack.model import Question
from spasmcheck.pack.rulepack import RulePack

from .coding import UNKNOWN_CODES, YES_NO_SYSTEM, codes_of, option_system

_YES_NO = {"Y": "yes", "N": "no"}
MAX_DEPTH = 20
"""The deepest nesting of items read: groups in groups; far more than any form has."""
_HELP_SUFFIX = ".help"


def is_fhir(data: object) -> bool:
    """Whether a parsed JSON value is a FHIR resource (it names its ``resourceType``)."""
    return isinstance(data, Mapping) and "resourceType" in data


def answers_from_fhir(
    pack: RulePack, resource: Mapping[str, Any], *, where: str | None = None
) -> dict[str, Any]:
    """Question ids and raw answers (``parse_answers`` checks them) from a
    QuestionnaireResponse or a Bundle with exactly one. ``where`` prefixes messages."""
    prefix = f"{where}: " if where else ""
    try:
        return _answers(pack, _response(resource))
    except UsageError as error:
        raise UsageError(f"{prefix}{error}") from None


def _response(resource: Mapping[str, Any]) -> Mapping[str, Any]:
    kind = resource.get("resourceType")
    if kind == "QuestionnaireResponse":
        return resource
    if kind != "Bundle":
        raise UsageError(
            f"a FHIR {_shown(kind)} holds no answers: expected a QuestionnaireResponse "
            "or a Bundle holding one"
        )
    entries = resource.get("entry") or []
    found = [
        e["resource"]
        for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, Mapping)
        and isinstance(e.get("resource"), Mapping)
        and e["resource"].get("resourceType") == "QuestionnaireResponse"
    ]
    if len(found) != 1:
        raise UsageError(
            f"the Bundle holds {len(found)} QuestionnaireResponse resources; expected one"
        )
    return found[0]


def _answers(pack: RulePack, response: Mapping[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for link_id, answer in _items(response.get("item")):
        question = pack.question_index.get(link_id)
        if question is None:
            hint = did_you_mean(link_id, pack.question_index)
            raise UsageError(f"linkId {link_id!r}: no such question in the pack{hint}")
        if link_id in answers:
            raise UsageError(f"linkId {link_id!r} is answered twice")
        answers[link_id] = _value(pack, question, answer)
    return answers


def _items(items: object, depth: int = 0) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(linkId, answer) of every answered item, groups and nested items included."""
    if items is None:
        return
    if not isinstance(items, list):
        raise UsageError("item must be a list of items")
    if depth > MAX_DEPTH:  # hostile input must not reach Python's recursion limit
        raise UsageError(f"items are nested more than {MAX_DEPTH} deep")
    for item in items:
        if not isinstance(item, Mapping) or not isinstance(item.get("linkId"), str):
            raise UsageError("every item needs a linkId (text)")
        link_id = item["linkId"]
        answers = item.get("answer") or []
        if not isinstance(answers, list):
            raise UsageError(f"linkId {link_id!r}: answer must be a list")
        if len(answers) > 1:
            raise UsageError(f"linkId {link_id!r} has {len(answers)} answers; one expected")
        for answer in answers:
            if not isinstance(answer, Mapping):
                raise UsageError(f"linkId {link_id!r}: an answer must be an object")
            yield link_id, answer
            yield from _items(answer.get("item"), depth + 1)
        yield from _items(item.get("item"), depth + 1)


def _value(pack: RulePack, question: Question, answer: Mapping[str, Any]) -> object:
    """The raw answer of one item, by the question's type; wrong types are refused."""
    values = [k for k in answer if k.startswith("value")]
    if len(values) != 1:
        raise UsageError(f"linkId {question.id!r}: an answer needs exactly one value[x]")
    key = values[0]
    value = answer[key]
    if key == "valueCoding":
        code = value.get("code") if isinstance(value, Mapping) else None
        if not isinstance(code, str):
            raise UsageError(f"linkId {question.id!r}: valueCoding has no code")
        if code in UNKNOWN_CODES:
            return UNKNOWN
        if question.type == "yes_no" and code in _YES_NO:
            return _YES_NO[code]
        if question.type == "choice":
            option = _option(pack, question, value.get("system"), code)
            if option is not None:
                return option
        raise UsageError(f"linkId {question.id!r}: code {code!r} is not an answer it allows")
    if key == "valueBoolean" and question.type == "yes_no" and isinstance(value, bool):
        return value
    if key in ("valueInteger", "valueDecimal") and question.type in ("scale", "number"):
        return value  # parse_answers checks the number and the range
    raise UsageError(f"linkId {question.id!r}: {key} is not an answer to a {_kind(question)}")


def _option(pack: RulePack, question: Question, system: object, code: str) -> str | None:
    """The option a Coding names: the pack's own code (its id), or an option's standard
    code (``codes_of``) in that code's system."""
    for option in question.options:
        if code == option.id and system in (None, option_system(pack.info, question)):
            return option.id
        if any(c["code"] == code and c["system"] == system for c in codes_of(option)):
            return option.id
    return None


def _kind(question: Question) -> str:
    if question.type == "yes_no":
        return f"yes/no question (a Coding of {YES_NO_SYSTEM}, or a boolean)"
    if question.type == "choice":
        return "choice question (a Coding of one of its options)"
    return f"{question.type} question (valueInteger or valueDecimal)"


def _shown(kind: object) -> str:
    text = str(kind)
    return repr(text if len(text) <= 40 else text[:37] + "...")
