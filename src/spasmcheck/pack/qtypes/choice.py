"""Choice questions: an option by its id, its number in the list or its label."""

from __future__ import annotations

from typing import Any

from spasmcheck.errors import did_you_mean
from spasmcheck.pack.conditions import UNKNOWN, Answer
from spasmcheck.pack.model import Question
from spasmcheck.pack.position import Pos

from .base import DONT_KNOW, QType, as_text, whole, words


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
