"""``spasmcheck trends``: episodes per week, urgency over time, the usual cause, what helped."""

# No ``from __future__ import annotations``: Typer reads the option types at start-up.

import sys
from enum import Enum
from typing import Annotated

import typer

from .common import accessible, color, handled, width
from .diary import SinceOption
from .streams import write_out

DEFAULT_WINDOW = "90d"


class TrendsFormat(str, Enum):
    """Formats of ``spasmcheck trends``."""

    rich = "rich"
    plain = "plain"
    json = "json"


def trends(
    since: SinceOption = None,
    fmt: Annotated[
        TrendsFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="rich (a chart, default on a terminal), plain (a table, for screen readers) "
            "or json.",
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour codes.")] = False,
) -> None:
    """Your diary over time (default: the last 90 days): a chart of episodes per week."""
    with handled():
        from datetime import datetime, timezone

        from spasmcheck.diary.store import Diary
        from spasmcheck.diary.trends import trends as add_up
        from spasmcheck.diary.window import since as window_start
        from spasmcheck.render import trends as draw

        now = datetime.now(timezone.utc)
        start = window_start(since or DEFAULT_WINDOW, now)
        with Diary.open() as diary:
            found = add_up(diary.entries(since=start), start, now)
        chosen = fmt or (
            TrendsFormat.rich
            if sys.stdout.isatty() and not accessible(False)
            else TrendsFormat.plain
        )
        if chosen is TrendsFormat.json:
            write_out(draw.to_json(found))
        elif chosen is TrendsFormat.plain:
            write_out(draw.plain(found))
        else:
            write_out(draw.rich(found, color=color(no_color, sys.stdout), width=width()))
