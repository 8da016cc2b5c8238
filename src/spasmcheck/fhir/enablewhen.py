"""``ask_if`` as FHIR: plain ``enableWhen`` where it can say the condition, else FHIRPath.

Plain ``enableWhen`` is a flat list joined by one ``enableBehavior`` (all or any), so it
says a single comparison, or an ``all:`` or ``any:`` of comparisons, exactly. Anything
else (``not``, an ``any`` inside an ``all``) becomes the SDC ``enableWhenExpression``.

Both keep spasmcheck's three-valued logic: a question is asked only when its condition is
*true*, and "don't know" (ASKU, or no answer) is neither yes nor no. In FHIRPath a
comparison with an empty value is empty, ``and`` / ``or`` / ``not()`` treat empty as
unknown exactly as ``pack.conditions`` does, and an expression that is empty does not
enable the item; so each comparison reads the answer with ASKU filtered out (``known``).
"""

from __future__ import annotations

from typing import Any

from spasmcheck.pack.conditions import AllOf, AnyOf, Compare, Condition, LikelyCause, Not
from spasmcheck.pack.model import PackInfo, Question, plain_number

from .coding import ASKU, ENABLE_WHEN_EXPRESSION, answer_coding

EnableWhen = list[dict[str, Any]]

_OPERATORS = {"is": "=", "at_least": ">=", "at_most": "<=", "above": ">", "below": "<"}


def enable_fields(
    info: PackInfo, questions: dict[str, Question], condition: Condition
) -> dict[str, Any]:
    """The Questionnaire item fields that say "ask only when ``condition`` holds"."""
    plain = _plain(info, questions, condition)
    if plain is not None:
        behavior, items = plain
        fields: dict[str, Any] = {"enableWhen": items}
        if len(items) > 1:
            fields["enableBehavior"] = behavior
        return fields
    expression = fhirpath(info, questions, condition)
    return {
        "extension": [
            {
                "url": ENABLE_WHEN_EXPRESSION,
                "valueExpression": {"language": "text/fhirpath", "expression": expression},
            }
        ]
    }


def _plain(
    info: PackInfo, questions: dict[str, Question], condition: Condition
) -> tuple[str, EnableWhen] | None:
    """(behavior, enableWhen list) when plain enableWhen says ``condition``, else None."""
    if isinstance(condition, Compare):
        return _leaf(info, questions, condition)
    if isinstance(condition, (AllOf, AnyOf)):
        behavior = "all" if isinstance(condition, AllOf) else "any"
        items: EnableWhen = []
        for part in condition.items:
            found = _plain(info, questions, part) if isinstance(part, Compare) else None
            if found is None or (len(found[1]) > 1 and found[0] != behavior):
                return None
            items.extend(found[1])
        return behavior, items
    return None


def _leaf(info: PackInfo, questions: dict[str, Question], leaf: Compare) -> tuple[str, EnableWhen]:
    """One comparison as enableWhen: a list of one, or of several joined by the behavior."""
    question = questions[leaf.question]
    q, op, value = leaf.question, leaf.op, leaf.value
    coded = question.type in ("yes_no", "choice")
    if op in ("unknown", "answered"):
        unknown = value if op == "unknown" else not value
        absent = {"question": q, "operator": "exists", "answerBoolean": not unknown}
        if not coded:  # a number's "don't know" is no answer (response.py)
            return "all", [absent]
        asku = {"question": q, "operator": "!=" if not unknown else "=", "answerCoding": _asku()}
        return ("any", [asku, absent]) if unknown else ("all", [absent, asku])
    if op == "one_of":
        return "any", [_equals(info, question, v) for v in value]
    if coded:
        return "all", [_equals(info, question, value)]
    return "all", [{"question": q, "operator": _OPERATORS[op], **_number(question, value)}]


def _equals(info: PackInfo, question: Question, value: Any) -> dict[str, Any]:
    if question.type in ("yes_no", "choice"):
        coding = answer_coding(info, question, value)
        return {"question": question.id, "operator": "=", "answerCoding": coding}
    return {"question": question.id, "operator": "=", **_number(question, value)}


def _number(question: Question, value: float) -> dict[str, Any]:
    """A number as the enableWhen answer of the item's type (scale: integer)."""
    if question.type == "scale" and float(value).is_integer():
        return {"answerInteger": int(value)}
    return {"answerDecimal": value}


def _asku() -> dict[str, str]:
    return dict(ASKU)


def answer_path(question_id: str) -> str:
    """FHIRPath to the answer values of one item, anywhere in the response."""
    return f"%resource.repeat(item).where(linkId = '{question_id}').answer.value"


def fhirpath(info: PackInfo, questions: dict[str, Question], condition: Condition) -> str:
    """``condition`` in FHIRPath, evaluated against the QuestionnaireResponse."""
    if isinstance(condition, (AllOf, AnyOf)):
        joiner = " and " if isinstance(condition, AllOf) else " or "
        return "(" + joiner.join(fhirpath(info, questions, i) for i in condition.items) + ")"
    if isinstance(condition, Not):
        return f"({fhirpath(info, questions, condition.item)}).not()"
    if isinstance(condition, LikelyCause):  # refused in ask_if by the loader
        raise ValueError("likely_cause has no answer to test in a questionnaire")
    question = questions[condition.question]
    known = _known(question)
    op, value = condition.op, condition.value
    if op in ("unknown", "answered"):
        unknown = value if op == "unknown" else not value
        return f"{known}.{'empty' if unknown else 'exists'}()"
    if op == "one_of":
        listed = " | ".join(_literal(info, question, v) for v in value)
        return f"({known} in ({listed}))"
    return f"({known} {_OPERATORS[op]} {_literal(info, question, value)})"


def _known(question: Question) -> str:
    """The answer without "don't know": a code for coded questions, else the number."""
    path = answer_path(question.id)
    if question.type in ("yes_no", "choice"):
        return f"{path}.code.where($this != 'ASKU' and $this != 'UNK')"
    return path


def _literal(info: PackInfo, question: Question, value: Any) -> str:
    """A value as a FHIRPath literal: the code of a coded answer, else the number."""
    if question.type in ("yes_no", "choice"):
        code = answer_coding(info, question, value)["code"]
        return "'" + code.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return str(plain_number(value))
