"""One class per question type: how its answers are read, listed, checked and shown.

Every path that takes an answer (``-a`` flags, answers files, stdin, batch lines, rule
test cases, the interview) parses it here, so all accept the same forms. Adding a
question type means one class here and its name in ``model.QuestionType``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any, ClassVar

from spasmcheck.errors import UsageError, did_you_mean

from .conditions import UNKNOWN, Answer
from .model import Pos, Question, plain_number

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


class Choice(QType):
    """choice: an option's id, its 1-based number, or its label (case-insensitive)."""

    def coerce(self, question: Question, raw: object) -> Answer | None:
        """The option id named by id, number or label."""
        if isinstance(raw, bool):
            return None
        options = question.options
        place = whole(raw)
        if place is not None:  # an option's number; a numeric id is its own number
            return options[place - 1].id if 1 <= place <= len(options) else None
        word = words(raw if isinstance(raw, str) else as_text(raw))
        for option in options:
            if word == option.id:
                return option.id
        for option in options:
            if word == words(option.label):
                return option.id
        return None

    def allowed(self, question: Question) -> str:
        """The option ids, then the other forms: ``a, b (or their number 1-2 or label) ...``."""
        ids = ", ".join(o.id for o in question.options)
        return f"{ids} (or their number 1-{len(question.options)} or label) or unknown"

    def values(self, question: Question) -> list[Any]:
        """The option ids and ``unknown``."""
        return [o.id for o in question.options] + [UNKNOWN]

    def is_normal(self, question: Question, value: object) -> bool:
        """An option id or ``unknown``, as text."""
        return type(value) is str and (
            value == UNKNOWN or any(o.id == value for o in question.options)
        )

    def check_value(self, question: Question, value: Any) -> str | None:
        """Rules compare a choice with its option ids (a quoted yes/no is a common slip)."""
        options = [o.id for o in question.options]
        if value in options:
            return None
        listed = ", ".join(options)
        if value in ("yes", "no"):
            return (
                "YAML reads unquoted yes/no as a boolean: quote the option of "
                f"{question.id!r} ({listed})"
            )
        hint = did_you_mean(str(value), options)
        return f"{value!r} is not an option of {question.id!r} ({listed}){hint}"

    def option_problems(self, question: Question) -> list[tuple[Pos, str]]:
        """At least two options, no id twice, and no id that is another option's number."""
        ids = [o.id for o in question.options]
        found = []
        if len(ids) < 2:
            message = f"choice question {question.id!r} needs at least two options"
            found.append((question.pos, message))
        for number, option in enumerate(question.options, 1):
            if ids.count(option.id) > 1:
                found.append((option.pos, f"option {option.id!r} appears twice in {question.id!r}"))
            if option.id.isdigit() and int(option.id) != number:
                # An answer may name an option by its number: such an id would be ambiguous.
                found.append(
                    (
                        option.pos,
                        f"option {option.id!r} of {question.id!r} is a number other than its "
                        f"own ({number}): {option.id!r} would also name option {option.id}",
                    )
                )
        return found

    def prompt_keys(self, question: Question) -> str:
        """``1-N``."""
        return f"1-{len(question.options)}"

    def what_is_allowed(self, question: Question) -> str:
        """Type a number from 1 to N, or press Enter."""
        return (
            f"Please type a number from 1 to {len(question.options)}, "
            "or press Enter if you don't know."
        )

    def shown(self, question: Question, value: Answer) -> str:
        """The option's label."""
        if value == UNKNOWN:
            return DONT_KNOW
        return next((o.label for o in question.options if o.id == value), str(value))


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
