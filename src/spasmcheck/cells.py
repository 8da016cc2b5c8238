"""What a record's cell means, wherever the record came from (a JSON line, a data frame's
row, a Spark ``Row``): empty (not answered), or a value, numpy's scalars as Python's."""

from __future__ import annotations

from typing import Any


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
