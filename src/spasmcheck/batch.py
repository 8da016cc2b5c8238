"""Batch assessment: many answer records against one pack, streamed, one result each.

Pure like the engine: records in, result objects (or JSON lines, or CSV rows) out,
nothing printed. A record is the mapping ``--answers`` takes, a data frame's row, or a
FHIR QuestionnaireResponse (or a Bundle holding one; its id names the result):

- its reserved key ``id`` (question ids may not use it) is copied to the result, and
  ``line`` is its position in the whole input (``start`` continues it across partitions),
  so every result joins back to its record;
- an empty cell (``None``, NaN, pandas' ``NA``, empty text) is *not answered*, never
  "don't know": it is listed in ``unanswered``; numpy scalars count as Python's;
- a key that is not a question id (a data frame's other columns) is listed in
  ``ignored_keys``, and the record is still assessed, unless it is so close to a question
  id that it is likely a misspelling (``frequncy``): then the record is an error, since a
  misspelt warning sign must never pass as unanswered.

A bad record gives an error object for its line and the run goes on, unless
``fail_fast``. ``jsonlines`` reads hostile lines safely.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from spasmcheck.cells import BadRecord, checked_id, missing, plain_value
from spasmcheck.columns import Fields
from spasmcheck.engine.assess import assess_parsed
from spasmcheck.engine.result import Assessment
from spasmcheck.errors import SpasmcheckError
from spasmcheck.jsonlines import (
    BLANK,
    MAX_DIGITS,
    MAX_LINE_BYTES,
    Unreadable,
    bounded_lines,
    read_record,
)
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.records import ID_KEY, Cells
from spasmcheck.render.encoded import LIMIT, Encoder
from spasmcheck.render.json import dumps as _dumps
from spasmcheck.render.json import to_dict

__all__ = ["ID_KEY", "MAX_DIGITS", "MAX_LINE_BYTES", "Batch", "assess_many", "bounded_lines"]


_KEPT_PER_OUTCOME = 660
"""``render.encoded.LIMIT`` over the built-in pack's 76 outcomes (rounded): see ``Batch``."""


def assess_many(
    pack: RulePack,
    records: Iterable[Any],
    *,
    fail_fast: bool = False,
    as_json: bool = False,
    fields: Sequence[str] | str | None = None,
    start: int = 1,
) -> Iterator[Any]:
    """Assess each record in turn and yield one result per record, lazily.

    A result is the ``--format json`` object plus ``line`` (the record's position: ``start``
    for the first, default 1; give each partition of a split input its own), ``id`` when
    the record has one, and ``ignored_keys``. A record that cannot be assessed yields
    ``{"line", "id"?, "error": {"message", "exit_code"}}`` instead; with ``fail_fast``
    nothing follows it. ``fields`` (names, or one comma-separated text) yields only those,
    as a flat dict keyed by the names given (an error record adds ``error``), and makes
    only them. ``as_json=True`` yields compact JSON text instead of dicts. Records are read
    one at a time, so any iterable (a generator, a DataFrame's rows, a Spark partition) is
    fine.
    """
    batch = Batch(pack, fields=fields)
    step = batch.json if as_json else batch.dict
    for line, record in enumerate(records, start):
        result, ok = step(line, record)
        yield result
        if fail_fast and not ok:
            return


class Batch:
    """One pack, the fields chosen, and the memo of parsed answers (``records.Cells``),
    shared by every record."""

    def __init__(self, pack: RulePack, *, fields: Sequence[str] | str | None = None) -> None:
        self.pack = pack
        self.fields = None if fields is None else Fields(pack, fields)
        self.answers = Cells(pack).answers
        # As many items' JSON kept per red flag, rule, cause and additional advice as the
        # built-in pack's 76 get from LIMIT: a pack 100 times larger shares 100 times more
        # (its outcome tables hold as many), and an encoder that kept no more than the
        # built-in pack's would make most of each line again (4x slower a line).
        outcomes = len(pack.red_flags) + len(pack.triage_rules) + len(pack.causes)
        outcomes += len(pack.additional_advice)
        self._encoder = Encoder(limit=max(LIMIT, _KEPT_PER_OUTCOME * outcomes))

    # --- one record --------------------------------------------------------------------

    def assessed(self, line: int, record: Any) -> tuple[dict[str, Any], Assessment | None]:
        """The batch keys of one record (``line``, ``id``, ``ignored_keys`` or ``error``)
        and its assessment, None when it could not be assessed."""
        head: dict[str, Any] = {"line": line}
        try:
            if (type(record) is dict or isinstance(record, Mapping)) and ID_KEY in record:
                key = plain_value(record[ID_KEY])
                if not missing(key):  # an empty id cell: no id; its line keys it
                    head[ID_KEY] = checked_id(key)
            ignored: list[str] = []
            answers = self.answers(record, ignored)
            fields = self.fields
            if fields is None:
                result = assess_parsed(self.pack, answers)
            else:
                result = fields.assess(self.pack, answers)
        except SpasmcheckError as error:
            head["error"] = _error(error)
            return head, None
        head["ignored_keys"] = ignored
        return head, result

    def dict(self, line: int, record: Any) -> tuple[dict[str, Any], bool]:
        """The result object of one record, and whether it could be assessed."""
        head, result = self.assessed(line, record)
        return _object(self.fields, head, result), result is not None

    def json(self, line: int, record: Any) -> tuple[str, bool]:
        """``dict`` as compact JSON text (made faster by ``render.encoded``: the same text)."""
        text, ok = self._json(line, record)
        return (text if isinstance(text, str) else text.decode()), ok

    def _json(self, line: int, record: Any, newline: bool = False) -> tuple[str | bytes, bool]:
        """The JSON of one record: UTF-8 bytes when made the fast way, else text."""
        head, result = self.assessed(line, record)
        if result is not None and self.fields is None:
            try:
                return self._encoder.line(dict(head), result, newline), True
            except TypeError:  # what orjson cannot write (a 70-digit id): as below
                pass
        try:
            text, ok = _dumps(_object(self.fields, head, result)), result is not None
        except (TypeError, ValueError):  # a Python caller's id of a type JSON lacks
            bad = BadRecord("the id cannot be written as JSON")
            text, ok = self._unreadable(line, bad, csv=False), False
        return (text + "\n" if newline else text), ok

    def csv(self, line: int, record: Any) -> tuple[str, bool]:
        """One CSV row of the chosen fields (``Fields.csv_row``), and whether it was assessed."""
        fields = self.fields
        if fields is None:
            raise ValueError("CSV rows need fields: Batch(pack, fields=[...])")
        head, result = self.assessed(line, record)
        error = head["error"]["message"] if result is None else None
        return fields.csv_row(fields.pick(head, result), error), result is not None

    # --- JSON Lines ----------------------------------------------------------------------

    def lines(
        self,
        lines: Iterable[bytes | str],
        *,
        fail_fast: bool = False,
        start: int = 1,
        csv: bool = False,
    ) -> Iterator[tuple[str, bool]]:
        """(result text, assessed?) for each non-blank line of JSON Lines input: compact
        JSON, or with ``csv`` a CSV row; ``start`` numbers the first line."""
        for out, ok in self._results(lines, fail_fast, start, csv, newline=False):
            yield (out if isinstance(out, str) else out.decode()), ok

    def encoded(
        self,
        lines: Iterable[bytes | str],
        *,
        fail_fast: bool = False,
        start: int = 1,
        csv: bool = False,
    ) -> Iterator[tuple[bytes, bool]]:
        """``lines`` as UTF-8 bytes, each with its line end (a CSV row's is CRLF), for a
        binary stream: the JSON is not decoded to text to be encoded again. A lone
        surrogate (only a Python caller's text can hold one) is kept (``surrogatepass``)."""
        for out, ok in self._results(lines, fail_fast, start, csv, newline=True):
            yield (out if isinstance(out, bytes) else out.encode("utf-8", "surrogatepass")), ok

    def _results(
        self, lines: Iterable[bytes | str], fail_fast: bool, start: int, csv: bool, newline: bool
    ) -> Iterator[tuple[str | bytes, bool]]:
        for number, raw in enumerate(lines, start):
            out: str | bytes
            try:
                record = read_record(raw)
            except Unreadable as error:
                bad = BadRecord(str(error))
                out, ok = self._unreadable(number, bad, csv), False
                if newline and not csv:
                    out += "\n"
            else:
                if record is BLANK:
                    continue
                if csv:
                    out, ok = self.csv(number, record)
                else:
                    out, ok = self._json(number, record, newline)
            yield out, ok
            if fail_fast and not ok:
                return

    def _unreadable(self, line: int, error: SpasmcheckError, csv: bool) -> str:
        head = {"line": line, "error": _error(error)}
        if self.fields is None:
            return _dumps(head)
        picked = self.fields.pick(head, None)
        if csv:
            return self.fields.csv_row(picked, str(error))
        return _dumps({**picked, "error": head["error"]})


def _object(
    fields: Fields | None, head: dict[str, Any], result: Assessment | None
) -> dict[str, Any]:
    """A result object: the batch keys and the JSON object, or the chosen fields."""
    if fields is not None:
        picked = fields.pick(head, result)
        if result is None:
            picked["error"] = head["error"]
        return picked
    return head if result is None else {**head, **to_dict(result)}


def _error(error: SpasmcheckError) -> dict[str, Any]:
    return {"message": str(error), "exit_code": int(error.exit_code)}
