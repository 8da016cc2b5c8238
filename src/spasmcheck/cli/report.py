"""``spasmcheck report``: the latest saved assessment and the diary, for a doctor."""

# No ``from __future__ import annotations``: Typer reads the option types at start-up.

from enum import Enum
from typing import Annotated

import typer

from spasmcheck.errors import UsageError

from .common import handled, say
from .diary import SinceOption
from .streams import write_out

DEFAULT_WINDOW = "90d"


class ReportFormat(str, Enum):
    """Formats of ``spasmcheck report``."""

    html = "html"
    markdown = "markdown"


def report(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report to FILE (private: readable by you only); its format "
            "from the extension (.html, .md) unless --format says. Default: stdout.",
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="html (default) or markdown."),
    ] = None,
    since: SinceOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """A report to show a doctor: your latest assessment in words, and your diary
    (default: the last 90 days) with a chart of episodes per week."""
    with handled():
        from datetime import datetime, timezone

        from spasmcheck.diary.store import Diary
        from spasmcheck.diary.trends import trends
        from spasmcheck.diary.window import since as window_start
        from spasmcheck.render.report import build

        from .output import check_target, format_for, write_private

        implied = format_for(output) if output is not None else None
        if fmt is None and implied not in (None, "html", "markdown"):
            raise UsageError(
                f"{output}: a report is HTML or Markdown; name the file .html or .md, "
                "or say --format html or markdown"
            )
        chosen = fmt or ReportFormat(implied or "html")
        if output is not None:
            check_target(output, force=force)
        now = datetime.now(timezone.utc)
        start = window_start(since or DEFAULT_WINDOW, now)
        with Diary.open() as diary:
            entries = diary.entries(since=start)
        latest = next((e for e in reversed(entries) if e.kind == "assessment"), None)
        built = build(
            latest.data if latest else None,
            latest.at if latest else None,
            now,
            trends(entries, start, now),
        )
        if chosen is ReportFormat.html:
            from spasmcheck.render.html import document

            text = document(built)
        else:
            from spasmcheck.render.markdown import from_report

            text = from_report(built)
        if output is None:
            write_out(text)
            return
        write_private(output, text, force=force)
        say(f"spasmcheck: report written to {output}")
