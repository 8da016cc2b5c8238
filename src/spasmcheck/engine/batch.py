"""Batch assessment: many answer records against one pack, streamed, one result each.

Pure like the engine: records in, result objects (or JSON lines) out, nothing printed.
A record is the mapping ``--answers`` takes; its reserved key ``id`` (question ids may
not use it in batch records) is copied to the result so rows can be joined back. A bad
record gives an error object for its line and the run goes on, unless ``fail_fast``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from spasmcheck.errors import ExitCode, SpasmcheckError
from spasmcheck.pack.model import RulePack
from spasmcheck.render.json import dumps as _dumps
from spasmcheck.render.json import to_dict

from .answers import parse_answers
from .assess import assess

ID_KEY = "id"
"""The key of a record that names it; copied to its result, never read as a question."""

_MEMO_LIMIT = 50_000
"""Distinct (question, raw value) pairs remembered per pack; bounds memory on odd input."""


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
            answers[question] = value
        return answers

    # --- one record --------------------------------------------------------------------

    def dict(self, line: int, record: Any) -> tuple[dict[str, Any], bool]:
        """The result object of one record, and whether it could be assessed."""
        head = _head(line, record)
        try:
            result = to_dict(assess(self.pack, self.answers(record)))
        except SpasmcheckError as error:
            return {**head, "error": _error(error)}, False
        return {**head, **result}, True

    def json(self, line: int, record: Any) -> tuple[str, bool]:
        """``dict`` as compact JSON text."""
        result, ok = self.dict(line, record)
        return _dumps(result), ok

    # --- JSON Lines ----------------------------------------------------------------------

    def lines(
        self, lines: Iterable[bytes | str], *, fail_fast: bool = False
    ) -> Iterator[tuple[str, bool]]:
        """(compact JSON text, assessed?) for each non-blank line of JSON Lines input."""
        for number, raw in enumerate(lines, 1):
            try:
                text = raw.decode() if isinstance(raw, bytes) else raw
                # json.loads, without its encoding sniffing: JSON Lines is UTF-8.
                text = text.strip(_JSON_SPACE).removeprefix("\ufeff")
                if not text:
                    continue  # a blank line
                record, end = _raw_decode(text)
                if end != len(text):
                    raise json.JSONDecodeError("Extra data", text, end)
            except ValueError as error:  # also bad UTF-8
                reason = getattr(error, "msg", None) or "not UTF-8 text"
                out = _dumps(
                    {"line": number, "error": _error(_BadRecord(f"invalid JSON: {reason}"))}
                )
                ok = False
            else:
                out, ok = self.json(number, record)
            yield out, ok
            if fail_fast and not ok:
                return


class _BadRecord(SpasmcheckError):
    """A record that is not a mapping of single answers."""

    exit_code = ExitCode.BAD_INPUT


_raw_decode = json.JSONDecoder().raw_decode
_JSON_SPACE = " \t\n\r"


def _head(line: int, record: Any) -> dict[str, Any]:
    if (type(record) is dict or isinstance(record, Mapping)) and ID_KEY in record:
        return {"line": line, "id": record[ID_KEY]}
    return {"line": line}


def _error(error: SpasmcheckError) -> dict[str, Any]:
    return {"message": str(error), "exit_code": int(error.exit_code)}
