"""Compact batch results: the chosen fields of the JSON contract, as small dicts or CSV rows.

A field is a key of the ``--format json`` object (``likely_cause``), a dotted path into it
(``triage.level``, ``answers.frequency``; through a list it gives each item's value:
``red_flags.id``), or a key a batch result adds (``line``, ``id``, ``ignored_keys``).
Names are checked against the object that ``render.json.to_dict`` makes, so every key the
contract gains is a field with nothing listed here; only the top-level keys asked for are
made (``render.json.PARTS``), and the engine skips advice and unsure warning signs when
no field reads them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spasmcheck.engine.assess import assess_parsed
from spasmcheck.engine.result import Assessment
from spasmcheck.errors import UsageError, closest, printable
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render.json import DETAILS, PARTS, to_dict

BATCH_KEYS = ("line", "id", "ignored_keys")
"""Fields a batch result adds to the JSON object (``error`` is a column of its own)."""

ERROR = "error"
"""The CSV column (the last, always there) holding an error record's message."""

DEFAULT_CSV_FIELDS = (
    "line",
    "id",
    "triage.level",
    "triage.reasons",
    "likely_cause",
    "red_flags",
    "ignored_keys",
)
"""The columns of ``--format csv`` when ``--fields`` does not choose them."""


def parse_fields(text: str) -> list[str]:
    """``--fields id,triage.level`` as a list; blank items are refused, repeats kept once."""
    names = [name.strip() for name in text.split(",")]
    if not text.strip() or any(not name for name in names):
        raise UsageError(f"--fields {text!r}: expected names separated by commas")
    return list(dict.fromkeys(names))


class Fields:
    """A checked choice of fields for one pack: picks them from a result, nothing more."""

    def __init__(
        self, pack: RulePack | None, names: Sequence[str] | str, *, error_column: bool = True
    ) -> None:
        """``names`` checked against ``pack``'s results (``None``: trusted, as ``render.csv``
        does); ``error_column`` adds the CSV column ``error``."""
        if isinstance(names, str):
            names = parse_fields(names)
        if not names:
            raise UsageError("no fields chosen")
        self.names = tuple(dict.fromkeys(names))
        if ERROR in self.names:
            raise UsageError("--fields: leave out 'error': an error record always has it")
        if pack is None:
            self.paths = tuple(tuple(name.split(".")) for name in self.names)
        else:
            sample = _sample(pack)
            self.paths = tuple(_checked(name, sample) for name in self.names)
        self.error_column = error_column
        tops = {path[0] for path in self.paths}
        self.parts = tuple(top for top in PARTS if top in tops)
        self.other = tops - set(PARTS) - set(BATCH_KEYS)
        """Top keys ``to_dict`` makes outside ``PARTS`` (added there by ``**``): made whole."""
        self.details = bool(tops & DETAILS) or bool(self.other)

    def assess(self, pack: RulePack, answers: Mapping[str, Any]) -> Assessment:
        """The assessment these fields read (without advice when none is asked for)."""
        return assess_parsed(pack, answers, details=self.details)

    def pick(self, head: Mapping[str, Any], assessment: Assessment | None) -> dict[str, Any]:
        """``{field: value}`` from a result's batch keys and its assessment (None: an error
        record, whose other fields are None)."""
        made: dict[str, Any] = dict(head)
        if assessment is not None:
            for top in self.parts:
                made[top] = PARTS[top](assessment)
            if self.other:
                whole = to_dict(assessment)
                made.update((top, whole.get(top)) for top in self.other)
        out: dict[str, Any] = {}
        for name, path in zip(self.names, self.paths, strict=True):
            value = made.get(path[0])
            for key in path[1:]:
                value = _get(value, key)
            out[name] = value
        return out

    def csv_header(self) -> str:
        """The header row: each field's name, then ``error``."""
        return _csv_line([*self.names, ERROR] if self.error_column else self.names)

    def csv_row(self, picked: Mapping[str, Any], error: str | None = None) -> str:
        """One CSV row (RFC 4180, CRLF) of ``pick``'s result and the error message, if any."""
        cells = [cell(picked[name]) for name in self.names]
        if self.error_column:
            cells.append(error or "")
        return _csv_line(cells)


def cell(value: Any) -> str:
    """A value as one CSV cell: a list as its items joined with ``;`` (objects by their
    ``id``), true/false in lower case, nothing for null, other objects as compact JSON.

    Control characters in text (an id or a key from the input) are written escaped
    (``\\n``, ``\\x1b``), as in messages: a row is always one line, and cannot drive the
    terminal it is shown on."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(_joinable(item) for item in value):
        return ";".join(cell(item["id"] if isinstance(item, dict) else item) for item in value)
    from spasmcheck.render.json import dumps

    return dumps(value)


def _joinable(item: Any) -> bool:
    if isinstance(item, dict):
        return isinstance(item.get("id"), str)
    return item is None or isinstance(item, (str, int, float))


def _csv_line(cells: Iterable[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def _get(value: Any, key: str) -> Any:
    """``value[key]``, mapped over a list; None where there is nothing."""
    if isinstance(value, dict):
        return value.get(key)
    if isinstance(value, list):
        return [_get(item, key) for item in value]
    return None


def _sample(pack: RulePack) -> dict[str, Any]:
    """The JSON object of an empty answer set, with the batch keys: the names to check."""
    sample = {"line": 1, "id": "", "ignored_keys": []}
    sample.update(to_dict(assess_parsed(pack, {})))
    return sample


def _checked(name: str, sample: Mapping[str, Any]) -> tuple[str, ...]:
    """A field's path, once each step is known to exist (below a list, every key is allowed:
    its items may be empty in the sample)."""
    path = tuple(name.split("."))
    value: Any = sample
    for depth, key in enumerate(path):
        if isinstance(value, list):
            break
        if not isinstance(value, dict) or key not in value:
            where = ".".join(path[:depth])
            choices = value if isinstance(value, dict) else {}
            match = closest(key, choices)
            hint = f" (did you mean {'.'.join([*path[:depth], match])!r}?)" if match else ""
            inside = f" in {where!r}" if where else ""
            raise UsageError(f"--fields: unknown field {name!r}{inside}{hint}")
        value = value[key]
    return path
