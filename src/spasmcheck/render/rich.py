"""``--format rich``: the colour-coded summary (a fuller version comes with the interview)."""

from __future__ import annotations

from spasmcheck.model import Assessment

from . import plain


def render(assessment: Assessment, *, color: bool = False, width: int = 80) -> str:
    return plain.render(assessment, width=width)
