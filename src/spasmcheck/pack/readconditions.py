"""Turning YAML nodes into conditions (``conditions.py``), for the structurer.

``NodeReader`` holds what reading any node takes (the file, the problems found so far,
the tag check); ``ConditionReader`` reads the condition language on top of it, and
``structure.Structurer`` the records on top of that.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from spasmcheck.errors import Problem, did_you_mean

from . import scalars
from . import yamlsource as ys
from .conditions import (
    NUMERIC_OPERATORS,
    OPERATORS,
    AllOf,
    AnyOf,
    Compare,
    LikelyCause,
    Not,
)

INVALID: Any = object()
"""Returned where a value could not be built; its problem is already recorded."""

_OPERATORS = frozenset(OPERATORS)
_NUMBERS = frozenset({ys.INT, ys.FLOAT})


class NodeReader:
    """Reads one file's nodes, collecting problems instead of stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, node: Node, message: str) -> Any:
        """Record a problem at ``node``; returns ``INVALID`` for the caller to pass on."""
        self.problems.append(ys.problem(node, self.path, message))
        return INVALID

    def _enter(self, node: Node) -> bool:
        """Refuse explicit tags before reading a node (the caller ran ``too_deep``)."""
        if node.tag in (ys.SCALAR_TAGS if type(node) is ScalarNode else ys.COLLECTION_TAGS):
            return True  # the common case, without a call
        bad_tag = ys.check_tag(node, self.path)
        if bad_tag:
            self.problems.append(bad_tag)
            return False
        return True


class ConditionReader(NodeReader):
    """Reads conditions: ``all`` / ``any`` / ``not`` / ``likely_cause`` and comparisons."""

    def condition(self, node: Node) -> Any:
        """A condition from ``{all: [...]}``, ``{any: [...]}``, ``{not: ...}`` or a comparison."""
        quick = _plain_is(node, self.path)
        if quick is not None:
            return quick
        if node.tag != ys.MAP or type(node) is not MappingNode:  # else both checks pass
            if not self._enter(node):
                return INVALID
            if not isinstance(node, MappingNode):
                return self.error(node, f"a condition must be a mapping, not {ys.describe(node)}")
        items, problems = ys.mapping_items(node, self.path)
        if problems:
            self.problems.extend(problems)
        keys = {key: (key_node, value) for key, key_node, value in items}
        for combinator in ("all", "any"):
            if combinator in keys:
                if len(keys) > 1:
                    return self.error(node, f"'{combinator}' must stand alone in its condition")
                _key_node, value = keys[combinator]
                if not self._enter(value):
                    return INVALID
                if not isinstance(value, SequenceNode) or not value.value:
                    return self.error(value, f"'{combinator}' takes a non-empty list of conditions")
                built = [self.condition(item) for item in value.value]
                if any(b is INVALID for b in built):
                    return INVALID
                cls = AllOf if combinator == "all" else AnyOf
                return cls(tuple(built), ys.pos(node, self.path))
        if "not" in keys:
            if len(keys) > 1:
                return self.error(node, "'not' must stand alone in its condition")
            inner = self.condition(keys["not"][1])
            return INVALID if inner is INVALID else Not(inner, ys.pos(node, self.path))
        if "likely_cause" in keys:
            if len(keys) > 1:
                return self.error(node, "'likely_cause' must stand alone in its condition")
            value = keys["likely_cause"][1]
            if not isinstance(value, ScalarNode) or value.tag != ys.STR:
                return self.error(value, "likely_cause takes a cause id")
            return LikelyCause(value.value, ys.pos(node, self.path))
        return self.compare(node, keys)

    def compare(self, node: Node, keys: dict[str, Any]) -> Any:
        """A comparison: ``question`` and exactly one test."""
        if "question" not in keys:
            known = ["all", "any", "not", "likely_cause", "question"]
            unknown = [k for k in keys if k not in OPERATORS]
            hint = did_you_mean(unknown[0], known) if unknown else ""
            return self.error(
                node,
                "a condition needs 'question' and one test (is, one_of, at_least, at_most, "
                f"above, below, unknown, answered), or all / any / not / likely_cause{hint}",
            )
        question_node = keys["question"][1]
        if not isinstance(question_node, ScalarNode) or question_node.tag != ys.STR:
            return self.error(question_node, "question takes a question id")
        ops = [k for k in keys if k != "question"]
        for extra in ops:
            if extra not in _OPERATORS:
                hint = did_you_mean(extra, OPERATORS)
                return self.error(keys[extra][0], f"unknown test {extra!r} in condition{hint}")
        if len(ops) != 1:
            return self.error(node, f"a comparison takes exactly one test, found {len(ops)}")
        op = ops[0]
        value_node = keys[op][1]
        if not self._enter(value_node):
            return INVALID
        if op == "one_of":
            if not isinstance(value_node, SequenceNode) or not value_node.value:
                return self.error(value_node, "one_of takes a non-empty list of values")
            values = []
            for item in value_node.value:
                if not isinstance(item, ScalarNode):
                    return self.error(item, "one_of takes plain values")
                if item.tag in _NUMBERS:
                    refused = scalars.number(item)[1]
                    if refused:
                        return self.error(item, f"one_of: {refused}")
                values.append(_answer_form(ys.scalar(item)))
            return Compare(question_node.value, op, tuple(values), ys.pos(question_node, self.path))
        if not isinstance(value_node, ScalarNode) or value_node.tag == ys.NULL:
            return self.error(value_node, f"{op} takes a single value")
        if value_node.tag in _NUMBERS:
            refused = scalars.number(value_node)[1]
            if refused:
                return self.error(value_node, f"{op}: {refused}")
        value = ys.scalar(value_node)
        if op in ("unknown", "answered") and not isinstance(value, bool):
            return self.error(value_node, f"{op} takes true or false")
        if op in NUMERIC_OPERATORS and (
            isinstance(value, bool) or not isinstance(value, (int, float))
        ):
            return self.error(value_node, f"{op} takes a number, not {ys.describe(value_node)}")
        if op == "is":
            value = _answer_form(value)
        return Compare(question_node.value, op, value, ys.pos(question_node, self.path))


_PLAIN_IS = frozenset({ys.STR, ys.BOOL})


def _plain_is(node: Node, path: str) -> Compare | None:
    """``{question: ID, is: WORD}`` (most comparisons) with every node plain text or
    a boolean, as ``condition`` and ``compare`` would build it after all their checks,
    which it would pass; ``None`` for anything else, which they then read."""
    if node.tag != ys.MAP or type(node) is not MappingNode or len(node.value) != 2:
        return None
    (first, first_value), (second, second_value) = node.value
    if first.value == "is":
        first, first_value, second, second_value = second, second_value, first, first_value
    if (
        first.value == "question"
        and second.value == "is"
        and type(first) is ScalarNode
        and type(second) is ScalarNode
        and first.tag == ys.STR
        and second.tag == ys.STR
        and type(first_value) is ScalarNode
        and first_value.tag == ys.STR
        and type(second_value) is ScalarNode
        and second_value.tag in _PLAIN_IS
    ):
        answer = _answer_form(ys.scalar(second_value))
        return Compare(first_value.value, "is", answer, ys.pos(first_value, path))
    return None


def _answer_form(value: Any) -> Any:
    """YAML reads an unquoted ``yes`` / ``no`` as a boolean; answers are the words."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
