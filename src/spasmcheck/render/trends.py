"""``spasmcheck trends``: the diary's trends as a terminal chart, plain text or JSON.

The chart is Rich text (bars of block characters, coloured by the most urgent level of
the week, with the number written beside each bar), so it needs no plotting library and
reads the same with colour off. The plain form is a table of numbers and words for
screen readers and pipes: no bars.
"""

from __future__ import annotations

import json
from io import StringIO

from spasmcheck.diary.trends import Trends
from spasmcheck.errors import printable
from spasmcheck.words import LEVEL_TEXT

BAR = "█"
BAR_MAX = 40
CHART_TITLE = "Episodes per week"


def _heading(t: Trends) -> str:
    return (
        f"Your diary from {t.start} to {t.end}: {t.episodes} episode(s), "
        f"{t.assessments} saved assessment(s)."
    )


def _facts(t: Trends) -> list[str]:
    lines = []
    if t.causes:
        name, count = t.causes[0]
        lines.append(f"Most common likely cause: {printable(name)} ({count} time(s))")
    if t.helped:
        helped = ", ".join(f"{printable(text)} ({n})" for text, n in t.helped[:3])
        lines.append(f"What helped most often: {helped}")
    return lines


def plain(t: Trends) -> str:
    """Numbers and words only, one fact a line."""
    out = [_heading(t), "", f"{CHART_TITLE}:", "Week of     Episodes"]
    out += [f"{w.start}  {w.episodes}" for w in t.weeks]
    if t.levels:
        out += ["", "Urgency over time:"]
        out += [_level_line(lv.day, lv.level, lv.likely) for lv in t.levels]
    facts = _facts(t)
    if facts:
        out += ["", *facts]
    return "\n".join(out) + "\n"


def _level_line(day: object, level: str, likely: str | None) -> str:
    said = f"{day}  {LEVEL_TEXT[level].symbol} {LEVEL_TEXT[level].word}"
    return said + (f", likely {printable(likely)}" if likely else "")


def rich(t: Trends, *, color: bool = False, width: int = 80) -> str:
    """The chart, drawn on a Rich console; escape codes only when ``color``."""
    from rich.style import Style
    from rich.text import Text

    from .rich import _TRAILING_BLANKS, console

    out = StringIO()
    screen = console(out, color=color, width=width)
    screen.print(Text(_heading(t), style="bold"))
    screen.print()
    screen.print(Text(CHART_TITLE, style="bold underline"))
    most = max((w.episodes for w in t.weeks), default=0) or 1
    room = max(5, min(BAR_MAX, width - 20))
    for week in t.weeks:
        cells = round(room * week.episodes / most) if week.episodes else 0
        colour = "cyan"
        if week.worst is not None:
            colour = Style.parse(LEVEL_TEXT[week.worst].colour).bgcolor.name  # type: ignore[union-attr]
        screen.print(
            Text.assemble(
                (week.start.strftime("%d %b %Y"), "dim"),
                " ",
                (BAR * cells, colour),
                f" {week.episodes}",
            )
        )
    if t.levels:
        screen.print()
        screen.print(Text("Urgency over time", style="bold underline"))
        for lv in t.levels:
            style = Style.parse(LEVEL_TEXT[lv.level].colour)
            screen.print(
                Text.assemble(
                    f"{lv.day}  ",
                    (f" {LEVEL_TEXT[lv.level].symbol} {LEVEL_TEXT[lv.level].word} ", style),
                    f" likely {printable(lv.likely)}" if lv.likely else "",
                )
            )
    facts = _facts(t)
    if facts:
        screen.print()
        for line in facts:
            screen.print(Text(line))
    return _TRAILING_BLANKS.sub(lambda m: m.group().replace(" ", ""), out.getvalue())


def to_json(t: Trends) -> str:
    """The trends as a JSON object."""
    data = {
        "start": str(t.start),
        "end": str(t.end),
        "episodes": t.episodes,
        "assessments": t.assessments,
        "weeks": [
            {"start": str(w.start), "episodes": w.episodes, "worst": w.worst} for w in t.weeks
        ],
        "levels": [{"day": str(lv.day), "level": lv.level, "likely": lv.likely} for lv in t.levels],
        "causes": [{"name": n, "count": c} for n, c in t.causes],
        "helped": [{"text": h, "count": c} for h, c in t.helped],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
