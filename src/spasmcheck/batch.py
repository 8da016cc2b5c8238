"""Batch assessment: many answer records against one pack, streamed, one result each.

Pure like the engine: records in, result objects (or JSON lines) out, nothing printed.
A record is the mapping ``--answers`` takes, or a FHIR QuestionnaireResponse (or a
Bundle holding one) on one line; its reserved key ``id`` (question ids may not use it in
batch records; for a FHIR record, the resource's id) is copied to the result so rows can
be joined back. A bad record gives an error object for its line and the run goes on,
unless ``fail_fast``.

Hostile lines are error records too, never a traceback or a stalled run: a line longer
than ``MAX_LINE_BYTES``, nesting too deep for the parser, a key given twice, ``NaN`` or
``Infinity`` (not JSON), a number too long to read, an ``id`` that cannot be written back
as JSON (a lone surrogate, a non-finite number).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

from spasmcheck.engine.answers import parse_answers
from spasmcheck.engine.assess import assess_parsed
from spasmcheck.errors import ExitCode, SpasmcheckError
from spasmcheck.pack.checks import RESERVED_ID
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render.json import dumps as _dumps
from spasmcheck.render.json import to_dict

ID_KEY = RESERVED_ID
"""The key of a record that names it; copied to its result, never read as a question
(the loader refuses it as a question id)."""

_MEMO_LIMIT = 50_000
"""Distinct (question, raw value) pairs remembered per pack; bounds memory on odd input."""

MAX_LINE_BYTES = 1024 * 1024
"""The longest batch line read (1 MiB, without its newline): a longer one is an error
record, and only this much of it is ever held in memory (``bounded_lines``)."""

MAX_DIGITS = 1000
"""The longest integer read from a batch line; Python's own limit (4300 digits) would
otherwise surface as a ``ValueError`` from deep inside the parser."""


def assess_many(
    pack: RulePack,
    records: Iterable[Mapping[str, Any]],
    *,
    fail_fast: bool = False,
    as_json: bool = False,
) -> Iterator[Any]:
    """Assess each record in turn and yield one result per record, lazily.

    A result is the ``--format json`` object plus ``line`` (1-based position of the
    record) and ``id`` when the record has one. A record that cannot be assessed yields
    ``{"line", "id"?, "error": {"message", "exit_code"}}`` instead; with ``fail_fast``
    nothing follows it. ``as_json=True`` yields the compact JSON text of each object
    (what ``spasmcheck assess --batch`` prints). Records are read one at a time, so any
    iterable (a generator, a DataFrame's ``to_dict("records")``, a Spark partition) is fine.
    """
    batch = Batch(pack)
    step = batch.json if as_json else batch.dict
    for line, record in enumerate(records, 1):
        result, ok = step(line, record)
        yield result
        if fail_fast and not ok:
            return


class Batch:
    """One pack plus the memo of parsed answers, shared by every record."""

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        self._memo: dict[tuple[Any, type, Any], tuple[str, Any]] = {}

    # --- answers ---------------------------------------------------------------------

    def answers(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """``parse_answers`` of a record without its id, remembering each value's result."""
        if type(record) is not dict and not isinstance(record, Mapping):
            raise _BadRecord("expected a JSON object of question ids to answers")
        if "resourceType" in record:  # a FHIR QuestionnaireResponse, or a Bundle with one
            from spasmcheck.fhir.reading import answers_from_fhir

            return parse_answers(self.pack, answers_from_fhir(self.pack, record))
        memo = self._memo
        answers: dict[str, Any] = {}
        for key, raw in record.items():
            if key == ID_KEY:
                continue
            try:
                question, value = memo[(key, type(raw), raw)]
            except (KeyError, TypeError):  # not seen yet, or a list / mapping (refused)
                if isinstance(raw, (list, dict)):
                    raise _BadRecord(
                        f"{key}: each answer must be a single value, not a list or mapping"
                    ) from None
                ((question, value),) = parse_answers(self.pack, {key: raw}).items()
                if len(memo) < _MEMO_LIMIT:
                    memo[(key, type(raw), raw)] = (question, value)
            if question in answers:  # "sore" and "sore ": conflicting health answers
                raise _BadRecord(f"{question!r} is answered twice")
            answers[question] = value
        return answers

    # --- one record --------------------------------------------------------------------

    def dict(self, line: int, record: Any) -> tuple[dict[str, Any], bool]:
        """The result object of one record, and whether it could be assessed."""
        head: dict[str, Any] = {"line": line}
        try:
            if (type(record) is dict or isinstance(record, Mapping)) and ID_KEY in record:
                head[ID_KEY] = _checked_id(record[ID_KEY])
            result = to_dict(assess_parsed(self.pack, self.answers(record)))
        except SpasmcheckError as error:
            return {**head, "error": _error(error)}, False
        return {**head, **result}, True

    def json(self, line: int, record: Any) -> tuple[str, bool]:
        """``dict`` as compact JSON text."""
        result, ok = self.dict(line, record)
        try:
            return _dumps(result), ok
        except (TypeError, ValueError):  # a Python caller's id of a type JSON lacks
            bad = _BadRecord("the id cannot be written as JSON")
            return _dumps({"line": line, "error": _error(bad)}), False

    # --- JSON Lines ----------------------------------------------------------------------

    def lines(
        self, lines: Iterable[bytes | str], *, fail_fast: bool = False
    ) -> Iterator[tuple[str, bool]]:
        """(compact JSON text, assessed?) for each non-blank line of JSON Lines input."""
        for number, raw in enumerate(lines, 1):
            try:
                if _too_long(raw):
                    raise _Unreadable(f"line longer than {MAX_LINE_BYTES} bytes (1 MiB)")
                text = raw.decode() if isinstance(raw, bytes) else raw
                # json.loads, without its encoding sniffing: JSON Lines is UTF-8.
                text = text.strip(_JSON_SPACE).removeprefix("\ufeff")
                if not text:
                    continue  # a blank line
                record, end = _raw_decode(text)
                if end != len(text):
                    raise json.JSONDecodeError("Extra data", text, end)
            except UnicodeDecodeError:
                out, ok = _unreadable(number, "invalid JSON: not UTF-8 text"), False
            except json.JSONDecodeError as error:
                out, ok = _unreadable(number, f"invalid JSON: {error.msg}"), False
            except _Unreadable as error:
                out, ok = _unreadable(number, str(error)), False
            except RecursionError:  # the C parser's depth guard: 100k "[" on one line
                out, ok = _unreadable(number, "invalid JSON: nested too deeply"), False
            except ValueError:  # anything else the parser refuses
                out, ok = _unreadable(number, "invalid JSON"), False
            else:
                out, ok = self.json(number, record)
            yield out, ok
            if fail_fast and not ok:
                return


class _BadRecord(SpasmcheckError):
    """A record that is not a mapping of single answers."""

    exit_code = ExitCode.BAD_INPUT


class _Unreadable(ValueError):
    """A line that cannot be read as a record; its text is the whole message."""


def _unreadable(line: int, message: str) -> str:
    return _dumps({"line": line, "error": _error(_BadRecord(message))})


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (two answers to one question)."""
    record = dict(pairs)
    if len(record) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Unreadable(f"invalid JSON: duplicate key {key!r}")
            seen.add(key)
    return record


def _constant(name: str) -> Any:
    raise _Unreadable(f"invalid JSON: {name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400
        raise _Unreadable(f"invalid JSON: the number {text[:20]!r} is out of range")
    return value


def _int(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise _Unreadable(f"invalid JSON: a number longer than {MAX_DIGITS} digits")
    return int(text)


_MAX_ID_BITS = math.ceil(MAX_DIGITS * math.log2(10))
"""An integer id of up to about ``MAX_DIGITS`` digits, as the parser reads them."""

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


def _checked_id(value: Any) -> Any:
    """A record's id, if it can be echoed as JSON: text, a finite number, a boolean or null."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _BadRecord("the id is not valid text (a lone surrogate)") from None
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _BadRecord("the id is not a finite number")
    elif isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > _MAX_ID_BITS:
            raise _BadRecord(f"the id is a number longer than {MAX_DIGITS} digits")
    elif value is not None and not isinstance(value, bool):
        raise _BadRecord("the id must be text or a number")
    return value


class LineSource(Protocol):
    """What ``bounded_lines`` reads: a binary file, stdin's buffer, a ``BytesIO``."""

    def readline(self, size: int = -1, /) -> bytes:
        """At most ``size`` bytes, up to and including the next newline."""
        ...


def bounded_lines(stream: LineSource, limit: int = MAX_LINE_BYTES) -> Iterator[bytes]:
    """The lines of a binary stream, none held longer than ``limit`` + 1 bytes.

    A longer line is yielded cut to ``limit`` + 1 bytes with no newline (``Batch.lines``
    makes it an error record) and the rest of it is skipped in small reads, so one
    300 MB line costs 1 MiB of memory, not 1.2 GB.
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


def _error(error: SpasmcheckError) -> dict[str, Any]:
    return {"message": str(error), "exit_code": int(error.exit_code)}
