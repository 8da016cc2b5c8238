"""What a record's cell means, wherever the record came from (a JSON line, a data frame's
row, a Spark ``Row``): empty (not answered), or a value, numpy's scalars as Python's; and
whether its id can be echoed."""

from __future__ import annotations

import math
from typing import Any

from spasmcheck.errors import ExitCode, SpasmcheckError
from spasmcheck.jsonlines import MAX_DIGITS


def missing(raw: Any) -> bool:
    """Whether a cell is empty: None, blank text, NaN (also numpy's), pandas' NA or NaT."""
    if raw is None:
        return True
    kind = type(raw)
    if kind is str:
        return not raw.strip()
    if kind is bool or kind is int:
        return False
    if isinstance(raw, float):
        return raw != raw
    if kind.__name__ in ("NAType", "NaTType"):
        return True
    try:
        return bool(raw != raw)  # numpy's float32 NaN
    except (TypeError, ValueError):
        return False


def memoable(raw: Any) -> bool:
    """Whether a cell's parse may be remembered: a plain scalar that equals itself (a NaN
    is never found again, and would only fill the memo)."""
    kind = type(raw)
    return (
        kind is str or kind is int or kind is bool or raw is None or (kind is float and raw == raw)
    )


def plain_value(raw: Any) -> Any:
    """A numpy scalar (``numpy.int64``, ``numpy.bool_``) as the Python value it holds."""
    if type(raw).__module__ == "numpy" and hasattr(raw, "item"):
        return raw.item()
    return raw


class BadRecord(SpasmcheckError):
    """A record that is not a mapping of single answers."""

    exit_code = ExitCode.BAD_INPUT


_MAX_ID_BITS = math.ceil(MAX_DIGITS * math.log2(10))
"""An integer id of up to about ``MAX_DIGITS`` digits, as the parser reads them."""


def checked_id(value: Any) -> Any:
    """A record's id, if it can be echoed as JSON: text, a finite number, a boolean or null."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadRecord("the id is not valid text (a lone surrogate)") from None
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise BadRecord("the id is not a finite number")
    elif isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > _MAX_ID_BITS:
            raise BadRecord(f"the id is a number longer than {MAX_DIGITS} digits")
    elif value is not None and not isinstance(value, bool):
        raise BadRecord("the id must be text or a number")
    return value
