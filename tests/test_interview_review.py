"""The "check your answers" screen before the summary: answers in words, change one by
number (what follows from it is asked again only where it changed), Enter goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spasmcheck.pack.rulepack import RulePack
from spasmcheck.words import CHECK_TITLE

from .helpers import CTRL_C, CTRL_D, on_terminal
from .test_interview import interview, no_to_all_but_warning_signs, screening_ids


def settled(pack: RulePack, **answers: str) -> dict[str, str]:
    """Every warning sign and most questions answered: only a few are left to ask."""
    return {**dict.fromkeys(screening_ids(pack), "no"), **no_to_all_but_warning_signs(pack)}


def exercise_left(pack: RulePack) -> dict[str, str]:
    """A weaker muscle, exercise not yet asked: "did it start during exercise?" is a
    follow-up that only matters after a "yes" to hard exercise."""
    given = {**settled(pack), "frequency": "first_time", "muscle_weakness": "yes"}
    del given["recent_strenuous_exercise"], given["during_or_after_exercise"]
    return given


def test_enter_goes_on_and_the_answers_are_listed_in_words(pack: RulePack) -> None:
    got, stopped, text = interview(pack, ["3", ""], settled(pack), check=True)
    assert got["frequency"] == "weekly"
    assert not stopped
    frequency = pack.question("frequency")
    weekly = next(o.label for o in frequency.options if o.id == "weekly")
    assert CHECK_TITLE in text
    assert f"1. {frequency.text} {weekly}" in text
    assert "frequency" not in text.split(CHECK_TITLE)[1]  # no ids on the screen
    assert text.index(CHECK_TITLE) < text.index("that was the last question")


def test_a_number_asks_that_question_again_and_keeps_the_rest(pack: RulePack) -> None:
    given = settled(pack)
    del given["cramp_location"]
    got, _, text = interview(pack, ["1", "3", "1", "3", ""], given, check=True)
    location = pack.question("cramp_location")
    assert text.count(CHECK_TITLE) == 2
    assert "Your answer was: Leg or foot. Press Enter to keep it" in text
    # the location was changed; frequency was not asked again: its answer was kept
    assert text.count(pack.question("frequency").text) == 3  # asked once, listed twice
    assert text.count(location.text) == 4  # asked twice, listed twice
    assert got["frequency"] == "weekly"
    assert got["cramp_location"] == location.options[2].id


def test_a_change_asks_the_follow_up_it_makes_relevant(pack: RulePack) -> None:
    got, _, text = interview(pack, ["n", "1", "y", "n", ""], exercise_left(pack), check=True)
    assert got["recent_strenuous_exercise"] == "yes"
    assert got["during_or_after_exercise"] == "no"
    assert pack.question("during_or_after_exercise").text in text


def test_a_change_drops_the_answer_no_longer_relevant(pack: RulePack) -> None:
    got, _, _ = interview(pack, ["y", "n", "1", "n", ""], exercise_left(pack), check=True)
    assert got["recent_strenuous_exercise"] == "no"
    assert "during_or_after_exercise" not in got


@pytest.mark.parametrize("typed", ["x", "0", "9", "b"])
def test_a_bad_reply_says_what_to_type_and_shows_the_list_again(pack: RulePack, typed: str) -> None:
    got, _, text = interview(pack, ["3", typed, ""], settled(pack), check=True)
    assert "Please type a number from 1 to 1 to change that answer" in text
    assert text.count(CHECK_TITLE) == 2
    assert got["frequency"] == "weekly"


def test_q_at_the_check_screen_stops_like_ctrl_c(pack: RulePack) -> None:
    with pytest.raises(KeyboardInterrupt):
        interview(pack, ["3", "q"], settled(pack), check=True)


def test_end_of_input_at_the_check_screen_raises_eof(pack: RulePack) -> None:
    with pytest.raises(EOFError):
        interview(pack, ["3"], settled(pack), check=True)


def test_no_check_screen_after_an_emergency(pack: RulePack) -> None:
    _, stopped, text = interview(pack, ["y", "n", "y"], check=True)
    assert stopped
    assert "EMERGENCY" in text
    assert CHECK_TITLE not in text


def test_changing_a_warning_sign_to_yes_goes_straight_to_the_emergency(pack: RulePack) -> None:
    sign = screening_ids(pack)[0]
    given = settled(pack)
    del given[sign]
    got, _stopped, text = interview(pack, ["n", "1", "1", "y"], given, check=True)
    assert got[sign] == "yes"
    assert text.count(CHECK_TITLE) == 1
    assert "EMERGENCY" in text.split(CHECK_TITLE)[1]


# --- at the terminal, through the CLI ---------------------------------------------------


def test_the_summary_has_the_changed_answer(pack: RulePack, tmp_path: Path) -> None:
    first = on_terminal(pack, "--no-color")
    listed = first.screen.split(CHECK_TITLE)[1].splitlines()
    line = next(x for x in listed if pack.question("frequency").text in x)
    number = line.split(".")[0].strip()
    out = tmp_path / "result.json"
    replies = {"check": [number], "frequency": ["1", "4"]}
    run = on_terminal(pack, "-f", "json", "-o", str(out), replies=replies)
    assert run.code == 0, run.screen
    assert run.checks == 2
    answers = json.loads(out.read_text())["answers"]
    assert answers["frequency"] == pack.question("frequency").options[3].id


@pytest.mark.parametrize("how", [CTRL_C, CTRL_D, "q"], ids=["ctrl-c", "ctrl-d", "q"])
def test_stopping_at_the_check_screen_writes_nothing(
    pack: RulePack, tmp_path: Path, how: object
) -> None:
    out = tmp_path / "summary.md"
    run = on_terminal(pack, "-f", "markdown", "-o", str(out), replies={"check": how})  # type: ignore[dict-item]
    assert run.checks == 1
    assert run.code == 130
    assert "cancelled; nothing was saved" in run.screen
    assert list(tmp_path.iterdir()) == []


def test_no_check_screen_with_no_input(pack: RulePack) -> None:
    run = on_terminal(pack, "--no-input")
    assert run.code == 0
    assert run.checks == 0


def test_no_check_screen_after_an_emergency_at_the_terminal(pack: RulePack) -> None:
    emergency = next(f.id for f in pack.red_flags if f.level == "emergency")
    run = on_terminal(pack, replies={"group": "y", emergency: "y"})
    assert run.code == 0
    assert run.checks == 0
    assert "EMERGENCY" in run.last
