"""``ask_if`` as FHIR: plain ``enableWhen`` where it can say the condition, else FHIRPath.

Plain ``enableWhen`` is a flat list joined by one ``enableBehavior`` (all or any), so it
says a single comparison, or an ``all:`` or ``any:`` of comparisons, exactly. Anything
else (``not``, an ``any`` inside an ``all``) becomes the SDC ``enableWhenExpression``.

Both keep spasmcheck's three-valued logic: a question is asked only when its condition is
*true*, and "don't know" (ASKU, or no answer) is neither yes nor no (``fhirpath`` says how
for the expression).
"""

from __future__ import annotations

from typing import Any

from spasmcheck.pack.conditions import AllOf, AnyOf, Compare, Condition
from spasmcheck.pack.model import PackInfo, Question

from .coding import ASKU, ENABLE_WHEN_EXPRESSION, answer_coding
from .fhirpath import OPERATORS, fhirpath

EnableWhen = list[dict[str, Any]]


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
    return "all", [{"question": q, "operator": OPERATORS[op], **_number(question, value)}]


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
