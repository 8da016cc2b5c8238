"""spasmcheck's conditions in FHIRPath, evaluated against a QuestionnaireResponse.

The two logics agree: in FHIRPath a comparison with an empty value is empty, and ``and``
/ ``or`` / ``not()`` treat empty as unknown exactly as ``pack.conditions`` does; an
expression that is empty does not enable an item or apply an action. So each comparison
reads the answer with "don't know" (ASKU, UNK) filtered out (``_known``): a question not
answered and one answered "don't know" are both empty, as both are unknown to the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spasmcheck.pack.conditions import AllOf, AnyOf, Condition, LikelyCause, Not
from spasmcheck.pack.model import PackInfo, Question, plain_number

from .coding import answer_coding

OPERATORS = {"is": "=", "at_least": ">=", "at_most": "<=", "above": ">", "below": "<"}
"""Each comparison of the rule format and its operator in FHIRPath (and in enableWhen)."""


def answer_path(question_id: str) -> str:
    """FHIRPath to the answer values of one item, anywhere in the response."""
    return f"%resource.repeat(item).where(linkId = '{question_id}').answer.value"


def fhirpath(
    info: PackInfo,
    questions: Mapping[str, Question],
    condition: Condition,
    likely: Mapping[str, str] | None = None,
) -> str:
    """``condition`` in FHIRPath, evaluated against the QuestionnaireResponse; ``likely``
    gives, for a triage rule's ``likely_cause``, the expression "this cause is likely"."""
    if isinstance(condition, (AllOf, AnyOf)):
        joiner = " and " if isinstance(condition, AllOf) else " or "
        parts = (fhirpath(info, questions, i, likely) for i in condition.items)
        return "(" + joiner.join(parts) + ")"
    if isinstance(condition, Not):
        return f"({fhirpath(info, questions, condition.item, likely)}).not()"
    if isinstance(condition, LikelyCause):
        if likely is None:  # refused outside triage rules by the loader
            raise ValueError("likely_cause has no answer to test in a questionnaire")
        return likely[condition.cause]
    question = questions[condition.question]
    known = _known(question)
    op, value = condition.op, condition.value
    if op in ("unknown", "answered"):
        unknown = value if op == "unknown" else not value
        return f"{known}.{'empty' if unknown else 'exists'}()"
    if op == "one_of":
        listed = " | ".join(_literal(info, question, v) for v in value)
        return f"({known} in ({listed}))"
    return f"({known} {OPERATORS[op]} {_literal(info, question, value)})"


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
