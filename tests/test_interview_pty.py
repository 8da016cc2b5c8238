"""Smoke tests of the real program in a pseudo-terminal (slow: a process each).

Everything a person at a keyboard sees and gets is tested in this process by
test_interview_cli.py; these few prove it holds on a real terminal: the emergency stop,
Ctrl-C, and colour codes on and off.

Never timing-sensitive: every wait is an ``expect`` on text with a generous timeout.
Questions are recognised by their text from the pack, so new questions in the pack do
not break these tests (they are answered "no").
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from spasmcheck import RulePack

from .helpers import ADULT, ESC, full_answers, program_env, which

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

TIMEOUT = 30
PROMPT = re.compile(r"q = quit\) (?:\x1b\[[0-9;]*m)*> ")  # colour codes may sit between
SAVE = re.compile(r"Save this to your diary\? .*\[y/N\] ")
CHECK = re.compile(r"Check your answers.*?q = quit\) (?:\x1b\[[0-9;]*m)*> ", re.S)


def spawn(*args: str, env: dict[str, str | None] | None = None):
    """``spasmcheck assess`` on a fresh pty, 200 columns wide so no question text wraps."""
    settings = {
        "TERM": "xterm-256color",
        "COLUMNS": "200",
        "LINES": "60",
        "NO_COLOR": "1",
        "SPASMCHECK_NO_PAGER": "1",  # test_paging.py has the one smoke test of a pager
    }
    adult = [arg for pair in ADULT.items() for arg in ("-a", "=".join(pair))]
    return pexpect.spawn(
        sys.executable,
        ["-m", "spasmcheck", "assess", *adult, *args],
        env=program_env(**{**settings, **(env or {})}),
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(60, 200),
    )


def drive(child, pack: RulePack, replies: dict[str, str]) -> tuple[list[str], str]:
    """Answer every prompt from ``replies``; anything else gets "n", or "1" for a choice.
    Returns the ids asked, in order, and everything after the last prompt."""
    asked: list[str] = []
    rest = ""
    # CHECK first: its screen ends in a prompt too, and starts before it.
    while (found := child.expect([CHECK, PROMPT, SAVE, pexpect.EOF])) != 3:
        if found == 2:  # the offer to save, after the summary
            rest += child.before + child.after
            child.sendline(replies.get("save", "n"))
            continue
        if found == 0:  # check your answers: Enter goes on to the summary
            child.sendline(replies.get("check", ""))
            continue
        rest = ""
        question = which(pack, child.before)
        asked.append(question)
        assert asked.count(question) < 5, f"{question} asked again and again"
        if question in replies:
            reply = replies[question]
        elif question != "group" and pack.question(question).type == "choice":
            reply = "1"
        else:
            reply = "n"
        child.sendline(reply)
    child.close()
    return asked, rest + child.before


def test_emergency_answer_stops_at_once(pack: RulePack) -> None:
    emergency = [f.id for f in pack.red_flags if f.level == "emergency"][1]  # not the first
    assert pack.question(emergency).screening
    child = spawn()
    asked, rest = drive(child, pack, {"group": "y", emergency: "y"})
    assert asked[-1] == emergency  # nothing asked after it
    screening = [q.id for q in pack.questions if q.screening]
    assert asked[1:] == screening[: screening.index(emergency) + 1]
    assert "EMERGENCY: stop here and call 999" in rest
    assert "!!! EMERGENCY" in rest
    assert child.exitstatus == 0


def test_ctrl_c_exits_130_and_writes_nothing(pack: RulePack, tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    child = spawn("-f", "markdown", "-o", str(out))
    child.expect(PROMPT)
    child.sendline("n")
    child.expect(PROMPT)
    child.sendintr()
    child.expect("cancelled; nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before
    assert list(tmp_path.iterdir()) == []


def test_colour_codes_on_a_terminal_unless_no_color(pack: RulePack) -> None:
    """Prompts and summary are coloured on a terminal by default; NO_COLOR turns both off."""
    given = {k: v for k, v in full_answers(pack).items() if k != "frequency"}
    args = [arg for pair in given.items() for arg in ("-a", "=".join(pair))]
    for env, coloured in (({"NO_COLOR": None}, True), ({"NO_COLOR": "1"}, False)):
        child = spawn(*args, env=env)
        child.expect(PROMPT)
        prompt = child.before + child.after
        assert which(pack, prompt) == "frequency"
        child.sendline("1")
        child.expect(CHECK)  # check your answers: Enter goes on
        child.sendline("")
        child.expect(SAVE)
        summary = child.before
        child.sendline("n")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        assert (ESC in prompt) is coloured
        assert (ESC in summary) is coloured
        assert "SELF-CARE" in summary


def test_yes_to_the_offer_saves_to_the_diary(pack: RulePack) -> None:
    """On a real terminal the offer reads a real line; "y" makes a private diary."""
    import json
    import os
    import stat

    child = spawn()
    drive(child, pack, {"save": "y"})
    assert child.exitstatus == 0
    assert "saved to your diary as entry 1" in child.before
    diary = Path(os.environ["SPASMCHECK_DATA"]) / "diary.sqlite3"
    assert stat.S_IMODE(diary.stat().st_mode) == 0o600
    from .helpers import invoke

    [entry] = json.loads(invoke("diary", "-f", "json").stdout)
    assert entry["kind"] == "assessment"
