"""The talking half of the interview: the only place that prompts (to stderr, never stdout).

It shows each step of ``flow.Interview`` on a Rich console and reads replies from a
stream, both passed in so tests can drive it with ``io.StringIO``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from spasmcheck.engine import assess
from spasmcheck.pack.conditions import Answer
from spasmcheck.pack.model import QuestionList
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.words import (
    CHECK_INTRO,
    CHECK_TITLE,
    CHECKLIST_TITLE,
    DEFAULT_REGION,
    REGIONS,
    Region,
    checklist_help,
    region_line,
)

from .flow import QUIT, Done, Group, Interview, Reply, Step, allowed_keys, what_is_allowed
from .review import answered, change, replay

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


def make_console(color: bool) -> Console:
    """A console on stderr: prompts and progress never mix with the summary on stdout."""
    from spasmcheck.render.rich import console

    return console(sys.stderr, color=color)


def run_interview(
    pack: RulePack,
    answers: dict[str, Answer],
    *,
    color: bool = False,
    console: Console | None = None,
    stream: TextIO | None = None,
    region: Region | None = None,
    accessible: bool = False,
    suggested: dict[str, tuple[Answer, str]] | None = None,
    check: bool = True,
) -> tuple[dict[str, Answer], bool]:
    """Ask until the engine names no more; return the answers and whether it stopped early.

    ``region`` gives the emergency number and service names (the UK's by default);
    ``accessible`` draws no boxes, for screen readers: the welcome and the emergency
    message are plain lines. ``check`` shows the "check your answers" screen before
    returning (``check_answers``), unless an emergency stopped the interview.

    Ctrl-C raises ``KeyboardInterrupt`` and end of input ``EOFError``; the CLI turns both
    into "cancelled" and exit 130, before anything is written.
    """
    where = region or REGIONS[DEFAULT_REGION]
    interview = Interview(pack, answers, suggested=dict(suggested or {}))
    if interview.current() is None:
        if interview.emergency:
            _show_emergency(console or make_console(color), interview, where, accessible)
        return interview.answers, interview.stopped_early
    out = console or make_console(color)
    source = stream if stream is not None else sys.stdin
    _opening(out, where, accessible)
    _ask_all(out, interview, source, where)
    if check and not interview.emergency:
        check_answers(out, interview, source, where)
    if interview.emergency:  # straight to the summary: no check screen in an emergency
        _show_emergency(out, interview, where, accessible)
    else:
        out.print()
        out.print(_text(("Thank you: that was the last question.", "bold")))
        out.print()
    return interview.answers, interview.stopped_early


def _ask_all(
    out: Console,
    interview: Interview,
    source: TextIO,
    where: Region,
    later: list[Done] | None = None,
) -> None:
    """Ask each step until the engine names no more; a step with a reply in ``later``
    (``review.change``) takes it without asking."""
    while (step := interview.current()) is not None:
        if later and replay(interview, step, later):
            continue
        _show_step(out, interview, step)
        outcome = interview.reply(step, _read(out, source, allowed_keys(step)))
        if outcome is Reply.QUIT:
            raise KeyboardInterrupt  # the same as Ctrl-C: stop, and save nothing
        _respond(out, interview, step, outcome, where)


def check_answers(out: Console, interview: Interview, source: TextIO, where: Region) -> None:
    """The "check your answers" screen: the answers in words, numbered; a number changes
    one (asked again, then whatever that change brings), Enter goes on to the summary.
    Returns at once if a changed answer is an emergency."""
    while interview.history and not interview.emergency:
        rows = answered(interview)
        out.print()
        out.print(_text((CHECK_TITLE, "bold")))
        out.print(_text(CHECK_INTRO))
        out.print(_numbered(rows))
        keys = f"1-{len(rows)} = change that answer / Enter = go on to your summary / q = quit"
        word = _read(out, source, keys).strip().lower()
        if word == "":
            return
        if word in QUIT:
            raise KeyboardInterrupt
        if not (word.isdigit() and 1 <= int(word) <= len(rows)):
            out.print(
                _text(
                    (
                        f"Please type a number from 1 to {len(rows)} to change that answer, "
                        "or press Enter to go on.",
                        "yellow",
                    )
                )
            )
            continue
        later = change(interview, int(word))
        out.print(_text((f"Changing answer {word}.", "dim")))
        _ask_all(out, interview, source, where, later)


def _read(out: Console, source: TextIO, keys: str) -> str:
    """One line; end of input is ``EOFError`` (a closed stdin must never loop)."""
    from rich.text import Text

    line = out.input(Text.assemble((f"({keys}) ", "dim"), ("> ", "bold")), stream=source)
    if line == "":
        raise EOFError
    return line


def _text(*parts: str | tuple[str, str]) -> Text:
    """Rule text as a Rich ``Text``: never parsed as markup, so ``[x]`` prints as written."""
    from rich.text import Text

    return Text.assemble(*parts)


def _boxed(
    out: Console, body: Text, accessible: bool, title: str | None = None, border: str = ""
) -> None:
    """``body`` in a box, or, for a screen reader, as plain lines under its title."""
    from rich.panel import Panel

    if accessible:
        if title:
            out.print(_text((title, "bold")))
        out.print(body)
    else:
        out.print(Panel(body, title=title, border_style=border, expand=False))


def _opening(out: Console, region: Region, accessible: bool) -> None:
    from rich.text import Text

    body = Text()
    body.append("spasmcheck: a self-check for muscle spasms and cramps\n", style="bold")
    body.append(
        "A few questions, warning signs first. Then a summary: how urgent it looks, "
        "the likely cause and why, and what to do now. It is not a diagnosis.\n\n"
    )
    body.append("If you may be in danger now, do not answer: ", style="bold red")
    body.append(f"call {region.emergency}.\n", style="bold red")
    body.append(region_line(region) + "\n\n")
    body.append("How to answer: ", style="bold")
    body.append(
        "y = yes, n = no, Enter = don't know, ? = why we ask, b = back, q or Ctrl-C = stop."
    )
    _boxed(out, body, accessible)


def _show_step(out: Console, interview: Interview, step: Step) -> None:
    number, at_most = interview.progress()
    progress = f"question {number} of at most {at_most}"
    out.print()
    if isinstance(step, Group):
        out.print(_text((progress, "dim")))
        title = CHECKLIST_TITLE[step.level] if step.level else _pack_list(interview, step).text
        out.print(_text((title, "bold")))
        for question in step.questions:
            out.print(_text("  - ", question.short or question.text))
    else:
        question = step.question
        label = " (warning sign)" if question.screening else ""
        out.print(_text((f"{progress}{label}", "dim")))
        out.print(_text((question.text, "bold")))
        for index, option in enumerate(question.options, 1):
            out.print(_text(f"  {index}. ", option.label))
    offered = interview.suggestion(step)
    if offered is not None:
        out.print(_text((f"{offered} Press Enter to keep it, or answer again.", "cyan")))
    previous = interview.previous_answer()
    if previous is not None:
        out.print(
            _text((f"Your answer was: {previous}. Press Enter to keep it, or answer again.", "dim"))
        )


def _pack_list(interview: Interview, step: Group) -> QuestionList:
    return next(item for item in interview.pack.lists if item.id == step.key)


def _respond(
    out: Console, interview: Interview, step: Step, outcome: Reply, region: Region
) -> None:
    if outcome is Reply.HELP:
        if isinstance(step, Group):
            level = step.level
            help_text = checklist_help(region)[level] if level else _pack_list(interview, step).help
        else:
            help_text = step.question.help
        out.print(_text(("Why we ask: ", "bold cyan"), help_text))
        out.print(_text(("In danger now? ", "dim"), (f"Call {region.emergency}.", "dim")))
    elif outcome is Reply.INVALID:
        out.print(_text((what_is_allowed(step), "yellow")))
    elif outcome is Reply.NO_BACK:
        out.print(_text(("This is the first question: there is nothing to go back to.", "yellow")))
    elif outcome is Reply.BACK:
        out.print(_text(("Going back one question.", "dim")))
    elif isinstance(step, Group):
        done = interview.history[-1]
        if done.shown == "no":
            none = "None of these warning signs: good." if step.level else "None of these."
            out.print(_text((none, "green")))
        else:
            out.print(_text("Let's go through them one at a time."))


def _numbered(rows: list[tuple[str, str]]) -> Table:
    """Numbered answers, each wrapped under its own text, not under its number."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    for number, (asked, shown) in enumerate(rows, 1):
        joint = " " if asked.endswith("?") else ": "
        grid.add_row(f"{number}.", _text(asked, joint, (shown, "bold")))
    return grid


def _show_emergency(out: Console, interview: Interview, region: Region, accessible: bool) -> None:
    from rich.text import Text

    result = assess(interview.pack, interview.answers, stopped_early=interview.stopped_early)
    body = Text()
    body.append(f"EMERGENCY: stop here and call {region.emergency} now.\n", style="bold")
    for flag in result.red_flags:
        if flag.level == "emergency":
            body.append(f"\n{flag.title}\n", style="bold")
            body.append(flag.advice + "\n")
    body.append("\nNo more questions. Your summary follows.")
    out.print()
    _boxed(out, body, accessible, "!!! EMERGENCY", "bold red")


SAVE_PROMPT = "Save this to your diary? It stays on this computer."


def offer_to_save(console: Console | None = None, stream: TextIO | None = None) -> bool:
    """The interview's last question: save the result to the diary? (``confirm``: the
    summary has been given by then, so Ctrl-C here is "no", not a cancelled assessment.)"""
    return confirm(SAVE_PROMPT, console, stream)


def confirm(question: str, console: Console | None = None, stream: TextIO | None = None) -> bool:
    """A yes/no question whose default is no: only ``y`` or ``yes`` is yes; Enter, end of
    input and Ctrl-C are no."""
    out = console or make_console(False)
    source = stream if stream is not None else sys.stdin
    try:
        line = out.input(_text((f"{question} [y/N] ", "bold")), stream=source)
    except KeyboardInterrupt:
        out.print()
        return False
    return line.strip().lower() in ("y", "yes")  # end of input ("") is no
