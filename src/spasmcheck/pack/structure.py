"""Turning YAML nodes into the rule records, driven by the records' own fields.

Every problem is collected with the position of its node, so a rule author sees all of
them at once. Cross-references (does that question exist?) are the loader's job. Aliases
and runaway nesting are refused before (``yamlsource.too_deep``), so they are not checked
again here and recursion is bounded.
"""

from __future__ import annotations

import functools
import re
import typing
from typing import Any, Literal

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from spasmcheck.errors import Problem, closest, did_you_mean

from . import scalars
from . import yamlsource as ys
from .conditions import (
    NUMERIC_OPERATORS,
    OPERATORS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    LikelyCause,
    Not,
)
from .fields import DATACLASS, SCALAR, SHAPES, TUPLE, UNION, label, plan, shape
from .model import NUMBER_LIMIT

_OPERATORS = frozenset(OPERATORS)
_STR = ys.STR
_NOT_WORDS: Any = object()
"""What ``_words`` holds for a field it does not list."""
_NUMBERS = frozenset({ys.INT, ys.FLOAT})

INVALID: Any = object()
"""Returned where a value could not be built; its problem is already recorded."""


class Structurer:
    """Builds one file's records, collecting problems instead of stopping at the first."""

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

    # --- records -----------------------------------------------------------------------

    def build(self, cls: type, node: Node) -> Any:
        """An instance of the dataclass ``cls`` from a mapping node, or ``INVALID``."""
        if node.tag != ys.MAP or type(node) is not MappingNode:  # else both checks pass
            if not self._enter(node):
                return INVALID
            if not isinstance(node, MappingNode):
                return self.error(
                    node, f"a {label(cls)} must be a mapping, not {ys.describe(node)}"
                )
        items, problems = ys.mapping_items(node, self.path)
        if problems:
            self.problems.extend(problems)
        fields, types_, required, has_pos = plan(cls)
        words = _words(cls)
        values: dict[str, Any] = {}
        ok = True
        for key, key_node, value_node in items:
            allowed = words.get(key, _NOT_WORDS)
            if (
                allowed is not _NOT_WORDS
                and value_node.tag == _STR
                and type(value_node) is ScalarNode
                and (
                    allowed is None
                    or (
                        value_node.value in allowed
                        if type(allowed) is frozenset
                        else allowed.match(value_node.value)
                    )
                )
            ):
                values[key] = value_node.value  # what `value` returns, without its steps
                continue
            f = fields.get(key)
            if f is None:
                self.error(
                    key_node, f"unknown key {key!r} in {label(cls)}{did_you_mean(key, fields)}"
                )
                ok = False
                continue
            if type(value_node) is MappingNode and key in _conditions(cls):
                value = self.condition(value_node)  # what `value` would call
            else:
                value = self.value(types_[key], value_node, f)
            if value is INVALID:
                ok = False
            else:
                values[key] = value
        missing = [name for name in required if name not in values]
        if missing:
            misspelt = {closest(key, fields) for key, _, _ in items if key not in fields}
            for name in missing:
                # Absent, not merely invalid, nor already reported as a misspelt unknown key.
                if not any(key == name for key, _, _ in items) and name not in misspelt:
                    self.error(node, f"{label(cls)} is missing the required key {name!r}")
        if not ok or missing:
            return INVALID
        if has_pos:
            values["pos"] = ys.pos(node, self.path)
        return cls(**values)

    def value(self, tp: Any, node: Node, f: Any) -> Any:
        """A value of the field type ``tp`` from ``node``, or ``INVALID``."""
        found = SHAPES.get(id(tp))  # shape(tp), inlined: this runs for every node
        kind, origin, optional, rest = found[1] if found and found[0] is tp else shape(tp)
        if kind is SCALAR and type(node) is ScalarNode and node.tag in ys.SCALAR_TAGS:
            return self.scalar(tp, origin, node, f)  # most nodes: what `_enter` would pass
        if kind is UNION:
            if optional and isinstance(node, ScalarNode) and node.tag == ys.NULL:
                return None
            if rest is Condition:
                return self.condition(node)
            return self.value(rest, node, f)
        if kind is TUPLE:
            if not self._enter(node):
                return INVALID
            if not isinstance(node, SequenceNode):
                return self.error(node, f"{f.name} must be a list, not {ys.describe(node)}")
            if shape(rest)[0] is DATACLASS:  # a list of records: `value` would build each
                built = [self.build(rest, item) for item in node.value]
            else:
                built = [self.value(rest, item, f) for item in node.value]
            return INVALID if any(b is INVALID for b in built) else tuple(built)
        if kind is DATACLASS:
            return self.build(tp, node)
        if not self._enter(node):
            return INVALID
        if not isinstance(node, ScalarNode):
            return self.error(node, f"{f.name} must be a single value, not {ys.describe(node)}")
        return self.scalar(tp, origin, node, f)

    def scalar(self, tp: Any, origin: Any, node: ScalarNode, f: Any) -> Any:
        """A plain value of type ``tp``: a Literal's word, text, a boolean or a number."""
        name = f.name
        if tp is str:  # the most common; a Literal's origin is Literal, never str
            if node.tag == ys.BOOL:
                return self.error(
                    node,
                    f"{name}: YAML reads unquoted {node.value} as a boolean; "
                    f'write "{node.value}" in quotes',
                )
            if node.tag == ys.NULL:
                return self.error(node, f"{name} is empty")
            text = str(node.value)
            pattern = f.metadata.get("pattern")
            if pattern and not _compiled(pattern).match(text):
                return self.error(node, f"{name} {text!r} is not valid: {f.metadata['doc']}")
            return text
        if origin is Literal:
            allowed = typing.get_args(tp)
            if node.tag == ys.STR and node.value in allowed:
                return node.value
            hint = did_you_mean(str(node.value), allowed)
            return self.error(
                node, f"{name} must be one of {', '.join(allowed)}, not {ys.describe(node)}{hint}"
            )
        if tp is bool:
            if node.tag != ys.BOOL:
                return self.error(node, f"{name} must be true or false, not {ys.describe(node)}")
            return ys.scalar(node)
        if tp in (int, float):
            if node.tag not in (ys.INT, ys.FLOAT) or (tp is int and node.tag != ys.INT):
                kind = "a whole number" if tp is int else "a number"
                return self.error(node, f"{name} must be {kind}, not {ys.describe(node)}")
            number, refused = scalars.number(node, f.metadata.get("limit", NUMBER_LIMIT))
            if refused:
                return self.error(node, f"{name}: {refused}")
            minimum = f.metadata.get("minimum")
            if minimum is not None and number < minimum:
                return self.error(node, f"{name} must be at least {minimum}")
            return number
        raise TypeError(f"no rule for type {tp!r}")  # pragma: no cover - a model bug

    # --- conditions --------------------------------------------------------------------

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
    """``{question: ID, is: WORD}`` (nine in ten comparisons) with every node plain text or
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


@functools.cache
def _words(cls: type) -> dict[str, frozenset[str] | re.Pattern[str] | None]:
    """Per record class, once: its fields whose value, written as plain text, is taken as
    written: any text (``None``: a ``str`` field with no pattern, optional or not), text
    that matches the field's pattern, or one of a ``Literal``'s words. For such a node
    ``value`` returns its text; ``build`` takes it without the call (nearly every value
    of a pack), and leaves anything else, errors included, to ``value``."""
    fields, types_, _, _ = plan(cls)
    words: dict[str, frozenset[str] | re.Pattern[str] | None] = {}
    for name, tp in types_.items():
        kind, _origin, _optional, rest = shape(tp)
        if kind is UNION and rest is not Condition:
            tp = rest  # `value` reads a text node as the union's one other member
        if tp is str:
            pattern = fields[name].metadata.get("pattern")
            words[name] = _compiled(pattern) if pattern else None
        elif typing.get_origin(tp) is Literal:
            words[name] = frozenset(typing.get_args(tp))
    return words


@functools.cache
def _conditions(cls: type) -> frozenset[str]:
    """Per record class, once: its fields that hold a condition (``value`` reads a
    mapping for them with ``condition``)."""
    _, types_, _, _ = plan(cls)
    return frozenset(
        name for name, tp in types_.items() if shape(tp)[0] is UNION and shape(tp)[3] is Condition
    )


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A field's ``pattern``, compiled once (``re.match`` looks its cache up every call)."""
    return re.compile(pattern)


def _answer_form(value: Any) -> Any:
    """YAML reads an unquoted ``yes`` / ``no`` as a boolean; answers are the words."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
