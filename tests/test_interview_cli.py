"""``spasmcheck assess`` at a terminal, in this process: what a person at a keyboard sees
and gets. Replies are chosen from what the screen shows (helpers.on_terminal), as in the
pty smoke tests of test_interview_pty.py, which prove the same on a real terminal.

Questions are recognised by their text from the pack, so new questions in the pack do
not break these tests (they are answered "no").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from spasmcheck import RulePack, next_question

from .helpers import ADULT, CTRL_C, CTRL_D, ESC, GROUP, Reply, full_answers, invoke, on_terminal

NONE = ["n", "n"]
"""'None of these' to both lists of warning signs: the emergency ones, then the urgent ones."""


def first_after_warning_signs(pack: RulePack) -> str:
    """The first question asked after "none" at both warning-sign lists."""
    given = {**ADULT, **{q.id: "no" for q in pack.questions if q.screening}}
    question = next_question(pack, given)
    assert question is not None
    return question.id


def test_full_interview_to_a_self_care_result(pack: RulePack) -> None:
    yes = {"recent_strenuous_exercise": "y", "during_or_after_exercise": "y", "frequency": "1"}
    run = on_terminal(pack, replies=yes)
    assert run.code == 0
    assert "not a diagnosis" in run.screen
    assert "call 999" in run.screen
    assert run.asked[:2] == ["group", "group"]
    asked_alone = [q for q in run.asked[2:] if q != "group"]
    assert not any(pack.question(q).screening for q in asked_alone)  # "no" covered them all
    assert run.asked.count("group") == 4  # and the pack's two lists (issue #15)
    assert "during_or_after_exercise" in run.asked
    assert "no_improvement_with_self_care" not in run.asked  # first cramp: not a follow-up
    assert "OK SELF-CARE" in run.stdout
    assert next(c.name for c in pack.causes if c.id == "muscle_fatigue") in run.stdout
    assert "Traceback" not in run.shown


def test_follow_up_is_skipped_when_its_condition_fails(pack: RulePack) -> None:
    run = on_terminal(pack, replies={"recent_strenuous_exercise": "n", "frequency": "1"})
    assert run.code == 0
    assert "recent_strenuous_exercise" in run.asked
    assert "during_or_after_exercise" not in run.asked


def test_progress_is_shown(pack: RulePack) -> None:
    run = on_terminal(pack, script=[*NONE, CTRL_D])
    for number in (1, 2, 3):
        assert re.search(rf"question {number} of at most \d+", run.screen)


def test_bad_input_then_a_good_one(pack: RulePack) -> None:
    where = {"cramp_location": "leg_or_foot"}  # so the first question is a yes/no one
    given = {**ADULT, **where, **{q.id: "no" for q in pack.questions if q.screening}}
    first = next_question(pack, given).id
    run = on_terminal(
        pack, "-a", "cramp_location=leg_or_foot", script=[*NONE, "perhaps", "y", CTRL_C]
    )
    assert "Please type y for yes or n for no, or press Enter if you don't know." in run.screen
    assert run.asked[2:4] == [first, first]  # the same question again
    assert run.asked[4] != first
    assert run.code == 130


def test_question_mark_shows_why_then_takes_the_answer(pack: RulePack, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    first = first_after_warning_signs(pack)
    run = on_terminal(pack, "-f", "json", "-o", str(out), script=[*NONE, "?", "1"])
    assert pack.question(first).help in run.screen
    assert run.asked[2:4] == [first, first]
    assert run.code == 0
    assert json.loads(out.read_text())["answers"][first] == pack.question(first).options[0].id


def test_back_and_a_changed_answer(pack: RulePack, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    first = first_after_warning_signs(pack)
    run = on_terminal(pack, "-f", "json", "-o", str(out), script=[*NONE, "2", "b", "1", "n"])
    second = run.asked[3]
    assert second != first
    assert run.asked[2:6] == [first, second, first, second]
    assert "Going back one question." in run.screen
    assert "Your answer was: Hand or arm. Press Enter to keep it, or answer again." in run.screen
    assert run.code == 0
    assert json.loads(out.read_text())["answers"][first] == pack.question(first).options[0].id


def test_back_out_of_the_warning_sign_drill_down(pack: RulePack) -> None:
    run = on_terminal(pack, script=["y", "b", CTRL_C])
    assert "one at a time" in run.screen
    assert pack.question(run.asked[1]).screening
    assert run.asked[2] == "group"
    assert run.code == 130


def test_emergency_answer_stops_at_once(pack: RulePack) -> None:
    emergency = [f.id for f in pack.red_flags if f.level == "emergency"][1]  # not the first
    run = on_terminal(pack, replies={"group": "y", emergency: "y"})
    assert run.asked[-1] == emergency  # nothing asked after it
    screening = [q.id for q in pack.questions if q.screening]
    assert run.asked[1:] == screening[: screening.index(emergency) + 1]  # the first list's
    assert "EMERGENCY: stop here and call 999" in run.last
    assert "!!! EMERGENCY" in run.last
    assert run.code == 0


@pytest.mark.parametrize("how", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_cancel_exits_130_and_writes_nothing(pack: RulePack, tmp_path: Path, how: Reply) -> None:
    out = tmp_path / "summary.md"
    run = on_terminal(pack, "-f", "markdown", "-o", str(out), script=["n", how])
    assert "cancelled; nothing was saved" in run.screen
    assert run.code == 130
    assert "Traceback" not in run.shown
    assert run.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_prefilled_flags_skip_their_questions(pack: RulePack) -> None:
    given = ["localized_sharp_pain=yes", "recent_strenuous_exercise=no", "frequency=daily"]
    run = on_terminal(pack, *(arg for pair in given for arg in ("-a", pair)))
    assert run.code == 0
    assert not {"localized_sharp_pain", "recent_strenuous_exercise", "frequency"} & set(run.asked)
    assert "during_or_after_exercise" not in run.asked  # its condition is already false
    assert "SEE A DOCTOR" in run.stdout  # daily cramps


def test_a_prefilled_warning_sign_is_left_out_of_the_group(pack: RulePack) -> None:
    first = next(q for q in pack.questions if q.screening)
    run = on_terminal(pack, "-a", f"{first.id}=no", script=[CTRL_C])
    assert run.asked == ["group"]  # the emergency list, less the sign already answered
    assert GROUP in run.screen
    assert (first.short or first.text) not in run.screen


def test_summary_on_stdout_stays_clean_while_the_interview_uses_the_terminal(
    pack: RulePack,
) -> None:
    run = on_terminal(pack, "-f", "json", replies={"frequency": "2"}, stdout_is_terminal=False)
    assert run.code == 0
    assert run.asked[:2] == ["group", "group"]
    result = json.loads(run.stdout)  # nothing but the JSON went to stdout
    assert result["answers"]["frequency"] == "occasional"


def test_non_terminal_stdin_exits_2_at_once() -> None:
    done = invoke("assess", input="")
    assert done.exit_code == 2
    assert done.stdout == ""
    assert "--no-input" in done.stderr
    assert "-a ID=VALUE" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


# --- colour on a terminal --------------------------------------------------------------


def colour_run(pack: RulePack, tmp_path: Path, env: dict, *flags: str) -> str:
    """A run with every answer given in a file: no question, just the summary."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(full_answers(pack)))
    run = on_terminal(pack, "--answers", str(answers), *flags, env=env)
    assert run.code == 0
    assert run.asked == []
    return run.shown


def test_rich_with_colour_is_the_default_on_a_terminal(pack: RulePack, tmp_path: Path) -> None:
    text = colour_run(pack, tmp_path, {"NO_COLOR": None})
    assert ESC in text
    assert "SELF-CARE" in text
    assert "spasmcheck" in text.splitlines()[0]  # the rich banner, not plain text


@pytest.mark.parametrize(
    ("env", "flags"),
    [
        ({"NO_COLOR": "1"}, []),
        ({"NO_COLOR": None, "TERM": "dumb"}, []),
        ({"NO_COLOR": None}, ["--no-color"]),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, []),
    ],
)
def test_no_colour_codes_when_turned_off(pack: RulePack, tmp_path: Path, env, flags) -> None:
    text = colour_run(pack, tmp_path, env, *flags)
    assert ESC not in text
    assert "SELF-CARE" in text


def test_interview_prompts_have_no_colour_codes_with_no_color(pack: RulePack) -> None:
    run = on_terminal(pack, script=[CTRL_C], env={"NO_COLOR": "1"})
    assert run.asked == ["group"]
    assert ESC not in run.screen


def test_interview_prompts_are_coloured_by_default(pack: RulePack) -> None:
    run = on_terminal(pack, script=[CTRL_C], env={"NO_COLOR": None})
    assert run.asked == ["group"]
    assert ESC in run.screen.split("cancelled")[0]


def test_q_stops_the_interview_and_saves_nothing(pack: RulePack, tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    run = on_terminal(pack, "-f", "markdown", "-o", str(out), script=["n", "q"])
    assert run.code == 130
    assert "cancelled; nothing was saved" in run.screen
    assert list(tmp_path.iterdir()) == []


def test_an_interview_with_output_also_shows_the_summary(pack: RulePack, tmp_path: Path) -> None:
    out = tmp_path / "result.md"
    run = on_terminal(pack, "-o", str(out))
    assert run.code == 0
    assert out.read_text().startswith("# spasmcheck: a report for your doctor")
    assert "╭─ spasmcheck" in run.stdout  # the rich summary, on the terminal
    assert f"summary written to {out}" in run.screen
    piped = on_terminal(pack, "-o", str(tmp_path / "again.md"), stdout_is_terminal=False)
    assert piped.code == 0
    assert piped.stdout == ""  # stdout redirected: only the file


@pytest.mark.parametrize(
    "replies",
    [
        {"recent_strenuous_exercise": "y", "during_or_after_exercise": "y"},  # self-care
        {"group": ["n", "y"], "recent_injury": "y"},  # a list answered yes: each sign asked
        {"night_cramps": "y", "frequency": "3", "affects_sleep": "y", "takes_statin": "y"},
    ],
)
def test_the_counter_never_grows_and_never_runs_out(pack: RulePack, replies) -> None:
    """Issue #15: "question N of at most M" on screen is honest (no interview asks more
    than M) and stable (M never grows from one question to the next)."""
    run = on_terminal(pack, replies=replies)
    assert run.code == 0
    shown = [
        (int(n), int(m)) for n, m in re.findall(r"question (\d+) of at most (\d+)", run.screen)
    ]
    numbers = [n for n, _ in shown]
    assert numbers == list(range(1, len(numbers) + 1))
    bounds = [m for _, m in shown]
    assert bounds == sorted(bounds, reverse=True), bounds
    assert all(m >= len(shown) for m in bounds), (len(shown), bounds)
