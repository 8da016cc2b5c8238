"""The colour-coded summary: words and symbols for every level, width, and colour codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spasmcheck import assess
from spasmcheck.pack import record
from spasmcheck.pack.levels import LEVELS
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render import Format, render
from spasmcheck.render.summary import action
from spasmcheck.words import LEVEL_TEXT

from .helpers import CASES, ESC, invoke

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\\\")


def rich_text(pack: RulePack, answers: dict, *, width: int = 80, color: bool = False) -> str:
    return render(assess(pack, answers), Format.rich, color=color, width=width)


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_has_its_word_symbol_and_action(pack: RulePack, level: str) -> None:
    result = assess(pack, CASES[level])
    assert result.triage.level == level
    text = render(result, Format.rich, width=80)
    words = LEVEL_TEXT[level]
    assert f" {words.symbol} {words.word} " in text.splitlines()[1]
    assert action(result).split(" (")[0] in " ".join(text.replace("│", " ").split())


def test_banner_is_exact_at_a_pinned_width(pack: RulePack) -> None:
    answers = {q.id: "no" for q in pack.questions if q.screening} | CASES["self_care"]
    answers |= {"age_group": "16_to_64", "cramp_location": "leg_or_foot", "pregnant": "no"}
    # Else an exercise follow-up, or the heatstroke follow-up of heat, is still open.
    answers |= {"vomiting_or_diarrhea": "no", "heavy_sweating_or_heat": "no"}
    lines = rich_text(pack, answers, width=72).splitlines()
    assert lines[:7] == [
        "╭─ spasmcheck " + "─" * 57 + "╮",
        "│  OK SELF-CARE".ljust(71) + "│",
        "│ You can look after this at home with the advice below.".ljust(71) + "│",
        "│ When: If it is not getting better within 2 weeks, see a GP.".ljust(71) + "│",
        "│ If things change: If it gets worse, or any warning sign appears, get".ljust(71) + "│",
        "│ help at once.".ljust(71) + "│",
        "╰" + "─" * 70 + "╯",
    ]


def test_self_care_with_unanswered_warning_signs_never_says_safe(pack: RulePack) -> None:
    text = " ".join(rich_text(pack, CASES["self_care"]).replace("│", " ").split())
    assert "SELF-CARE" in text
    assert "safe" not in text.lower()
    assert "not sure about some warning signs" in text
    assert "Warning signs you were not sure about" in text


def test_likely_cause_has_strength_why_and_sources(pack: RulePack) -> None:
    result = assess(pack, CASES["self_care"])
    text = " ".join(render(result, Format.rich, width=100).split())
    likely = result.likely
    assert likely is not None
    assert likely.name in text
    assert re.search(r"[█░]{10} (strong|moderate|weak) evidence", text)
    assert "Why:" in text
    for item in likely.evidence:
        assert f"({item.question}: {item.answer})" in text
    for heading in ("What to do now", "To prevent the next one", "When to see a professional"):
        assert heading in text
    assert f"[{result.immediate_relief[0].source.label}]" in text
    assert result.disclaimer.split(".")[0] in text


def test_evidence_against_is_marked_minus(pack: RulePack) -> None:
    answers = {**CASES["self_care"], "numbness_tingling": "yes"}
    result = assess(pack, answers)
    assert result.likely_cause == "muscle_fatigue"
    text = render(result, Format.rich, width=120)
    assert re.search(r"^- .*\(numbness_tingling: yes\)$", text, re.MULTILINE)


def test_no_cause_stands_out_is_said_plainly(pack: RulePack) -> None:
    text = rich_text(pack, {})
    assert "No single cause stands out from your answers" in text
    assert "What to do now" in text  # the general advice


def test_runner_ups_are_brief(pack: RulePack) -> None:
    """One line naming the two strongest other causes with evidence, not every one."""
    answers = {
        **CASES["self_care"],
        **dict.fromkeys(("low_fluid_intake", "heavy_sweating_or_heat", "low_mineral_diet"), "yes"),
        **dict.fromkeys(("takes_diuretics", "night_cramps", "pain_when_walking"), "yes"),
    }
    result = assess(pack, answers)
    others = [c for c in result.causes if c.id != result.likely_cause and c.score > 0]
    assert len(others) > 2  # more candidates than the summary may name
    lines = [x for x in rich_text(pack, answers, width=200).splitlines() if "Also possible" in x]
    assert len(lines) == 1
    named = [c for c in result.causes if c.name in lines[0]]
    assert named == others[:2]


def test_stopped_early_is_said(pack: RulePack) -> None:
    result = assess(pack, CASES["emergency"], stopped_early=True)
    assert "stopped early" in render(result, Format.rich)


@pytest.mark.parametrize("width", [80, 60, 40])
def test_fits_the_width_and_reflows(pack: RulePack, width: int) -> None:
    for answers in CASES.values():
        text = rich_text(pack, {**answers, "low_fluid_intake": "yes"}, width=width)
        assert max(len(line) for line in text.splitlines()) <= width
        assert not any(line.endswith(" ") for line in text.splitlines())


def test_no_escape_codes_without_colour(pack: RulePack) -> None:
    for answers in CASES.values():
        assert ESC not in rich_text(pack, answers, color=False)


def test_colour_codes_with_colour_and_same_words(pack: RulePack) -> None:
    coloured = rich_text(pack, CASES["urgent"], color=True)
    assert ESC in coloured
    assert ANSI.sub("", coloured) == rich_text(pack, CASES["urgent"], color=False)


def test_rule_text_is_not_markup(pack: RulePack) -> None:
    result = record.replace(assess(pack, {}), disclaimer="Not [bold]a[/bold] diagnosis [see a GP].")
    text = render(result, Format.rich, width=80, color=True)
    assert "Not [bold]a[/bold] diagnosis [see a GP]." in ANSI.sub("", text)


# --- colour and format choices of the command line ---------------------------------------


def run_cli(*args: str, env: dict[str, str] | None = None):
    """``assess --no-input ARGS`` with stdout not a terminal (conftest pins TERM, COLUMNS)."""
    return invoke("assess", "--no-input", *args, env=env)


@pytest.mark.parametrize(
    ("env", "flags", "coloured"),
    [
        ({}, [], False),  # not a terminal: no colour by default
        ({"FORCE_COLOR": "1"}, [], True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [], False),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, [], False),
        ({"FORCE_COLOR": "1"}, ["--no-color"], False),
        ({"FORCE_COLOR": "0"}, [], False),
        ({"FORCE_COLOR": "1", "NO_COLOR": ""}, [], True),  # an empty NO_COLOR is unset
    ],
)
def test_colour_follows_the_conventions(env, flags, coloured) -> None:
    done = run_cli("-f", "rich", "-a", "recent_injury=yes", *flags, env=env)
    assert done.exit_code == 0, done.stderr
    assert (ESC in done.stdout) is coloured
    assert "URGENT" in done.stdout


def test_plain_is_the_default_when_stdout_is_not_a_terminal() -> None:
    done = run_cli("-a", "recent_injury=yes", env={"FORCE_COLOR": "1"})
    assert done.exit_code == 0
    assert done.stdout.startswith("[!!] URGENT")
    assert ESC not in done.stdout


def test_markdown_works() -> None:
    done = run_cli("-f", "markdown", "-a", "recent_injury=yes")
    assert done.exit_code == 0
    assert done.stdout.startswith("# spasmcheck: a report for your doctor")


@pytest.mark.parametrize("fmt", ["rich", "plain", "markdown", "json"])
def test_output_file_never_has_colour_codes(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "summary.txt"
    done = run_cli(
        "-f", fmt, "-o", str(target), "-a", "recent_injury=yes", env={"FORCE_COLOR": "1"}
    )
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""
    written = target.read_text(encoding="utf-8")
    assert ESC not in written
    assert "URGENT" in written or '"urgent"' in written
