"""``--format csv`` of one assessment: a header row and one row, the columns a batch's CSV
has by default (``spasmcheck.columns``), so one case and many read alike."""

from __future__ import annotations

from spasmcheck.columns import BATCH_KEYS, DEFAULT_CSV_FIELDS, Fields
from spasmcheck.engine.result import Assessment

FIELDS = tuple(name for name in DEFAULT_CSV_FIELDS if name not in BATCH_KEYS)
"""The columns: the default batch ones, less those only a batch has (``line``, ``id``)."""


def render(assessment: Assessment) -> str:
    """Header and row, RFC 4180 (CRLF line ends), lists joined with ``;``."""
    fields = Fields(None, FIELDS, error_column=False)
    return fields.csv_header() + fields.csv_row(fields.pick({}, assessment))
