"""Scale and number questions: a plain number within the declared range."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from spasmcheck.pack.conditions import UNKNOWN, Answer
from spasmcheck.pack.model import Question, plain_number
from spasmcheck.pack.position import Pos

from .base import QType, number


class Number(QType):
    """scale and number: a number from ``min`` to ``max``."""

    ordered = True

    def coerce(self, question: Question, raw: object) -> Answer | None:
        """The number, as an int when whole, if it is within the range."""
        value = number(raw)
        low, high = question.min, question.max
        if value is None or low is None or high is None or not low <= value <= high:
            return None
        return int(value) if isinstance(value, float) and value.is_integer() else value

    def allowed(self, question: Question) -> str:
        """``a number from 0 to 10 minutes, or unknown``."""
        unit = f" {question.unit}" if question.unit else ""
        low, high = plain_number(question.min), plain_number(question.max)
        return f"a number from {low} to {high}{unit}, or unknown"

    def domain(self, question: Question, near: Iterable[float] = ()) -> list[Any]:
        """The ends of the range and each compared number, half a step either side."""
        low = question.min if question.min is not None else -math.inf
        high = question.max if question.max is not None else math.inf
        points = {low, high}
        for v in near:
            points |= {v - 0.5, v, v + 0.5}
        return [*sorted(p for p in points if low <= p <= high and math.isfinite(p)), UNKNOWN]

    def is_normal(self, question: Question, value: object) -> bool:
        """A number in range (not a bool), or ``unknown``."""
        if type(value) is str:
            return value == UNKNOWN
        low, high = question.min, question.max
        return (
            type(value) in (int, float)
            and low is not None
            and high is not None
            and low <= value <= high  # type: ignore[operator]
        )

    def check_value(self, question: Question, value: Any) -> str | None:
        """Rules compare a number question with a number within its range."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{question.id!r} takes numbers; {value!r} is not one"
        low, high = question.min, question.max
        if low is not None and high is not None and not low <= value <= high:
            return f"{value} is outside the range of {question.id!r} ({self.allowed(question)})"
        return None

    def range_problems(self, question: Question) -> list[tuple[Pos, str]]:
        """Both min and max, and min below max."""
        if question.min is None or question.max is None:
            return [(question.pos, f"{question.type} question {question.id!r} needs min and max")]
        if question.min >= question.max:
            return [(question.pos, f"question {question.id!r}: min must be below max")]
        return []

    def prompt_keys(self, question: Question) -> str:
        """``a number from 0 to 10 (minutes)``."""
        return self._range(question)

    def what_is_allowed(self, question: Question) -> str:
        """Type a number in the range, or press Enter."""
        return f"Please type {self._range(question)}, or press Enter if you don't know."

    @staticmethod
    def _range(question: Question) -> str:
        def num(value: float | None) -> str:
            return "?" if value is None else f"{value:g}"

        unit = f" ({question.unit})" if question.unit else ""
        return f"a number from {num(question.min)} to {num(question.max)}{unit}"
