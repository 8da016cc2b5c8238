"""``--format rich``: the colour-coded summary, drawn on a Rich console and returned as text.

Colour is never the only signal: every level has a word and a symbol (``words.LEVEL_TEXT``),
evidence has ``+``/``-`` and strength words beside its bar, so the summary reads the same
with colour off and through a screen reader. Rule text is put in ``Text`` objects, never
parsed as markup, so a ``[`` in a YAML string prints as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from io import StringIO
from typing import IO, TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from spasmcheck.engine.result import Assessment, CauseScore, CitedAdvice
from spasmcheck.pack.levels import urgency
from spasmcheck.pack.model import Source
from spasmcheck.words import (
    EMERGENCY_FOCUS,
    LEVEL_TEXT,
    NO_CAUSE,
    STOPPED_EARLY,
    TITLES,
    UNSURE_INTRO,
    Region,
)

from .summary import (
    action,
    advice_sections,
    answer_words,
    grouped_reasons,
    levels,
    provenance_line,
    recap,
    runner_ups,
    shows_self_care,
    strength,
)

if TYPE_CHECKING:
    from spasmcheck.pack.rulepack import RulePack

BAR_CELLS = 10
_TRAILING_BLANKS = re.compile(r"(?: |\x1b\[[0-9;]*m)+$", re.MULTILINE)


def console(file: IO[str], *, color: bool, width: int | None = None) -> Console:
    """The one way spasmcheck makes a console: escape codes exactly when ``color``, and
    rule text never read as markup or emoji (a ``[`` in a YAML string prints as it is)."""
    return Console(
        file=file,
        width=width,
        force_terminal=color,
        color_system="auto" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        soft_wrap=False,
    )


def render(
    assessment: Assessment,
    *,
    color: bool = False,
    width: int = 80,
    region: Region | None = None,
    pack: RulePack | None = None,
) -> str:
    """The summary as text ``width`` columns wide; escape codes only when ``color``.
    Answers are worded from ``pack`` (``summary.answer_words``)."""
    out = StringIO()
    screen = console(out, color=color, width=max(width, 30))
    for part in summary(assessment, region, pack):
        screen.print(part)
    # Rich pads lines with blanks, on either side of closing escape codes; they only get
    # in the way of copying the text and of exact tests.
    return _TRAILING_BLANKS.sub(lambda m: m.group().replace(" ", ""), out.getvalue())


def recap_line(
    assessment: Assessment, *, color: bool = False, width: int = 80, region: Region | None = None
) -> str:
    """The summary's last line alone (``summary.recap``), as ``render`` draws it: printed
    again after a pager has taken the summary off the screen."""
    out = StringIO()
    console(out, color=color, width=max(width, 30)).print(_recap(assessment, region))
    return _TRAILING_BLANKS.sub(lambda m: m.group().replace(" ", ""), out.getvalue())


def summary(
    assessment: Assessment, region: Region | None = None, pack: RulePack | None = None
) -> list[RenderableType]:
    """The summary's parts, most important first: urgency, why, cause, what to do."""
    parts: list[RenderableType] = [banner(assessment, region)]
    reasons = urgency_reasons(assessment)
    if reasons is not None:
        parts.append(reasons)
    if not shows_self_care(assessment):
        parts += [Text(""), Text(EMERGENCY_FOCUS, style="bold")]
        parts += [Text(""), Text(assessment.disclaimer, style="dim italic")]
        return [*parts, *_footer(assessment), Text(""), _recap(assessment, region)]
    if assessment.unsure_red_flags:
        parts.append(unsure_signs(assessment))
    parts.append(likely_cause(assessment, pack))
    for title, items in advice_sections(assessment):
        parts.append(advice(title, items))
    parts += [Text(""), Text(assessment.disclaimer, style="dim italic")]
    return [*parts, *_footer(assessment), Text(""), _recap(assessment, region)]


def _footer(assessment: Assessment) -> list[RenderableType]:
    """The provenance line, dim: for an auditor, not for the person in pain."""
    line = provenance_line(assessment)
    return [] if line is None else [Text(line, style="dim", overflow="fold")]


def _recap(assessment: Assessment, region: Region | None) -> Text:
    """The verdict again, last, in the level's colour (``summary.recap``)."""
    colour = Style.parse(levels(region)[assessment.triage.level].colour)
    return Text(recap(assessment, region), style=Style(color=colour.bgcolor, bold=True))


def banner(assessment: Assessment, region: Region | None = None) -> Panel:
    """The triage level: its colour, symbol, word and what to do, in one box."""
    level = levels(region)[assessment.triage.level]
    colour = Style.parse(level.colour)
    body = Text.assemble(
        (f" {level.symbol} {level.word} ", colour),
        "\n",
        (action(assessment, region), "bold"),
        "\n",
        (f"{TITLES['when']}: ", "bold"),
        level.when,
        "\n",
        (f"{TITLES['if_worse']}: ", "bold"),
        level.if_worse,
    )
    if assessment.stopped_early:
        body.append(f"\n{STOPPED_EARLY}", style="bold")
    border = colour.bgcolor.name if colour.bgcolor is not None else "default"
    return Panel(body, border_style=border, title="spasmcheck", title_align="left")


def urgency_reasons(assessment: Assessment) -> RenderableType | None:
    """Why the level is what it is: the warning signs and triage rules that set it."""
    rows: list[tuple[Text, RenderableType]] = []
    for flag in assessment.red_flags:  # each with its own advice, always: safety first
        text = Text.assemble((flag.title, "bold"), ": ", flag.advice, " ", _source(flag.source))
        rows.append((_level_mark(flag.level), text))
    alone, together = grouped_reasons(assessment)
    for rule in alone:
        text = Text.assemble(rule.reason, " ", _source(rule.source))
        rows.append((_level_mark(rule.level), text))
    if together:
        items = [(Text("-"), Text.assemble(why, " ", _source(r.source))) for why, r in together]
        level = max((r.level for _, r in together), key=urgency)
        heading = Text(f"{TITLES['checked_by_gp']}:", style="bold")
        rows.append((_level_mark(level), Group(heading, _bullets(items))))
    if not rows:
        return None
    return _section(TITLES["why"], _bullets(rows))


def unsure_signs(assessment: Assessment) -> RenderableType:
    """Warning signs answered "don't know", each with what to do if it turns out yes."""
    rows = [
        (_level_mark(u.level), Text.assemble((u.title, "bold"), ": ", u.if_unsure))
        for u in assessment.unsure_red_flags
    ]
    return _section(TITLES["unsure"], Group(Text(UNSURE_INTRO), _bullets(rows)))


def likely_cause(assessment: Assessment, pack: RulePack | None = None) -> RenderableType:
    """The likely cause with its strength, why, and the runner-ups; or plainly none."""
    likely = assessment.likely
    parts: list[RenderableType] = []
    if likely is None:
        parts.append(Text(NO_CAUSE))
    else:
        words = strength(likely, assessment.likely_threshold)
        parts.append(Text(likely.name, style="bold"))
        parts.append(Text.assemble(_bar(likely, assessment.likely_threshold), "  ", words))
        parts.append(_why(likely, pack))
    others = runner_ups(assessment)
    if others:
        names = "; ".join(f"{c.name}: {strength(c, assessment.likely_threshold)}" for c in others)
        parts.append(Text.assemble((f"{TITLES['also']}: ", "bold"), names))
    return _section(TITLES["likely"], Group(*parts))


def _why(cause: CauseScore, pack: RulePack | None) -> RenderableType:
    rows = []
    for item in sorted(cause.evidence, key=lambda e: e.weight < 0):
        mark = Text("+", style="bold green") if item.weight > 0 else Text("-", style="bold red")
        because = item.because or "this answer"
        rows.append(
            (
                mark,
                Text.assemble(
                    because, " ", (f"({answer_words(item.question, item.answer, pack)})", "dim")
                ),
            )
        )
    return Group(Text(f"{TITLES['why_cause']}:"), _bullets(rows)) if rows else Text("")


def _bar(cause: CauseScore, threshold: float) -> Text:
    """A bar that is full at twice the naming threshold, where evidence counts as strong."""
    full = 2 * threshold if threshold > 0 else max(cause.score, 1)
    cells = max(0, min(BAR_CELLS, round(BAR_CELLS * cause.score / full)))
    return Text.assemble(("█" * cells, "cyan"), ("░" * (BAR_CELLS - cells), "dim"))


def advice(title: str, items: tuple[CitedAdvice, ...]) -> RenderableType:
    """One advice section: each item with its source."""
    rows = [(Text("-"), Text.assemble(a.text, " ", _source(a.source))) for a in items]
    return _section(title, _bullets(rows))


def _source(source: Source) -> Text:
    return Text(f"[{source.label}]", style="dim")


def _level_mark(level: str) -> Text:
    words = LEVEL_TEXT[level]
    colour = Style.parse(words.colour)
    return Text(words.symbol, style=Style(color=colour.bgcolor, bold=True))


def _bullets(rows: Sequence[tuple[Text, RenderableType]]) -> Table:
    """Marks in a narrow column so wrapped lines hang under the text, not the mark."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    for mark, text in rows:
        grid.add_row(mark, text)
    return grid


def _section(title: str, body: RenderableType) -> RenderableType:
    return Group(Text(""), Text(title, style="bold underline"), body)
