"""JSON Schema of rule files and rule test files, generated from the model records.

The loader validates YAML against the same dataclass fields (``structure.py``), so the
schema editors use and the checks the loader makes cannot drift. Only the condition
language, which the loader parses by hand, has a hand-written (recursive) definition.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any, Literal, Union

from . import record
from .conditions import OPERATORS, Condition
from .fields import hints, is_required, public_fields
from .model import FORMAT_VERSION, ID_PATTERN, NUMBER_LIMIT, RuleFile

DRAFT = "https://json-schema.org/draft/2020-12/schema"
RULES_ID = "https://spasmcheck.invalid/schema/rules.schema.json"
TESTS_ID = "https://spasmcheck.invalid/schema/rule-tests.schema.json"

_SCALAR = {"type": ["string", "number", "boolean"]}
_NUMBER = {"type": "number"}


def condition_schema() -> dict[str, Any]:
    """The condition language: all / any / not, likely_cause, or one comparison."""
    ref = {"$ref": "#/$defs/condition"}
    nonempty = {"type": "array", "minItems": 1, "items": ref}

    def alone(key: str, value: dict[str, Any], text: str) -> dict[str, Any]:
        return {
            "type": "object",
            "description": text,
            "properties": {key: value},
            "required": [key],
            "additionalProperties": False,
        }

    ops: dict[str, Any] = {
        "is": {**_SCALAR, "description": "The answer is this value."},
        "one_of": {
            "type": "array",
            "minItems": 1,
            "items": _SCALAR,
            "description": "The answer is one of these values.",
        },
        "at_least": {**_NUMBER, "description": "The answer is this number or more."},
        "at_most": {**_NUMBER, "description": "The answer is this number or less."},
        "above": {**_NUMBER, "description": "The answer is more than this number."},
        "below": {**_NUMBER, "description": "The answer is less than this number."},
        "unknown": {"type": "boolean", "description": "true: the answer is unknown."},
        "answered": {"type": "boolean", "description": "true: the question was answered."},
    }
    assert set(ops) == set(OPERATORS)
    compare = {
        "type": "object",
        "description": "Compare one answer: question plus exactly one test.",
        "properties": {
            "question": {"type": "string", "pattern": ID_PATTERN, "description": "Question id."},
            **ops,
        },
        "required": ["question"],
        "additionalProperties": False,
        "minProperties": 2,
        "maxProperties": 2,
    }
    return {
        "description": "A condition: data, never code. Unknown answers never count as yes or no.",
        "oneOf": [
            alone("all", nonempty, "Every condition in the list holds."),
            alone("any", nonempty, "At least one condition in the list holds."),
            alone("not", ref, "The condition does not hold (unknown stays unknown)."),
            alone(
                "likely_cause",
                {"type": "string", "pattern": ID_PATTERN},
                "The likely cause is this cause id (triage rules only).",
            ),
            compare,
        ],
    }


class _Builder:
    """Record (or dataclass) fields to JSON Schema, one ``$defs`` entry per class."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {"condition": condition_schema()}

    def ref(self, cls: type) -> dict[str, Any]:
        """A reference to the ``$defs`` entry of ``cls``, added on first use."""
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: stops recursion on self-reference
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type) -> dict[str, Any]:
        """The schema of a dataclass: its public fields, the required ones, no others."""
        fields = public_fields(cls)
        props = {f.name: self.field(hints(cls)[f.name], f) for f in fields}
        schema: dict[str, Any] = {
            "type": "object",
            "description": " ".join((cls.__doc__ or "").split()),
            "properties": props,
            "additionalProperties": False,
        }
        required = [f.name for f in fields if is_required(f)]
        if required:
            schema["required"] = required
        return schema

    def field(self, tp: Any, f: Any) -> dict[str, Any]:
        """The schema of one field, with its documentation."""
        schema = self.type(tp, f)
        text = f.metadata.get("doc")
        if text:
            schema = {**schema, "description": text}
        return schema

    def type(self, tp: Any, f: Any) -> dict[str, Any]:
        """The schema of a field type."""
        origin = typing.get_origin(tp)
        if origin in (Union, types.UnionType):
            args = typing.get_args(tp)
            rest = [a for a in args if a is not type(None)]
            if set(rest) == set(typing.get_args(Condition)):
                inner: dict[str, Any] = {"$ref": "#/$defs/condition"}
            else:
                inner = self.type(rest[0], f)
            if type(None) in args:
                return {"anyOf": [inner, {"type": "null"}]}
            return inner
        if origin is tuple:
            return {"type": "array", "items": self.type(typing.get_args(tp)[0], f)}
        if record.is_record(tp) or dataclasses.is_dataclass(tp):
            return self.ref(tp)
        if origin is Literal:
            return {"enum": list(typing.get_args(tp))}
        if tp is str:
            schema: dict[str, Any] = {"type": "string", "minLength": 1}
            if "pattern" in f.metadata:
                schema["pattern"] = f.metadata["pattern"]
            return schema
        if tp is bool:
            return {"type": "boolean"}
        if tp in (int, float):
            limit = f.metadata.get("limit", NUMBER_LIMIT)
            schema = {"type": "integer" if tp is int else "number"}
            schema["minimum"] = f.metadata.get("minimum", -limit)
            schema["maximum"] = limit
            return schema
        raise TypeError(f"no schema for {tp!r}")  # pragma: no cover - a model bug


def rules_schema() -> dict[str, Any]:
    """The JSON Schema of one rule file."""
    builder = _Builder()
    root = builder.object(RuleFile)
    root["properties"]["format"]["maximum"] = FORMAT_VERSION
    return {
        "$schema": DRAFT,
        "$id": RULES_ID,
        "title": "spasmcheck rule file",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


def tests_schema() -> dict[str, Any]:
    """The JSON Schema of one rule test file (``tests/*.yaml``)."""
    from .ruletests.cases import CASE_KEYS, Expect

    builder = _Builder()
    expect = builder.object(Expect)
    expect["minProperties"] = 1
    expect["properties"]["likely_cause"]["anyOf"][0]["pattern"] = ID_PATTERN
    case = {
        "type": "object",
        "description": "Given answers, the outcome expected.",
        "properties": {
            "name": {"type": "string", "minLength": 1, "description": CASE_KEYS["name"]},
            "answers": {
                "type": "object",
                "description": CASE_KEYS["answers"],
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
            },
            "expect": {"$ref": "#/$defs/Expect", "description": CASE_KEYS["expect"]},
        },
        "required": list(CASE_KEYS),
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "$id": TESTS_ID,
        "title": "spasmcheck rule test file",
        "type": "object",
        "properties": {
            "format": {"const": 1, "description": "Rule test format version."},
            "cases": {"type": "array", "items": {"$ref": "#/$defs/Case"}},
        },
        "required": ["format", "cases"],
        "additionalProperties": False,
        "$defs": {"Case": case, "Expect": expect},
    }


def dumps(schema: dict[str, Any]) -> str:
    """The committed form: stable key order, two-space indent, newline at the end."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
