"""What the diary's entries add up to: episodes per week, urgency over time, the usual
cause, what helped, and how often cramps come (to suggest an answer to ``frequency``).

Every saved assessment and every logged episode counts as one episode. Weeks start on
Monday, in local time.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from spasmcheck.pack.levels import LEVELS

from .store import Entry


class Week(NamedTuple):
    """One week of the window: its Monday, how many episodes, the most urgent level."""

    start: date
    episodes: int
    worst: str | None


class Level(NamedTuple):
    """One saved assessment's urgency, for "urgency over time"."""

    day: date
    level: str
    likely: str | None
    """The likely cause's name, if one was named."""


class Trends(NamedTuple):
    """The diary over a window, ready to draw."""

    start: date
    end: date
    episodes: int
    assessments: int
    weeks: tuple[Week, ...]
    levels: tuple[Level, ...]
    causes: tuple[tuple[str, int], ...]
    """Likely causes named, most often first."""
    helped: tuple[tuple[str, int], ...]
    """What helped, as typed (case and spaces ignored), most often first."""


def monday(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def trends(entries: list[Entry], start: datetime, now: datetime) -> Trends:
    """The trends of ``entries`` between ``start`` and ``now``."""
    inside = [e for e in entries if start <= e.at <= now]
    first, last = monday(start.astimezone().date()), monday(now.astimezone().date())
    count: Counter[date] = Counter()
    worst: dict[date, str] = {}
    levels: list[Level] = []
    causes: Counter[str] = Counter()
    helped: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for e in inside:
        week = monday(e.at.astimezone().date())
        count[week] += 1
        if e.kind == "assessment":
            result = e.data.get("result") or {}
            level = (result.get("triage") or {}).get("level")
            if level in LEVELS:
                if week not in worst or LEVELS.index(level) > LEVELS.index(worst[week]):
                    worst[week] = level
                name = likely_name(result)
                levels.append(Level(e.at.astimezone().date(), level, name))
                if name:
                    causes[name] += 1
        for text in e.data.get("helped") or []:
            if isinstance(text, str) and text.strip():
                key = " ".join(text.lower().split())
                helped[key] += 1
                shown.setdefault(key, text.strip())
    weeks = []
    week = first
    while week <= last:
        weeks.append(Week(week, count[week], worst.get(week)))
        week += timedelta(days=7)
    return Trends(
        start.astimezone().date(),
        now.astimezone().date(),
        len(inside),
        sum(e.kind == "assessment" for e in inside),
        tuple(weeks),
        tuple(levels),
        tuple(causes.most_common()),
        tuple((shown[k], n) for k, n in helped.most_common()),
    )


def likely_name(result: dict[str, Any]) -> str | None:
    """The name of a result's likely cause, or ``None``."""
    likely = result.get("likely_cause")
    for cause in result.get("causes") or []:
        if isinstance(cause, dict) and cause.get("id") == likely:
            return str(cause.get("name") or likely)
    return None


class Frequency(NamedTuple):
    """How often cramps came lately, as an answer to the ``frequency`` question."""

    choice: str
    """``occasional``, ``weekly`` or ``daily`` (ids of the built-in pack's options)."""
    episodes: int
    days: int


FREQUENCY_DAYS = 28
"""The diary's last four weeks decide the suggested ``frequency``."""


def frequency(entries: list[Entry], now: datetime) -> Frequency | None:
    """The ``frequency`` the diary suggests, or ``None`` when it holds no episodes.

    In the last four weeks: 20 or more (five a week) is ``daily``, 4 or more (one a
    week) ``weekly``, fewer ``occasional``; none lately but some before, ``occasional``.
    """
    if not entries:
        return None
    recent = sum(now - timedelta(days=FREQUENCY_DAYS) <= e.at <= now for e in entries)
    choice = "daily" if recent >= 20 else "weekly" if recent >= 4 else "occasional"
    return Frequency(choice, recent, FREQUENCY_DAYS)
