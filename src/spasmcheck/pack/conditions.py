"""The condition language of rule files: data, never code, and its one evaluator.

A condition is ``all`` / ``any`` / ``not`` over leaves that compare one answer, or (in
triage rules) test the likely cause. Evaluation is three-valued: a comparison with an
unknown answer is *unknown* (``None``), not false, so that "don't know" never counts as
yes or as no, not even under ``not``. Only a result of ``True`` makes a rule fire.

Each condition is compiled into a closure when it is built (``condition.test``), from its
parts' closures, so the tree is walked once per pack rather than once per answer set.
That closure is the only evaluator: the engine, the interview, ``--explain``, lint and
rule-test coverage all call it. tests/oracle.py holds an obviously correct tree walker
that the property tests check it against.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

Truth = bool | None
"""True, False, or None for unknown."""

UNKNOWN = "unknown"
"""The answer "don't know"; also what every unanswered question counts as."""

Answer = str | int | float
"""A normalised answer: ``"yes"``/``"no"``, an option id, a number, or ``UNKNOWN``."""


class Test(Protocol):
    """A compiled condition: ``test(answers, likely_cause)`` -> True, False or None."""

    def __call__(self, answers: Mapping[str, Any], likely: str | None = None, /) -> Truth: ...


OPERATORS = ("is", "one_of", "at_least", "at_most", "above", "below", "unknown", "answered")
"""Keys a comparison may use beside ``question``; exactly one per comparison."""

NUMERIC_OPERATORS = frozenset({"at_least", "at_most", "above", "below"})

# Plain classes with __slots__ rather than dataclasses: they are built for every rule at
# every start-up, and each dataclass costs several exec() calls when its module loads.


class _Node:
    __slots__ = ("pos", "reads", "test")
    pos: Any
    test: Test
    reads: tuple[str, ...]
    """The question ids it reads, each once, in the order written (worked out once)."""

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Node) and type(other) is type(self) and self._key() == other._key()
        )

    def __hash__(self) -> int:
        return hash((type(self), self._key()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._key()!r}"

    def _key(self) -> tuple[Any, ...]:  # pragma: no cover - each subclass says
        raise NotImplementedError


class Compare(_Node):
    """``{question: ID, OPERATOR: VALUE}``: one answer against a value."""

    __slots__ = ("op", "question", "value")

    def __init__(self, question: str, op: str, value: Any, pos: Any = None) -> None:
        self.question, self.op, self.value, self.pos = question, op, value, pos
        self.test = _compare(question, op, value)
        self.reads = (question,)

    def _key(self) -> tuple[Any, ...]:
        return (self.question, self.op, self.value)


class LikelyCause(_Node):
    """``{likely_cause: ID}``: the engine named this cause (triage rules only)."""

    __slots__ = ("cause",)

    def __init__(self, cause: str, pos: Any = None) -> None:
        self.cause, self.pos = cause, pos
        self.reads = ()

        def is_likely(answers: Mapping[str, Any], likely: str | None = None) -> Truth:
            return likely == cause

        self.test = is_likely

    def _key(self) -> tuple[Any, ...]:
        return (self.cause,)


class AllOf(_Node):
    """``{all: [...]}``: false if any part is false, else unknown if any is unknown."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[Condition, ...], pos: Any = None) -> None:
        self.items, self.pos = tuple(items), pos
        self.reads = _union(self.items)
        tests = tuple(i.test for i in self.items)

        def all_of(answers: Mapping[str, Any], likely: str | None = None) -> Truth:
            result: Truth = True
            for test in tests:
                value = test(answers, likely)
                if value is False:
                    return False
                if value is None:
                    result = None
            return result

        self.test = tests[0] if len(tests) == 1 else all_of

    def _key(self) -> tuple[Any, ...]:
        return (self.items,)


class AnyOf(_Node):
    """``{any: [...]}``: true if any part is true, else unknown if any is unknown."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[Condition, ...], pos: Any = None) -> None:
        self.items, self.pos = tuple(items), pos
        self.reads = _union(self.items)
        tests = tuple(i.test for i in self.items)

        def any_of(answers: Mapping[str, Any], likely: str | None = None) -> Truth:
            result: Truth = False
            for test in tests:
                value = test(answers, likely)
                if value is True:
                    return True
                if value is None:
                    result = None
            return result

        self.test = tests[0] if len(tests) == 1 else any_of

    def _key(self) -> tuple[Any, ...]:
        return (self.items,)


class Not(_Node):
    """``{not: ...}``: unknown stays unknown."""

    __slots__ = ("item",)

    def __init__(self, item: Condition, pos: Any = None) -> None:
        self.item, self.pos = item, pos
        self.reads = item.reads
        inner = item.test

        def negate(answers: Mapping[str, Any], likely: str | None = None) -> Truth:
            value = inner(answers, likely)
            return None if value is None else not value

        self.test = negate

    def _key(self) -> tuple[Any, ...]:
        return (self.item,)


Condition = Compare | LikelyCause | AllOf | AnyOf | Not


def _union(items: tuple[Condition, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(q for item in items for q in item.reads))


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "at_least": operator.ge,
    "at_most": operator.le,
    "above": operator.gt,
    "below": operator.lt,
}


def _compare(q: str, op: str, v: Any) -> Test:
    """The closure of one comparison. Answers are normalised, so ``unknown`` is the only
    value that is not comparable."""
    if op in ("unknown", "answered"):
        wanted = v if op == "unknown" else not v

        def is_unknown(a: Mapping[str, Any], likely: str | None = None) -> Truth:
            return (a.get(q, UNKNOWN) == UNKNOWN) is wanted

        return is_unknown
    if op == "is":

        def equals(a: Mapping[str, Any], likely: str | None = None) -> Truth:
            x = a.get(q, UNKNOWN)
            return None if x == UNKNOWN else x == v

        return equals
    if op == "one_of":

        def one_of(a: Mapping[str, Any], likely: str | None = None) -> Truth:
            x = a.get(q, UNKNOWN)
            return None if x == UNKNOWN else x in v

        return one_of
    order = _ORDER[op]

    def ordered(a: Mapping[str, Any], likely: str | None = None) -> Truth:
        x = a.get(q, UNKNOWN)
        return None if x == UNKNOWN else order(x, v)

    return ordered


def leaves(condition: Condition) -> Iterator[Compare | LikelyCause]:
    """Every comparison in a condition, depth first, in the order written (one generator,
    not one per level: checking a large pack walks every condition)."""
    stack: list[Condition] = [condition]
    while stack:
        current = stack.pop()
        if isinstance(current, (AllOf, AnyOf)):
            stack += reversed(current.items)
        elif isinstance(current, Not):
            stack.append(current.item)
        else:
            yield current


def questions_in(condition: Condition) -> list[str]:
    """The question ids a condition reads, each once, in the order written."""
    return list(condition.reads)


_WORDS = {"is": "is", "one_of": "is one of", "at_least": ">=", "at_most": "<=", "above": ">"}


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
    if condition.op in ("unknown", "answered"):
        state = condition.op if condition.value else f"not {condition.op}"
        return f"{condition.question} is {state}"
    value = condition.value
    shown = ", ".join(map(str, value)) if isinstance(value, tuple) else value
    return f"{condition.question} {_WORDS.get(condition.op, '<')} {shown}"
