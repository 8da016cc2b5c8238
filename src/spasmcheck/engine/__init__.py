"""Assessing answers against a rule pack: pure functions, no I/O.

``assess`` is the whole result; ``next_question`` and ``emergency`` are what the
interview asks; ``answers`` parses what people and scripts type; ``batch`` streams many.
"""

from .asking import (
    emergency,
    is_asked,
    next_in_order,
    next_question,
    questions_left,
    remaining_at_most,
)
from .assess import assess, complete
from .result import Assessment

__all__ = [
    "Assessment",
    "assess",
    "complete",
    "emergency",
    "is_asked",
    "next_in_order",
    "next_question",
    "questions_left",
    "remaining_at_most",
]
