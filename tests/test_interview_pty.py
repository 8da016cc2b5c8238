"""The real program in a pseudo-terminal: what a person at a keyboard sees and gets.

Never timing-sensitive: every wait is an ``expect`` on text with a generous timeout.
Questions are recognised by their text from the pack, so new questions in the pack do
not break these tests (they are answered "no").
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from spasmcheck.pack.model import RulePack

pexpect = pytest.importorskip("pexpect")

TIMEOUT = 30
PROMPT = re.compile(r"b = back\) (?:\x1b\[[0-9;]*m)*> ")  # colour codes may sit between
GROUP = "Do any of these apply to you"  # both lists of warning signs
ESC = "\x1b["


def spawn(*args: str, env: dict[str, str] | None = None, command: str | None = None):
    """``spasmcheck assess`` on a fresh pty, 200 columns wide so no question text wraps."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    base.update({"TERM": "xterm-256color", "COLUMNS": "200", "LINES": "60", "NO_COLOR": "1"})
    for key, value in (env or {}).items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    if command is not None:
        program, argv = "/bin/sh", ["-c", command]
    else:
        # The age is given, so the interview starts at the warning signs.
        adult = ["-a", "age_group=16_to_64"]
        program, argv = sys.executable, ["-m", "spasmcheck", "assess", *adult, *args]
    return pexpect.spawn(
        program,
        argv,
        env=base,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(60, 200),
    )


def which(pack: RulePack, shown: str) -> str:
    """The question whose text was shown last before a prompt ("group" for the checklist)."""
    best, where = "", -1
    for question in pack.questions:
        at = shown.rfind(question.text)
        if at > where:
            best, where = question.id, at
    if shown.rfind(GROUP) > where:
        return "group"
    assert best, f"no question recognised in {shown!r}"
    return best


def drive(child, pack: RulePack, replies: dict[str, str | list[str]]) -> tuple[list[str], str]:
    """Answer every prompt from ``replies`` (a list is used up one reply at a time).

    Anything else gets "n", or "1" for a choice. Returns the ids asked, in order (repeats
    included), and everything after the last prompt.
    """
    asked: list[str] = []
    queued = {k: list(v) if isinstance(v, list) else [v] for k, v in replies.items()}
    while child.expect([PROMPT, pexpect.EOF]) == 0:
        question = which(pack, child.before)
        asked.append(question)
        assert asked.count(question) < 5, f"{question} asked again and again"
        todo = queued.get(question)
        if todo:
            reply = todo.pop(0) if len(todo) > 1 else todo[0]
        elif question != "group" and pack.question(question).type == "choice":
            reply = "1"
        else:
            reply = "n"
        child.sendline(reply)
    child.close()
    return asked, child.before


def past_warning_signs(pack: RulePack, *args: str) -> tuple[pexpect.spawn, str]:
    """Start the interview, answer "none" to the warning-sign checklist, and return the
    child with the id of the first question asked after it."""
    child = spawn("-a", "cramp_location=leg_or_foot", *args)
    child.expect(PROMPT)
    child.sendline("n")  # no to the emergency signs
    child.expect(PROMPT)
    child.sendline("n")  # no to the urgent signs
    child.expect(PROMPT)
    return child, which(pack, child.before)


def full_answers(pack: RulePack) -> dict[str, str]:
    return {
        q.id: "no" if q.type == "yes_no" else q.options[0].id
        for q in pack.questions
        if q.type in ("yes_no", "choice")
    }


def test_full_interview_to_a_self_care_result(pack: RulePack) -> None:
    child = spawn()
    child.expect("not a diagnosis")
    child.expect("call 999")
    asked, summary = drive(
        child,
        pack,
        {"recent_strenuous_exercise": "y", "during_or_after_exercise": "y", "frequency": "1"},
    )
    assert child.exitstatus == 0
    assert asked[:2] == ["group", "group"]  # the emergency list, then the urgent one
    assert not any(pack.question(q).screening for q in asked[2:])  # "no" covered them all
    assert "during_or_after_exercise" in asked
    assert "no_improvement_with_self_care" not in asked  # first cramp: not a follow-up
    assert "OK SELF-CARE" in summary
    assert next(c.name for c in pack.causes if c.id == "muscle_fatigue") in summary
    assert "Traceback" not in summary


def test_follow_up_is_skipped_when_its_condition_fails(pack: RulePack) -> None:
    asked, _ = drive(spawn(), pack, {"recent_strenuous_exercise": "n", "frequency": "1"})
    assert "recent_strenuous_exercise" in asked
    assert "during_or_after_exercise" not in asked


def test_progress_is_shown(pack: RulePack) -> None:
    child = spawn()
    child.expect(r"question 1 of at most \d+")
    child.expect(PROMPT)
    child.sendline("n")
    child.expect(r"question 2 of at most \d+")
    child.sendeof()
    child.expect(pexpect.EOF)


def test_bad_input_then_a_good_one(pack: RulePack) -> None:
    child, first = past_warning_signs(pack)
    child.sendline("perhaps")
    child.expect("Please type y for yes or n for no, or press Enter if you don't know.")
    child.expect(PROMPT)
    assert which(pack, child.before) == first  # the same question again
    child.sendline("y")
    child.expect(PROMPT)
    assert which(pack, child.before) != first
    child.sendintr()
    child.expect(pexpect.EOF)


def test_question_mark_shows_why_then_takes_the_answer(pack: RulePack, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    child, first = past_warning_signs(pack, "-f", "json", "-o", str(out))
    child.sendline("?")
    child.expect_exact(pack.question(first).help)
    asked, _ = drive(child, pack, {first: "y"})
    assert asked[0] == first
    assert child.exitstatus == 0
    assert json.loads(out.read_text())["answers"][first] == "yes"


def test_back_and_a_changed_answer(pack: RulePack) -> None:
    child, first = past_warning_signs(pack)
    child.sendline("y")
    child.expect(PROMPT)
    second = which(pack, child.before)
    child.sendline("b")
    child.expect("Going back one question.")
    child.expect(PROMPT)
    assert which(pack, child.before) == first
    assert "Your answer was: yes. Answer again." in child.before
    child.sendline("n")
    child.expect(PROMPT)
    assert which(pack, child.before) not in (first, second) or second != first
    child.sendintr()
    child.expect(pexpect.EOF)


def test_summary_on_stdout_stays_clean_while_the_interview_uses_the_terminal(
    pack: RulePack, tmp_path: Path
) -> None:
    out = tmp_path / "result.json"
    command = f"'{sys.executable}' -m spasmcheck assess -a age_group=16_to_64 -f json > '{out}'"
    child = spawn(command=command)
    asked, _ = drive(child, pack, {"frequency": "2"})
    assert child.exitstatus == 0
    assert asked[0] == "group"
    result = json.loads(out.read_text())  # nothing but the JSON went to stdout
    assert result["answers"]["frequency"] == "occasional"


def test_non_terminal_stdin_exits_2_at_once() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "spasmcheck", "assess"],
        stdin=subprocess.PIPE,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "--no-input" in done.stderr
    assert "-a ID=VALUE" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


# --- colour on a real terminal ---------------------------------------------------------


def colour_run(pack: RulePack, tmp_path: Path, env: dict, *flags: str) -> str:
    """A run with every answer given in a file: no question, just the summary."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(full_answers(pack)))
    child = spawn("--answers", str(answers), *flags, env=env)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return child.before


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
    child = spawn(env={"NO_COLOR": "1"})
    child.expect(PROMPT)
    assert ESC not in child.before
    child.sendintr()
    child.expect(pexpect.EOF)


def test_interview_prompts_are_coloured_by_default(pack: RulePack) -> None:
    child = spawn(env={"NO_COLOR": None})
    child.expect(PROMPT)
    assert ESC in child.before
    child.sendintr()
    child.expect(pexpect.EOF)
