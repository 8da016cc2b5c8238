"""Export and import: JSON Lines, one entry per line, every field kept but the local number.

A line is ``{"format": 1, "uid", "kind", "at", "saved", "data"}``; exporting, importing
into an empty diary and exporting again gives the same bytes. Importing is one
transaction (all lines or none) and skips entries whose ``uid`` is already there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from spasmcheck.errors import CONTROL, UsageError, printable

from .store import KINDS, Entry, stamp

FORMAT = 1
"""The version of the export line format."""


def export_lines(entries: Iterable[Entry]) -> Iterator[str]:
    """Each entry as one line of JSON (with its newline)."""
    for e in entries:
        line = {
            "format": FORMAT,
            "uid": e.uid,
            "kind": e.kind,
            "at": stamp(e.at),
            "saved": stamp(e.saved),
            "data": e.data,
        }
        yield json.dumps(line, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def read_lines(lines: Iterable[str], source: str) -> list[Entry]:
    """The entries of an export, checked; ``UsageError`` naming ``source:line`` and what
    is wrong at the first bad line (nothing is imported then)."""
    found = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            found.append(_entry(json.loads(line)))
        except (ValueError, TypeError, KeyError) as error:
            why = str(error) if isinstance(error, _Bad) else _plain(error)
            raise UsageError(f"{source}:{number}: not a diary export line: {why}") from None
    return found


class _Bad(ValueError):
    """A line that is JSON but not an entry."""


def _entry(obj: Any) -> Entry:
    if not isinstance(obj, dict):
        raise _Bad("expected a JSON object")
    if obj.get("format") != FORMAT:
        raise _Bad(f"format must be {FORMAT}, found {obj.get('format')!r}")
    uid, kind, data = obj.get("uid"), obj.get("kind"), obj.get("data")
    if not isinstance(uid, str) or not uid or len(uid) > 100:
        raise _Bad("uid must be a short non-empty string")
    if kind not in KINDS:
        raise _Bad(f"kind must be one of {', '.join(KINDS)}, found {kind!r}")
    if not isinstance(data, dict):
        raise _Bad("data must be a JSON object")
    _refuse_control_characters(data)
    return Entry(0, uid, kind, _time(obj, "at"), _time(obj, "saved"), data)


def _refuse_control_characters(value: Any) -> None:
    """Text from a file may end up on a terminal (``diary``, ``trends``, ``report``):
    like rule text, it may hold no control character but a newline or a tab."""
    if isinstance(value, str):
        if CONTROL.search(value.replace("\n", "").replace("\t", "")):
            raise _Bad(f"a control character in {printable(value[:40])!r}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_control_characters(key)
            _refuse_control_characters(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_control_characters(item)


def _time(obj: dict[str, Any], key: str) -> datetime:
    value = obj.get(key)
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise _Bad(f"{key} must be an ISO 8601 time, found {value!r}") from None
    if moment.tzinfo is None:
        raise _Bad(f"{key} must give its UTC offset, found {value!r}")
    return moment


def _plain(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON ({error.msg} at column {error.colno})"
    return str(error)
