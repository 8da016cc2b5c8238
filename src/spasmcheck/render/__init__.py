"""Output formats: each turns an ``Assessment`` into text.

The CLI maps a ``Format`` to its renderer here and nowhere else; each renderer module is
imported only when chosen, so ``--format json`` never pays for Rich.
"""

from __future__ import annotations

from enum import Enum
from importlib import import_module

from spasmcheck.engine.result import Assessment


class Format(str, Enum):
    """Output formats of ``spasmcheck assess``."""

    rich = "rich"
    plain = "plain"
    json = "json"
    markdown = "markdown"


def render(assessment: Assessment, fmt: Format, *, color: bool = False, width: int = 80) -> str:
    """The assessment as text in ``fmt``; only ``rich`` ever emits colour codes."""
    if fmt is Format.rich:
        return import_module(".rich", __name__).render(assessment, color=color, width=width)
    if fmt is Format.plain:
        return import_module(".plain", __name__).render(assessment, width=width)
    if fmt is Format.json:
        return import_module(".json", __name__).render(assessment)
    if fmt is Format.markdown:
        return import_module(".markdown", __name__).render(assessment)
    raise AssertionError(f"unhandled format {fmt!r}")  # a test proves every Format is handled
