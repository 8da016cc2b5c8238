"""``spasmcheck log``: record an episode in the diary without the whole interview."""

# No ``from __future__ import annotations``: Typer reads the option types at start-up.

import sys
from typing import Annotated

import typer

from spasmcheck.errors import UsageError, printable

from .common import color, handled, say

TEXT_LIMIT = 500
"""The longest text a field takes: a note, not a letter."""


def log(
    when: Annotated[
        str,
        typer.Option(
            "--when",
            metavar="WHEN",
            help="When it happened: now, today, yesterday, 2026-11-20 or '2026-11-20 14:30'.",
        ),
    ] = "now",
    where: Annotated[
        str | None, typer.Option("--where", metavar="TEXT", help="Where, e.g. 'left calf'.")
    ] = None,
    minutes: Annotated[
        str | None, typer.Option("--minutes", metavar="N", help="How long it lasted, in minutes.")
    ] = None,
    helped: Annotated[
        list[str] | None,
        typer.Option("--helped", metavar="TEXT", help="What helped (repeatable)."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A note.")] = None,
) -> None:
    """Record a cramp or spasm in your diary: when, where, how long, what helped.

    With no option on a terminal, asks briefly; nothing is saved if you stop (Ctrl-C)."""
    with handled():
        from datetime import datetime, timezone

        from spasmcheck.diary.store import Diary
        from spasmcheck.diary.window import moment

        now = datetime.now(timezone.utc)
        at = moment(when, now)
        given = {"where": where, "minutes": minutes, "note": note}
        if not any(given.values()) and not helped and sys.stdin.isatty():
            from spasmcheck.interview import make_console
            from spasmcheck.interview.episode import ask_episode

            typed = ask_episode(make_console(color(False, sys.stderr)), sys.stdin)
            given = {k: typed.get(k) for k in given}
            helped = [h for h in typed.get("helped", "").split(",") if h.strip()]
        data = episode_data(given["where"], given["minutes"], helped or [], given["note"])
        with Diary.open_or_create() as diary:
            entry = diary.add("episode", at, data)
            say(f"spasmcheck: episode saved to your diary as entry {entry.id} ({diary.path})")


def episode_data(
    where: str | None, minutes: str | None, helped: list[str], note: str | None
) -> dict[str, object]:
    """An episode's data, checked: short texts without control characters, and minutes
    a number from 0 to 1440 (a day)."""
    data: dict[str, object] = {
        "where": _text("--where", where),
        "minutes": None,
        "helped": [t for h in helped if (t := _text("--helped", h))],
        "note": _text("--note", note),
    }
    if minutes is not None and minutes.strip():
        try:
            value = float(minutes)
        except ValueError:
            value = -1.0
        if not 0 <= value <= 1440:  # also false for nan
            raise UsageError(f"--minutes '{printable(minutes)}': give a number from 0 to 1440")
        data["minutes"] = int(value) if value.is_integer() else value
    return data


def _text(option: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    text = " ".join(value.split())
    if len(text) > TEXT_LIMIT:
        raise UsageError(f"{option}: at most {TEXT_LIMIT} characters, found {len(text)}")
    if printable(text) != text:
        raise UsageError(f"{option} '{printable(text)}': control characters are not allowed")
    return text
