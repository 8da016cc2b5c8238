"""The condition language of rule files: data, never code.

A condition is ``all`` / ``any`` / ``not`` over leaves that compare one answer, or (in
triage rules) test the likely cause. Evaluation is three-valued: a comparison with an
unknown answer is *unknown* (``None``), not false, so that "don't know" never counts as
yes or as no, not even under ``not``. Only a result of ``True`` makes a rule fire.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Truth = bool | None
"""True, False, or None for unknown."""

UNKNOWN = "unknown"

OPERATORS = ("is", "one_of", "at_least", "at_most", "above", "below", "unknown", "answered")
"""Keys a comparison may use beside ``question``; exactly one per comparison."""

NUMERIC_OPERATORS = frozenset({"at_least", "at_most", "above", "below"})


@dataclass(frozen=True, slots=True)
class Compare:
    """``{question: ID, OPERATOR: VALUE}``: one answer against a value."""

    question: str
    op: str
    value: Any
    pos: Any = field(default=None, compare=False, repr=False)

    def test(self, answers: Mapping[str, Any], likely_cause: str | None = None) -> Truth:
        answer = answers.get(self.question, UNKNOWN)
        op = self.op
        if op == "unknown":
            return (answer == UNKNOWN) is self.value
        if op == "answered":
            return (answer != UNKNOWN) is self.value
        if answer == UNKNOWN:
            return None
        if op == "is":
            return answer == self.value
        if op == "one_of":
            return answer in self.value
        if op == "at_least":
            return answer >= self.value
        if op == "at_most":
            return answer <= self.value
        if op == "above":
            return answer > self.value
        return answer < self.value  # below


@dataclass(frozen=True, slots=True)
class LikelyCause:
    """``{likely_cause: ID}``: the engine named this cause (triage rules only)."""

    cause: str
    pos: Any = field(default=None, compare=False, repr=False)

    def test(self, answers: Mapping[str, Any], likely_cause: str | None = None) -> Truth:
        return likely_cause == self.cause


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Condition, ...]
    pos: Any = field(default=None, compare=False, repr=False)

    def test(self, answers: Mapping[str, Any], likely_cause: str | None = None) -> Truth:
        result: Truth = True
        for item in self.items:
            value = item.test(answers, likely_cause)
            if value is False:
                return False
            if value is None:
                result = None
        return result


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Condition, ...]
    pos: Any = field(default=None, compare=False, repr=False)

    def test(self, answers: Mapping[str, Any], likely_cause: str | None = None) -> Truth:
        result: Truth = False
        for item in self.items:
            value = item.test(answers, likely_cause)
            if value is True:
                return True
            if value is None:
                result = None
        return result


@dataclass(frozen=True, slots=True)
class Not:
    item: Condition
    pos: Any = field(default=None, compare=False, repr=False)

    def test(self, answers: Mapping[str, Any], likely_cause: str | None = None) -> Truth:
        value = self.item.test(answers, likely_cause)
        return None if value is None else not value


Condition = Compare | LikelyCause | AllOf | AnyOf | Not


def leaves(condition: Condition) -> Iterator[Compare | LikelyCause]:
    """Every comparison in a condition, depth first, in the order written."""
    if isinstance(condition, (AllOf, AnyOf)):
        for item in condition.items:
            yield from leaves(item)
    elif isinstance(condition, Not):
        yield from leaves(condition.item)
    else:
        yield condition


def questions_in(condition: Condition) -> list[str]:
    """The question ids a condition reads, each once, in the order written."""
    seen: dict[str, None] = {}
    for leaf in leaves(condition):
        if isinstance(leaf, Compare):
            seen.setdefault(leaf.question, None)
    return list(seen)


def describe(condition: Condition) -> str:
    """A condition in words, for ``--explain`` and rule listings."""
    if isinstance(condition, AllOf):
        return "(" + " and ".join(describe(i) for i in condition.items) + ")"
    if isinstance(condition, AnyOf):
        return "(" + " or ".join(describe(i) for i in condition.items) + ")"
    if isinstance(condition, Not):
        return f"not {describe(condition.item)}"
    if isinstance(condition, LikelyCause):
        return f"likely cause is {condition.cause}"
    words = {
        "is": "is",
        "one_of": "is one of",
        "at_least": ">=",
        "at_most": "<=",
        "above": ">",
        "below": "<",
    }
    if condition.op in ("unknown", "answered"):
        state = condition.op if condition.value else f"not {condition.op}"
        return f"{condition.question} is {state}"
    value = condition.value
    shown = ", ".join(map(str, value)) if isinstance(value, tuple) else value
    return f"{condition.question} {words[condition.op]} {shown}"
