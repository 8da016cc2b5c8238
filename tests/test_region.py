"""Region (emergency numbers, service names) and screen-reader mode, issue #15."""

from __future__ import annotations

import json

import pytest
from rich.color import Color, ColorSystem
from rich.style import Style

from spasmcheck import RulePack
from spasmcheck.cli.common import RegionChoice, guess_region, region_in_use
from spasmcheck.words import LEVEL_TEXT, REGIONS, checklist_help, level_texts, region_line

from .helpers import invoke, on_terminal

INJURED = ("assess", "--no-input", "-a", "recent_injury=yes")
NUMBERS = {"uk": "999", "eu": "112", "us": "911", "au": "000"}


def _all_words(code: str) -> str:
    region = REGIONS[code]
    levels = level_texts(region).values()
    texts = [t for lv in levels for t in (lv.action, lv.when, lv.if_worse)]
    return " ".join([*texts, *checklist_help(region).values(), region_line(region)])


@pytest.mark.parametrize("code", list(REGIONS))
def test_every_text_with_a_number_uses_the_regions_number_only(code: str) -> None:
    words = _all_words(code)
    assert NUMBERS[code] in words
    for other, number in NUMBERS.items():
        if other != code:
            assert number not in words, (code, number)


def test_the_regions_own_service_names() -> None:
    uk, us, au = _all_words("uk"), _all_words("us"), _all_words("au")
    for word in ("NHS 111", "A&E", "GP"):
        assert word in uk
    for word in ("urgent care", "the ER"):
        assert word in us
    for word in ("GP", "emergency department"):
        assert word in au
    assert "NHS" not in _all_words("us") + _all_words("eu") + _all_words("au")


def test_the_cli_choices_are_the_regions_words_knows() -> None:
    assert [c.value for c in RegionChoice] == list(REGIONS)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "uk"),
        ({"LANG": "en_US.UTF-8"}, "us"),
        ({"LANG": "en_AU"}, "au"),
        ({"LANG": "de_DE.UTF-8"}, "eu"),
        ({"LANG": "fr_FR@euro"}, "eu"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "ja_JP.UTF-8"}, None),
        ({}, None),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "en_GB.UTF-8"}, "us"),  # LC_ALL wins
    ],
)
def test_the_region_is_guessed_from_the_locale(env: dict[str, str], expected: str | None) -> None:
    assert guess_region(env) == expected
    assert region_in_use(None, env).code == (expected or "uk")


def test_the_option_wins_over_the_locale() -> None:
    assert region_in_use(RegionChoice.au, {"LANG": "en_US.UTF-8"}).code == "au"


@pytest.mark.parametrize(
    ("args", "env", "code"),
    [
        ((), {}, "uk"),
        (("--region", "us"), {}, "us"),
        ((), {"SPASMCHECK_REGION": "au"}, "au"),
        ((), {"LANG": "de_DE.UTF-8"}, "eu"),
        (("--region", "uk"), {"SPASMCHECK_REGION": "us", "LANG": "en_US.UTF-8"}, "uk"),
    ],
)
def test_assess_uses_the_region_in_text_and_json(
    args: tuple[str, ...], env: dict[str, str], code: str
) -> None:
    plain = invoke(*INJURED, *args, "-f", "plain", env=env)
    assert plain.exit_code == 0, plain.stderr
    head = " ".join(plain.stdout.split("\n\n")[0].split())
    assert f"call {NUMBERS[code]}." in head
    data = json.loads(invoke(*INJURED, *args, "-f", "json", env=env).stdout)
    assert data["region"] == code
    assert data["schema_version"] == 1


def test_an_unknown_region_is_bad_usage() -> None:
    assert invoke(*INJURED, "--region", "mars").exit_code == 2
    assert invoke(*INJURED, env={"SPASMCHECK_REGION": "mars"}).exit_code == 2


def test_the_interview_welcome_help_and_emergency_use_the_region(pack: RulePack) -> None:
    run = on_terminal(pack, "--region", "us", script=["?", "y", "y"])
    assert "Region: US (911 for emergencies). Elsewhere? Use --region" in run.screen
    assert "if one applies, call 911." in run.screen  # the checklist's "?"
    assert "EMERGENCY: stop here and call 911 now." in run.screen
    assert "999" not in run.screen.split("question 1 of")[0]  # the welcome (rule text may say 999)
    uk = on_terminal(pack, script=["y", "y"], env={"LANG": "en_GB.UTF-8"})
    assert "Region: UK (999 for emergencies, NHS 111 for advice)." in uk.screen


# --- screen-reader mode and 16 colours ------------------------------------------------


@pytest.mark.parametrize(("args", "env"), [((), {"ACCESSIBLE": "1"}), (("--format", "plain"), {})])
def test_screen_reader_mode_draws_no_boxes(
    pack: RulePack, args: tuple[str, ...], env: dict[str, str]
) -> None:
    run = on_terminal(pack, *args, script=["y", "y"], env=env)
    assert run.code == 0
    assert "spasmcheck: a self-check for muscle spasms and cramps" in run.screen
    assert "EMERGENCY: stop here and call 999 now." in run.screen
    assert "!!! EMERGENCY" in run.screen  # the panel's title, as a line
    for box in "╭╮╰╯│":
        assert box not in run.screen


def test_boxes_by_default(pack: RulePack) -> None:
    run = on_terminal(pack, script=["y", "y"])
    assert run.screen.count("╭") >= 2  # the welcome and the emergency panel


def test_each_level_has_its_own_colour_in_16_colours() -> None:
    standard = {
        level: Style.parse(text.colour).bgcolor.downgrade(ColorSystem.STANDARD).number
        for level, text in LEVEL_TEXT.items()
        if Style.parse(text.colour).bgcolor is not None
    }
    assert len(standard) == 4
    assert len(set(standard.values())) == 4, standard
    red = {Color.parse("red").number, Color.parse("bright_red").number}
    assert standard["emergency"] in red
    assert standard["urgent"] not in red
