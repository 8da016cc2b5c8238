"""``--since``/``--when`` as people type them, and what the diary's entries add up to."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from spasmcheck.diary.store import Entry
from spasmcheck.diary.trends import frequency, monday, trends
from spasmcheck.diary.window import moment, since
from spasmcheck.errors import UsageError

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("90d", NOW - timedelta(days=90)),
        ("12w", NOW - timedelta(weeks=12)),
        (" 12 W ", NOW - timedelta(weeks=12)),
        ("6m", NOW.replace(month=5)),
        ("1y", NOW.replace(year=2025)),
        ("2026-09-01", datetime(2026, 9, 1, tzinfo=timezone.utc)),
    ],
)
def test_windows(text: str, start: datetime) -> None:
    assert since(text, NOW) == start


def test_a_month_back_from_the_31st_is_the_last_day_of_a_shorter_month() -> None:
    assert since("1m", datetime(2026, 3, 31, tzinfo=timezone.utc)).date() == date(2026, 2, 28)


@pytest.mark.parametrize("text", ["", "90", "d", "9x", "-3d", "1.5w", "soon", "2026-13-01"])
def test_a_bad_window_says_what_is_taken(text: str) -> None:
    with pytest.raises(UsageError, match=r"--since .*: give a number and d, w, m or y"):
        since(text, NOW)


@pytest.mark.parametrize("text", ["0d", "99999d", "101y"])
def test_a_window_out_of_range_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match=r"between 1 .* and 100 years"):
        since(text, NOW)


def test_moments() -> None:
    assert moment("now", NOW) == NOW
    assert moment("Yesterday", NOW) == NOW - timedelta(days=1)
    assert moment("2026-11-20 14:30", NOW) == datetime(2026, 11, 20, 14, 30).astimezone()
    assert moment("2026-11-20", NOW) == datetime(2026, 11, 20, 12).astimezone()
    with pytest.raises(UsageError, match="is in the future"):
        moment("2027-01-01", NOW)
    with pytest.raises(UsageError, match="--when 'last tuesday': give now, today, yesterday"):
        moment("last tuesday", NOW)


def _entry(days_ago: float, kind: str = "episode", **data: object) -> Entry:
    at = NOW - timedelta(days=days_ago)
    return Entry(0, f"u{days_ago}", kind, at, at, dict(data))


def _assessment(days_ago: float, level: str, cause: str | None) -> Entry:
    causes = [{"id": "c", "name": cause, "score": 3}] if cause else []
    result = {"triage": {"level": level}, "likely_cause": "c" if cause else None, "causes": causes}
    return _entry(days_ago, "assessment", result=result)


def test_trends_count_weeks_levels_causes_and_what_helped() -> None:
    entries = [
        _entry(20, helped=["Stretching"]),
        _assessment(15, "self_care", "Tired muscles"),
        _entry(1, helped=["stretching ", "water"]),
        _assessment(0.5, "see_doctor", "A pinched nerve"),
        _assessment(0.2, "self_care", "Tired muscles"),
        _entry(200),  # outside the window
    ]
    found = trends(entries, NOW - timedelta(days=28), NOW)
    assert found.episodes == 5
    assert found.assessments == 3
    assert found.weeks[0].start == monday(found.start)
    assert found.weeks[-1].start == monday(NOW.astimezone().date())
    assert sum(w.episodes for w in found.weeks) == 5
    assert found.weeks[-1].episodes == 3
    assert found.weeks[-1].worst == "see_doctor"  # the most urgent of the week
    assert [lv.level for lv in found.levels] == ["self_care", "see_doctor", "self_care"]
    assert found.causes[0] == ("Tired muscles", 2)
    assert found.helped[0] == ("Stretching", 2)  # case and spaces ignored


@pytest.mark.parametrize(
    ("recent", "choice"), [(0, "occasional"), (3, "occasional"), (9, "weekly"), (20, "daily")]
)
def test_frequency_from_the_last_four_weeks(recent: int, choice: str) -> None:
    entries = [_entry(27 * i / max(recent, 1)) for i in range(recent)] + [_entry(60)]
    found = frequency(entries, NOW)
    assert found is not None
    assert (found.choice, found.episodes) == (choice, recent)


def test_no_entries_suggest_nothing() -> None:
    assert frequency([], NOW) is None
