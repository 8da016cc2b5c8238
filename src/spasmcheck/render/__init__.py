"""Output formats: each turns an ``Assessment`` into text.

``render()`` maps each ``Format`` to its renderer, here and nowhere else; each renderer
module is imported only when chosen, so ``--format json`` never pays for Rich.
"""

from __future__ import annotations

import sys
from enum import Enum
from importlib import import_module
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from spasmcheck.engine.result import Assessment
    from spasmcheck.pack.rulepack import RulePack
    from spasmcheck.words import Region

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - Python 3.10

    def assert_never(value: NoReturn) -> NoReturn:
        """Unreachable when every member is handled: mypy proves it, this says so if not."""
        raise AssertionError(f"unhandled value {value!r}")


class Format(str, Enum):
    """Output formats of ``spasmcheck assess``: the one enum, used by ``--format`` too."""

    rich = "rich"
    plain = "plain"
    json = "json"
    markdown = "markdown"
    fhir = "fhir"
    html = "html"
    csv = "csv"


def render(
    assessment: Assessment,
    fmt: Format,
    *,
    color: bool = False,
    width: int = 80,
    region: Region | None = None,
    pack: RulePack | None = None,
) -> str:
    """The assessment as text in ``fmt``; only ``rich`` ever emits colour codes.

    ``region`` sets the emergency number and service names (``words.REGIONS``; the UK's
    when not given); the JSON gets a ``region`` key when it is given. ``fhir`` needs the
    ``pack`` the assessment was made with: its answers refer to the pack's Questionnaire.
    Every format for people (rich, plain, markdown, html) words questions and answers
    from ``pack``, and names them by id only without it."""
    if fmt is Format.rich:
        module = import_module(".rich", __name__)
        return module.render(assessment, color=color, width=width, region=region, pack=pack)
    if fmt is Format.plain:
        plain = import_module(".plain", __name__)
        return plain.render(assessment, width=width, region=region, pack=pack)
    if fmt is Format.json:
        return import_module(".json", __name__).render(assessment, region=region)
    if fmt is Format.markdown:
        return import_module(".markdown", __name__).render(assessment, region=region, pack=pack)
    if fmt is Format.html:
        return import_module(".html", __name__).render(assessment, region=region, pack=pack)
    if fmt is Format.fhir:
        if pack is None:
            raise ValueError("the fhir format needs the pack the assessment was made with")
        return import_module(".fhir", __name__).render(assessment, pack)
    if fmt is Format.csv:
        return import_module(".csv", __name__).render(assessment)
    # mypy fails here if a Format is not handled above; tests/test_render.py renders each.
    assert_never(fmt)
