"""The diary in the interview: the offer to save at the end, the ``frequency`` the diary
suggests, and a verdict that stays on an 80x24 screen."""

from __future__ import annotations

import io
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from spasmcheck import RulePack, assess, parse_answers
from spasmcheck.diary.location import diary_path
from spasmcheck.diary.store import Diary
from spasmcheck.render import Format, render
from spasmcheck.render.rich import console, summary

from .helpers import SAVE, on_terminal


def data() -> Path:
    return Path(os.environ["SPASMCHECK_DATA"])


def test_the_offer_to_save_saves_only_on_yes(pack: RulePack) -> None:
    run = on_terminal(pack)
    assert run.code == 0
    assert SAVE in run.screen
    assert not data().exists()  # Enter or "n": nothing written
    run = on_terminal(pack, replies={"save": "y"})
    assert run.code == 0
    assert "saved to your diary as entry 1" in run.screen
    with Diary.open() as diary:
        [entry] = diary.entries()
    assert entry.data["result"]["triage"]["level"] == "self_care"


def test_ctrl_c_at_the_offer_saves_nothing_and_keeps_the_result(pack: RulePack) -> None:
    from .helpers import CTRL_C

    run = on_terminal(pack, replies={"save": CTRL_C})
    assert run.code == 0
    assert "SELF-CARE" in run.stdout
    assert not data().exists()


def test_assess_save_after_an_interview_does_not_ask_again(pack: RulePack) -> None:
    run = on_terminal(pack, "--save")
    assert SAVE not in run.screen
    assert "saved to your diary" in run.screen


def _episodes(count: int) -> None:
    now = datetime.now(timezone.utc)
    with Diary.open_or_create() as diary:
        for i in range(count):
            diary.add("episode", now - timedelta(days=1 + i * 2), {})


def test_the_diary_suggests_frequency_and_enter_keeps_it(pack: RulePack) -> None:
    _episodes(9)
    before = diary_path().read_bytes()
    run = on_terminal(pack, "-f", "json", replies={"frequency": ""})
    assert run.code == 0
    assert "Your diary shows 9 episode(s) in the last 4 weeks: every week." in run.screen
    assert json.loads(run.stdout)["answers"]["frequency"] == "weekly"
    assert diary_path().read_bytes() == before  # only read


def test_the_suggested_frequency_can_be_changed(pack: RulePack) -> None:
    _episodes(9)
    run = on_terminal(pack, "-f", "json", replies={"frequency": "4"})
    assert json.loads(run.stdout)["answers"]["frequency"] == "daily"


def test_no_suggestion_without_a_diary_and_none_made(pack: RulePack) -> None:
    run = on_terminal(pack, "-f", "json", replies={"frequency": ""})
    assert "Your diary shows" not in run.screen
    assert json.loads(run.stdout)["answers"]["frequency"] == "unknown"
    assert not data().exists()


def test_a_damaged_diary_is_named_and_the_interview_goes_on(pack: RulePack) -> None:
    data().mkdir()
    diary_path().write_bytes(b"not a diary")
    run = on_terminal(pack, "-f", "json")
    assert run.code == 0
    assert "the diary was not read:" in run.screen
    assert diary_path().read_bytes() == b"not a diary"


# --- the verdict on an 80x24 terminal ------------------------------------------------------

LONG = {"radiating_pain": "yes", "numbness_tingling": "yes", "frequency": "weekly",
        "affects_sleep": "yes", "long_sitting_poor_posture": "yes"}  # fmt: skip


@pytest.mark.parametrize("level", ["see_doctor", "emergency"])
def test_the_verdict_is_on_the_last_screen_of_an_80x24_terminal(pack: RulePack, level: str) -> None:
    """The summary ends with a one-line recap, so the level is still on screen once the
    box has scrolled away, with the offer to save below it."""
    answers = LONG if level == "see_doctor" else {**LONG, "saddle_numbness": "yes"}
    result = assess(pack, parse_answers(pack, answers))
    assert result.triage.level == level
    screen = io.StringIO()
    terminal = console(screen, color=False, width=80)
    terminal.size = (80, 24)  # type: ignore[assignment]
    for part in summary(result):
        terminal.print(part)
    terminal.print(SAVE)
    lines = screen.getvalue().splitlines()
    assert len(lines) > 24  # the box has scrolled off
    last = "\n".join(lines[-24:])
    word = {"see_doctor": "SEE A DOCTOR", "emergency": "EMERGENCY"}[level]
    assert f"Result: {word}" in last
    assert "╭─ spasmcheck" not in last


def test_plain_summaries_end_with_the_recap(pack: RulePack) -> None:
    result = assess(pack, parse_answers(pack, LONG))
    text = render(result, Format.plain, width=80)
    assert text.rstrip().splitlines()[-2:] == [
        "Result: SEE A DOCTOR (!). Likely cause: A pinched nerve. In the next few days,",
        "and within 2 weeks.",
    ]
