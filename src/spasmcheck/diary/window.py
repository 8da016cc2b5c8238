"""Time windows and moments as people type them: ``--since 90d``, ``--when 2026-11-20 14:30``."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from spasmcheck.errors import UsageError

_WINDOW = re.compile(r"([0-9]{1,5})\s*([dwmy])")
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
MAX_DAYS = 100 * 366
"""The longest window taken: a hundred years (longer is a typo, not a diary)."""


def since(text: str, now: datetime, *, option: str = "--since") -> datetime:
    """The start of the window ``text`` names, counting back from ``now``: ``90d``,
    ``12w``, ``6m`` (calendar months), ``1y``, or a date (``2026-09-01``).

    ``UsageError`` names the option and the forms it takes."""
    word = text.strip().lower()
    match = _WINDOW.fullmatch(word)
    if match is None:
        try:
            return datetime.combine(date.fromisoformat(word), time(), now.tzinfo)
        except ValueError:
            raise UsageError(
                f"{option} {text!r}: give a number and d, w, m or y (days, weeks, months, "
                "years), e.g. 90d, 12w, 6m, or a date like 2026-09-01"
            ) from None
    count, unit = int(match[1]), match[2]
    days = {"d": 1, "w": 7, "m": 31, "y": 366}[unit] * count
    if count == 0 or days > MAX_DAYS:
        raise UsageError(f"{option} {text!r}: give between 1 {_UNITS[unit][:-1]} and 100 years")
    if unit == "m" or unit == "y":
        months = count * (12 if unit == "y" else 1)
        year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
        day = min(now.day, _days_in(year, month + 1))
        return now.replace(year=year, month=month + 1, day=day)
    return now - timedelta(days=days)


def _days_in(year: int, month: int) -> int:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def moment(text: str, now: datetime, *, option: str = "--when") -> datetime:
    """A moment as typed: ``now``, ``today`` or ``yesterday`` (at this time of day), a
    date (noon that day, or now for today before noon) or a date and time
    (``2026-11-20 14:30``), in local time. Never in the future."""
    word = " ".join(text.strip().lower().split())
    local = now.astimezone()
    shifts = {"now": 0, "today": 0, "yesterday": 1}
    if word in shifts:
        return local - timedelta(days=shifts[word])
    try:
        if len(word) == 10:  # a date alone: noon, or now if that is still to come today
            found = datetime.combine(date.fromisoformat(word), time(12)).astimezone()
            if found.date() == local.date():
                found = min(found, local)
        else:
            found = datetime.fromisoformat(word.replace(" ", "T"))
    except ValueError:
        raise UsageError(
            f"{option} {text!r}: give now, today, yesterday, a date (2026-11-20) or a date "
            "and time (2026-11-20 14:30)"
        ) from None
    found = found.astimezone() if found.tzinfo is None else found
    if found > local + timedelta(minutes=5):
        raise UsageError(f"{option} {text!r}: is in the future")
    return found
