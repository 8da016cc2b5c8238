"""What every question type shares: the ``QType`` interface, and reading text and numbers
the same way on every path."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any, ClassVar

from spasmcheck.errors import UsageError
from spasmcheck.pack.conditions import UNKNOWN, Answer
from spasmcheck.pack.model import Question
from spasmcheck.pack.position import Pos

YES = ("yes", "y", "true", "1")
"""Every way to say yes, in the order error messages list them (case-insensitive)."""
NO = ("no", "n", "false", "0")
"""Every way to say no, in the order error messages list them (case-insensitive)."""
DONT_KNOW = "don't know"
"""How an unknown answer is shown to a person."""


def words(raw: str) -> str:
    """Typed text compared loosely: lower case, runs of spaces as one."""
    return " ".join(raw.split()).lower()


def as_text(raw: object) -> str:
    """``str(raw)``, except for an integer too long for Python to write (over 4300 digits)."""
    try:
        return str(raw).lower() if isinstance(raw, bool) else str(raw)
    except ValueError:  # int's digit limit: the message must not become a traceback
        return f"<a number of {raw.bit_length()} bits>" if isinstance(raw, int) else "<?>"


def shown_raw(raw: object) -> str:
    """The offending value, shortened: it is the person's own answer to this question."""
    text = as_text(raw)
    return repr(text if len(text) <= 40 else text[:37] + "...")


_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A number as a person or a JSON/YAML file writes it: ASCII digits, no ``_``, no ``nan``.

``float()`` alone would also take ``1_0`` (as 10), ``nan``, ``infinity`` and other
scripts' digits; YAML 1.1 would read ``1:00`` as 60 and ``0x2`` as 2. All are refused.
"""
_WHOLE = re.compile(r"(?:0|[1-9][0-9]{0,17})(?:\.0+)?")
"""A whole number as text: ``3``, or ``3.0`` as a spreadsheet or pandas writes it."""


def number(raw: object) -> float | int | None:
    """``raw`` as a finite number, or ``None``: one reading for every input path.

    An ``int`` stays exact (a 400-digit one is compared, never turned into a float, which
    would overflow); text must match ``_NUMBER``; booleans are not numbers.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        if not _NUMBER.fullmatch(text):
            return None
        raw = text
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def whole(raw: object) -> int | None:
    """``raw`` as a whole number (``3``, ``3.0``, ``"3"``, ``"3.0"``), or ``None``."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    if isinstance(raw, str):
        text = raw.strip()
        return int(float(text)) if _WHOLE.fullmatch(text) else None
    return None


class QType:
    """What one question type knows about its answers; subclasses fill in each step."""

    ordered: ClassVar[bool] = False
    """Whether at_least / at_most / above / below can test it."""

    def parse(self, question: Question, raw: object) -> Answer:
        """``raw`` (text, or a YAML/JSON value) in normal form; ``UsageError`` if not allowed.

        ``None``, empty text and ``unknown`` are ``UNKNOWN`` for every type. The message is
        one line naming the question, the value given and every form it allows.
        """
        if raw is None or (isinstance(raw, str) and words(raw) in ("", UNKNOWN)):
            return UNKNOWN
        value = self.coerce(question, raw)
        if value is None:
            raise UsageError(
                f"invalid value for {question.id}: {shown_raw(raw)}; "
                f"allowed: {self.allowed(question)}"
            )
        return value

    def coerce(self, question: Question, raw: object) -> Answer | None:
        """``raw`` (never empty or unknown) in normal form, or ``None`` when not allowed."""
        raise NotImplementedError

    def is_normal(self, question: Question, value: object) -> bool:
        """Whether ``value`` is already what ``parse`` returns (cheap: asked per answer)."""
        return value == UNKNOWN and type(value) is str

    def allowed(self, question: Question) -> str:
        """Every accepted form in words, for error messages and listings."""
        raise NotImplementedError

    def values(self, question: Question) -> list[Any]:
        """The normal-form values a script may pass, for JSON listings (empty: a range)."""
        return []

    def domain(self, question: Question, near: Iterable[float] = ()) -> list[Any]:
        """Answers lint tries: each that can change an outcome; ``near`` are compared numbers."""
        return [*self.values(question)]

    def check_value(self, question: Question, value: Any) -> str | None:
        """Why a rule condition's value cannot be an answer to ``question``, or ``None``."""
        raise NotImplementedError

    def definition_problems(self, question: Question) -> list[tuple[Pos, str]]:
        """What is wrong with the question's own definition: its options, then its range."""
        return [*self.option_problems(question), *self.range_problems(question)]

    def option_problems(self, question: Question) -> list[tuple[Pos, str]]:
        """Only choice questions have options."""
        if not question.options:
            return []
        message = f"only choice questions have options; {question.id!r} is {question.type}"
        return [(question.pos, message)]

    def range_problems(self, question: Question) -> list[tuple[Pos, str]]:
        """Only scale and number questions have min and max."""
        if question.min is None and question.max is None:
            return []
        message = "only scale and number questions have min and max"
        return [(question.pos, f"{message}; {question.id!r} is {question.type}")]

    def prompt_keys(self, question: Question) -> str:
        """The answer keys the interview shows in its prompt, e.g. ``y / n`` or ``1-4``."""
        raise NotImplementedError

    def what_is_allowed(self, question: Question) -> str:
        """The interview's reply to bad input: what the question allows, in a sentence."""
        raise NotImplementedError

    def shown(self, question: Question, value: Answer) -> str:
        """An answer in the person's words: "don't know" for unknown."""
        return DONT_KNOW if value == UNKNOWN else str(value)
