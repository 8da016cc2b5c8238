"""What the model's fields say, worked out once per class and per type.

Model classes are ``Record``s (``record.py``); rule tests' ``Expect`` is a dataclass: both
have fields with ``name``, ``default``, ``default_factory`` and ``metadata``, so one walk
serves both. The structurer (YAML nodes to records) and the JSON Schema builder both read rule
files through these: public fields, their types, which are required, and the shape of
each type (optional union, tuple, nested dataclass or plain scalar); and, for the
structurer's shortcuts, which fields take plain text as written and which a condition.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from functools import cache
from typing import Any, Literal, Union

from . import record
from .conditions import Condition


@cache
def hints(cls: type) -> dict[str, Any]:
    """The resolved field types of a dataclass, worked out once."""
    return typing.get_type_hints(cls)


@cache
def plan(cls: type) -> tuple[dict[str, Any], dict[str, Any], list[str], bool]:
    """Per record or dataclass, once: its public fields by name, their types, the required names,
    and whether it records its position; ``build`` reads this for every mapping."""
    fields = {f.name: f for f in public_fields(cls)}
    types_ = {name: hints(cls)[name] for name in fields}
    required = [name for name, f in fields.items() if is_required(f)]
    has_pos = "pos" in {f.name for f in record.fields(cls)}
    return fields, types_, required, has_pos


UNION, TUPLE, DATACLASS, SCALAR = "union", "tuple", "dataclass", "scalar"
"""The kinds of field type ``shape`` tells apart."""
SHAPES: dict[int, tuple[Any, tuple[str, Any, bool, Any]]] = {}
"""The memo of ``shape`` by type identity; the structurer reads it inline for every node."""


def shape(tp: Any) -> tuple[str, Any, bool, Any]:
    """(kind, origin, takes None, inner type) of a field type, worked out once per type.

    The inner type is the one member of an optional union (``Condition`` for a condition)
    or a tuple's item type. Keyed by identity: field types live as long as their classes,
    and hashing a typing construct on every node costs more than the look-up saves.
    """
    found = SHAPES.get(id(tp))
    if found is not None and found[0] is tp:
        return found[1]
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        rest = tuple(a for a in args if a is not type(None))
        is_condition = tp is Condition or set(rest) == set(typing.get_args(Condition))
        result = (UNION, origin, type(None) in args, Condition if is_condition else rest[0])
    elif origin is tuple:
        result = (TUPLE, origin, False, typing.get_args(tp)[0])
    elif record.is_record(tp) or dataclasses.is_dataclass(tp):
        result = (DATACLASS, origin, False, None)
    else:
        result = (SCALAR, origin, False, None)
    SHAPES[id(tp)] = (tp, result)
    return result


def public_fields(cls: type) -> list[Any]:
    """The fields a rule file may write (``pos`` and the like are filled in by the loader)."""
    return [f for f in record.fields(cls) if not f.metadata.get("internal")]


def is_required(f: Any) -> bool:
    """Whether a rule file must write the field (it has no default)."""
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def label(cls: type) -> str:
    """``RedFlag`` -> ``red flag``, for messages."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()


NOT_PLAIN: Any = object()
"""What ``plain_text_fields`` holds for a field it does not list."""


@cache
def plain_text_fields(cls: type) -> dict[str, frozenset[str] | re.Pattern[str] | None]:
    """Per record class, once: its fields whose value, written as plain text, is taken as
    written: any text but blank (``None``: a ``str`` field with no pattern, optional or not), text
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
            words[name] = compiled(pattern) if pattern else None
        elif typing.get_origin(tp) is Literal:
            words[name] = frozenset(typing.get_args(tp))
    return words


@cache
def condition_fields(cls: type) -> frozenset[str]:
    """Per record class, once: its fields that hold a condition (``value`` reads a
    mapping for them with ``condition``)."""
    _, types_, _, _ = plan(cls)
    return frozenset(
        name for name, tp in types_.items() if shape(tp)[0] is UNION and shape(tp)[3] is Condition
    )


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """A field's ``pattern``, compiled once (``re.match`` looks its cache up every call)."""
    return re.compile(pattern)
