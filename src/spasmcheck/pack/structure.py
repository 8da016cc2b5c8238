"""Turning YAML nodes into the rule records, driven by the records' own fields.

Every problem is collected with the position of its node, so a rule author sees all of
them at once. Cross-references (does that question exist?) are the loader's job. Aliases
and runaway nesting are refused before (``yamlsource.too_deep``), so they are not checked
again here and recursion is bounded. Conditions are read by ``readconditions``.
"""

from __future__ import annotations

import typing
from typing import Any, Literal

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from spasmcheck.errors import closest, did_you_mean

from . import scalars
from . import yamlsource as ys
from .conditions import Condition
from .fields import (
    DATACLASS,
    NOT_PLAIN,
    SCALAR,
    SHAPES,
    TUPLE,
    UNION,
    compiled,
    condition_fields,
    label,
    plain_text_fields,
    plan,
    shape,
)
from .model import NUMBER_LIMIT
from .readconditions import INVALID, ConditionReader

__all__ = ["INVALID", "Structurer"]

_STR = ys.STR


class Structurer(ConditionReader):
    """Builds one file's records, collecting problems instead of stopping at the first."""

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
        words = plain_text_fields(cls)
        values: dict[str, Any] = {}
        ok = True
        for key, key_node, value_node in items:
            allowed = words.get(key, NOT_PLAIN)
            if (
                allowed is not NOT_PLAIN
                and value_node.tag == _STR
                and type(value_node) is ScalarNode
                and (
                    not value_node.value.isspace() and value_node.value != ""
                    if allowed is None  # any text, but not none: blank goes to `value`
                    else (
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
            if type(value_node) is MappingNode and key in condition_fields(cls):
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
            if not text.strip():  # "" or "  ": as empty as null, and shows nothing
                return self.error(node, f"{name} is empty")
            pattern = f.metadata.get("pattern")
            if pattern and not compiled(pattern).match(text):
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
