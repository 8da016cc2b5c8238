"""Reading one JSON Lines record safely: hostile lines are refused with a reason, never a
traceback or a stalled run.

Refused: a line longer than ``MAX_LINE_BYTES``, nesting too deep for the parser, a key
given twice (two answers to one question), ``NaN`` or ``Infinity`` (not JSON), a number
out of range or too long to read, text that is not UTF-8. The usual line (a flat object
of text, numbers, booleans and nulls) is read by orjson, faster than ``json`` with the
hooks these checks need; anything else, and anything orjson reads differently (a long
integer it would round to a float, a key given twice), is read by ``json``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any, Protocol

import orjson

MAX_LINE_BYTES = 1024 * 1024
"""The longest batch line read (1 MiB, without its newline): a longer one is an error
record, and only this much of it is ever held in memory (``bounded_lines``)."""

MAX_DIGITS = 1000
"""The longest integer read from a batch line; Python's own limit (4300 digits) would
otherwise surface as a ``ValueError`` from deep inside the parser."""

BLANK: object = object()
"""What ``read_record`` returns for a blank line (skipped; ``null`` is a record)."""


class Unreadable(ValueError):
    """A line that cannot be read as a record; its text is the whole message."""


def read_record(raw: bytes | str) -> Any:
    """The value on one line, or ``BLANK`` for a blank line; ``Unreadable`` if not JSON."""
    if _too_long(raw):
        raise Unreadable(f"line longer than {MAX_LINE_BYTES} bytes (1 MiB)")
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass  # blank, a BOM, not UTF-8, invalid, too deep: json says which
    else:
        if _plain(record, raw):
            return record
    try:
        text = raw.decode() if isinstance(raw, bytes) else raw
        # json.loads, without its encoding sniffing: JSON Lines is UTF-8.
        text = text.strip(_JSON_SPACE).removeprefix("\ufeff")
        if not text:
            return BLANK
        record, end = _raw_decode(text)
        if end != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
    except UnicodeDecodeError:
        raise Unreadable("invalid JSON: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise Unreadable(f"invalid JSON: {error.msg}") from None
    except RecursionError:  # the C parser's depth guard: 100k "[" on one line
        raise Unreadable("invalid JSON: nested too deeply") from None
    except Unreadable:
        raise
    except ValueError:  # anything else the parser refuses
        raise Unreadable("invalid JSON") from None
    return record


def _plain(record: Any, raw: bytes | str) -> bool:
    """Whether orjson's reading is the one ``json`` with every check would give: an object,
    no escapes (which could hide a quote or a lone surrogate), no run of 20 digits (an
    integer orjson would round to a float), and each key once. Without escapes every
    ``"`` of the line delimits a string, so the line holds twice as many quotes as the
    object holds strings (keys and text values) unless a key given twice was dropped.

    The usual line (text, whole numbers, booleans and nulls) is checked from its values'
    types, all in C; one with a float, a list or an object has its digits looked at and is
    written back to count its quotes."""
    if type(record) is not dict:
        return False
    if isinstance(raw, str):
        try:
            raw = raw.encode()
        except UnicodeEncodeError:
            return False
    if b"\\" in raw:
        return False
    kinds = list(map(type, record.values()))
    if _FLAT.issuperset(kinds):  # no float, list or object: no digits to look at
        return raw.count(b'"') == 2 * (len(record) + kinds.count(str))
    if _LONG in raw.translate(_ZEROS):
        return False
    return raw.count(b'"') == orjson.dumps(record).count(b'"')


_FLAT = frozenset((str, int, bool, type(None)))
"""The types of a flat object's values that need no look at the digits: orjson reads an
integer of up to 64 bits exactly, and a longer one as a float."""


_ZEROS = bytes.maketrans(b"123456789", b"000000000")
_LONG = b"0" * 20
"""Beyond 19 digits an integer may be beyond 64 bits, which orjson reads as a float: such
a line (every digit made a 0) is read by ``json``, exactly."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (two answers to one question)."""
    record = dict(pairs)
    if len(record) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise Unreadable(f"invalid JSON: duplicate key {key!r}")
            seen.add(key)
    return record


def _constant(name: str) -> Any:
    raise Unreadable(f"invalid JSON: {name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400
        raise Unreadable(f"invalid JSON: the number {text[:20]!r} is out of range")
    return value


def _int(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise Unreadable(f"invalid JSON: a number longer than {MAX_DIGITS} digits")
    return int(text)


_raw_decode = json.JSONDecoder(
    object_pairs_hook=_object, parse_constant=_constant, parse_float=_float, parse_int=_int
).raw_decode
_JSON_SPACE = " \t\n\r"


def _too_long(raw: bytes | str) -> bool:
    """Whether a line, without its newline, is longer than ``MAX_LINE_BYTES``."""
    size = len(raw)
    if size <= MAX_LINE_BYTES:
        return False
    return size > MAX_LINE_BYTES + 1 or raw[-1:] not in (b"\n", "\n")


class LineSource(Protocol):
    """What ``bounded_lines`` reads: a binary file, stdin's buffer, a ``BytesIO``."""

    def readline(self, size: int = -1, /) -> bytes:
        """At most ``size`` bytes, up to and including the next newline."""
        ...


def bounded_lines(stream: LineSource, limit: int = MAX_LINE_BYTES) -> Iterator[bytes]:
    """The lines of a binary stream, none held longer than ``limit`` + 1 bytes.

    A longer line is yielded cut to ``limit`` + 1 bytes with no newline (``read_record``
    makes it an error) and the rest of it is skipped in small reads, so one 300 MB line
    costs 1 MiB of memory, not 1.2 GB.
    """
    readline = stream.readline
    while True:
        line = readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            rest = line
            while rest and not rest.endswith(b"\n"):
                rest = readline(64 * 1024)
        yield line
