"""Yes/no questions: ``yes``, ``no`` and the other forms DESIGN.md lists."""

from __future__ import annotations

from typing import Any

from spasmcheck.pack.conditions import UNKNOWN, Answer
from spasmcheck.pack.model import Question

from .base import NO, YES, QType, whole, words


class YesNo(QType):
    """yes_no: yes/y/true/1 or no/n/false/0 in any case, or a YAML/JSON boolean.

    ``1.0`` and ``0.0`` (a pandas 0/1 column with blanks is float) are 1 and 0.
    """

    def coerce(self, question: Question, raw: object) -> Answer | None:
        """``yes`` or ``no``, from a boolean, any accepted word, or the number 1 or 0."""
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        flag = whole(raw)
        if flag is not None:
            return {1: "yes", 0: "no"}.get(flag)
        if not isinstance(raw, str):
            return None
        word = words(raw)
        if word in YES:
            return "yes"
        if word in NO:
            return "no"
        return None

    def allowed(self, question: Question) -> str:
        """``yes/y/true/1, no/n/false/0 or unknown``."""
        return f"{'/'.join(YES)}, {'/'.join(NO)} or unknown"

    def values(self, question: Question) -> list[Any]:
        """``yes``, ``no``, ``unknown``."""
        return ["yes", "no", UNKNOWN]

    def is_normal(self, question: Question, value: object) -> bool:
        """``yes``, ``no`` or ``unknown``, as text."""
        return type(value) is str and value in ("yes", "no", UNKNOWN)

    def check_value(self, question: Question, value: Any) -> str | None:
        """Rules compare a yes/no question with yes or no only."""
        if value in ("yes", "no"):
            return None
        return f"{question.id!r} is yes/no: compare it with yes or no, not {value!r}"

    def prompt_keys(self, question: Question) -> str:
        """``y / n``."""
        return "y / n"

    def what_is_allowed(self, question: Question) -> str:
        """Type y or n, or press Enter."""
        return "Please type y for yes or n for no, or press Enter if you don't know."
