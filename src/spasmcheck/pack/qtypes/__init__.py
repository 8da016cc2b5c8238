"""One class per question type: how its answers are read, listed, checked and shown.

Every path that takes an answer (``-a`` flags, answers files, stdin, batch lines, rule
test cases, the interview) parses it here, so all accept the same forms. Adding a
question type means one module here, its line in ``TYPES`` and its name in
``model.QuestionType`` (a test checks the two agree).
"""

from __future__ import annotations

from spasmcheck.pack.conditions import Answer
from spasmcheck.pack.model import Question

from .base import DONT_KNOW, NO, YES, QType, as_text, number, shown_raw, whole, words
from .choice import Choice
from .number import Number
from .yes_no import YesNo

__all__ = [
    "DONT_KNOW",
    "NO",
    "TYPES",
    "YES",
    "Choice",
    "Number",
    "QType",
    "YesNo",
    "as_text",
    "for_question",
    "number",
    "parse",
    "shown_raw",
    "whole",
    "words",
]

TYPES: dict[str, QType] = {
    "yes_no": YesNo(),
    "choice": Choice(),
    "scale": Number(),
    "number": Number(),
}
"""Each ``model.QuestionType`` and the class that handles it (a test checks all are here)."""


def for_question(question: Question) -> QType:
    """The type handler of ``question``."""
    return TYPES[question.type]


def parse(question: Question, raw: object) -> Answer:
    """``for_question(question).parse(question, raw)``: one answer in normal form."""
    return TYPES[question.type].parse(question, raw)
