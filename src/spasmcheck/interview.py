"""The interactive interview: the only place that prompts (to stderr, never stdout).

Two halves. ``Interview`` decides what to ask and what a reply means; it holds the
answers and the history that ``back`` unwinds, and asks the engine (``next_question``,
``remaining_at_most``, ``emergency``) rather than repeating its logic. ``run_interview``
does the talking: it shows each step on a Rich console and reads replies from a stream,
both passed in so tests can drive it with ``io.StringIO``.

Warning signs come first and fast: while two or more screening questions are pending,
they are shown as one grouped checklist. "No" records every one of them as ``no`` in one
step; "yes" or "not sure" goes through them one at a time (a person who is unsure about
the list as a whole may still be sure about each item, and an unsure "none" must never
hide a warning sign).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, TextIO

from .engine import assess, emergency, is_asked, next_question, remaining_at_most
from .engine.answers import parse_value
from .errors import UsageError
from .pack.conditions import UNKNOWN, Answer
from .pack.model import Question, RulePack

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

DONT_KNOW = frozenset(
    {"", "unknown", "don't know", "dont know", "don’t know", "not sure", "dk", "idk"}
)
HELP = frozenset({"?", "help", "h", "why"})
BACK = frozenset({"b", "back"})
from .words import EMERGENCY_NUMBERS


@dataclass(frozen=True)
class Group:
    """The grouped warning-sign checklist: one step for every pending screening question."""

    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Ask:
    """One question, asked on its own."""

    question: Question


Step = Group | Ask


class Reply(Enum):
    """What a line typed by the person did."""

    ANSWERED = "answered"
    HELP = "help"
    BACK = "back"
    NO_BACK = "no_back"  # "back" on the first step: there is nothing to go back to
    INVALID = "invalid"


@dataclass
class Done:
    """One answered step, kept so that ``back`` can undo exactly what it recorded."""

    step: Step
    ids: tuple[str, ...]
    shown: str  # the answer as the person gave it, offered again when they come back


@dataclass
class Interview:
    """The deciding half of the interview: which step is next and what a reply means."""

    pack: RulePack
    answers: dict[str, Answer]
    history: list[Done] = field(default_factory=list)
    _redo: Done | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.answers = dict(self.answers)

    # --- what to ask -------------------------------------------------------------------

    def current(self) -> Step | None:
        """The step to ask now, or ``None`` when done or stopped by an emergency."""
        if self._redo is not None:
            return self._redo.step
        question = next_question(self.pack, self.answers)
        if question is None:
            return None
        if question.screening and not self._group_asked():
            pending = self._pending_screening()
            if len(pending) >= 2:
                return Group(pending)
        return Ask(question)

    def _group_asked(self) -> bool:
        return any(isinstance(done.step, Group) for done in self.history)

    def _pending_screening(self) -> tuple[Question, ...]:
        return tuple(
            q
            for q in self.pack.questions
            if q.screening and q.id not in self.answers and is_asked(q, self.answers) is True
        )

    def progress(self) -> tuple[int, int]:
        """(this step's number, the most steps there can be), for "question 4 of at most 11".

        At the grouped checklist the bound assumes none apply; the prompt says so.
        """
        number = len(self.history) + 1
        step = self.current()
        left = remaining_at_most(self.pack, self.answers)
        if isinstance(step, Group):
            left -= len(step.questions) - 1
        return number, number - 1 + max(left, 1)

    def previous_answer(self) -> str | None:
        """What the person said last time, when they came back to this step."""
        return self._redo.shown if self._redo is not None else None

    @property
    def stopped_early(self) -> bool:
        """True when an emergency warning sign ended the interview with questions left."""
        return emergency(self.pack, self.answers) and remaining_at_most(self.pack, self.answers) > 0

    @property
    def emergency(self) -> bool:
        return emergency(self.pack, self.answers)

    # --- what a reply means ------------------------------------------------------------

    def reply(self, step: Step, text: str) -> Reply:
        """Apply one typed line to ``step``; only ``ANSWERED`` and ``BACK`` change answers."""
        word = " ".join(text.strip().lower().split())
        if word in HELP:
            return Reply.HELP
        if word in BACK:
            return self.back()
        value = parse_reply(step, word)
        if value is None:
            return Reply.INVALID
        if isinstance(step, Group):
            ids = tuple(q.id for q in step.questions) if value == "no" else ()
            self.answers.update(dict.fromkeys(ids, "no"))
            # "yes" and "not sure" record nothing: the drill-down asks each one.
        else:
            ids = (step.question.id,)
            self.answers[step.question.id] = value
        self.history.append(Done(step, ids, shown_answer(step, value)))
        self._redo = None
        return Reply.ANSWERED

    def back(self) -> Reply:
        """Undo the last answered step, so that it is asked again next."""
        if not self.history:
            return Reply.NO_BACK
        done = self.history.pop()
        for question_id in done.ids:
            self.answers.pop(question_id, None)
        self._redo = done
        return Reply.BACK


def parse_reply(step: Step, word: str) -> Answer | None:
    """A typed word as an answer to ``step``, or ``None`` when it is not one it allows."""
    if word in DONT_KNOW:
        return UNKNOWN
    if isinstance(step, Group):
        return {"y": "yes", "yes": "yes", "n": "no", "no": "no"}.get(word)
    question = step.question
    if question.type == "choice":
        if word.isdigit() and 1 <= int(word) <= len(question.options):
            return question.options[int(word) - 1].id
        for option in question.options:
            if word in (option.id, option.label.lower()):
                return option.id
        return None
    try:
        return parse_value(question, word)
    except UsageError:
        return None


def shown_answer(step: Step, value: Answer) -> str:
    """An answer in the person's words: an option's label, "don't know" for unknown."""
    if value == UNKNOWN:
        return "don't know"
    if isinstance(step, Ask) and step.question.type == "choice":
        return next((o.label for o in step.question.options if o.id == value), str(value))
    return str(value)


def allowed_keys(step: Step) -> str:
    """The keys a step accepts, shown in its prompt."""
    if isinstance(step, Group) or step.question.type == "yes_no":
        return "y / n / Enter = don't know / ? = why / b = back"
    question = step.question
    if question.type == "choice":
        return f"1-{len(question.options)} / Enter = don't know / ? = why / b = back"
    return f"{_range(question)} / Enter = don't know / ? = why / b = back"


def what_is_allowed(step: Step) -> str:
    """The answer to bad input: what the step allows, in a sentence."""
    if isinstance(step, Group) or step.question.type == "yes_no":
        return "Please type y for yes or n for no, or press Enter if you don't know."
    question = step.question
    if question.type == "choice":
        return (
            f"Please type a number from 1 to {len(question.options)}, "
            "or press Enter if you don't know."
        )
    return f"Please type {_range(question)}, or press Enter if you don't know."


def _range(question: Question) -> str:
    def num(value: float | None) -> str:
        return "?" if value is None else f"{value:g}"

    unit = f" ({question.unit})" if question.unit else ""
    return f"a number from {num(question.min)} to {num(question.max)}{unit}"


# --- the talking half ------------------------------------------------------------------


def make_console(color: bool) -> Console:
    """A console on stderr: prompts and progress never mix with the summary on stdout."""
    from .render.rich import console

    return console(sys.stderr, color=color)


def run_interview(
    pack: RulePack,
    answers: dict[str, Answer],
    *,
    color: bool = False,
    console: Console | None = None,
    stream: TextIO | None = None,
) -> tuple[dict[str, Answer], bool]:
    """Ask until the engine names no more; return the answers and whether it stopped early.

    Ctrl-C raises ``KeyboardInterrupt`` and end of input ``EOFError``; the CLI turns both
    into "cancelled" and exit 130, before anything is written.
    """
    interview = Interview(pack, answers)
    if interview.current() is None:
        if interview.emergency:
            _show_emergency(console or make_console(color), interview)
        return interview.answers, interview.stopped_early
    out = console or make_console(color)
    source = stream if stream is not None else sys.stdin
    _opening(out)
    while (step := interview.current()) is not None:
        _show_step(out, interview, step)
        outcome = interview.reply(step, _read(out, source, allowed_keys(step)))
        _respond(out, interview, step, outcome)
    if interview.emergency:
        _show_emergency(out, interview)
    else:
        out.print()
        out.print(_text(("Thank you: that was the last question.", "bold")))
        out.print()
    return interview.answers, interview.stopped_early


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


def _opening(out: Console) -> None:
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    body.append("spasmcheck: a self-check for muscle spasms and cramps\n", style="bold")
    body.append(
        "A few questions, warning signs first. Then a summary: how urgent it looks, "
        "the likely cause and why, and what to do now. It is not a diagnosis.\n\n"
    )
    body.append("If you may be in danger now, do not answer: ", style="bold red")
    body.append(f"call {EMERGENCY_NUMBERS}.\n\n", style="bold red")
    body.append("How to answer: ", style="bold")
    body.append("y = yes, n = no, Enter = don't know, ? = why we ask, b = back, Ctrl-C = stop.")
    out.print(Panel(body, expand=False))


def _show_step(out: Console, interview: Interview, step: Step) -> None:
    number, at_most = interview.progress()
    progress = f"question {number} of at most {at_most}"
    out.print()
    if isinstance(step, Group):
        out.print(_text((f"{progress} (more only if one of these applies)", "dim")))
        out.print(_text(("Warning signs first. Do any of these apply to you now?", "bold")))
        for question in step.questions:
            out.print(_text("  - ", question.short or question.text))
    else:
        question = step.question
        label = " (warning sign)" if question.screening else ""
        out.print(_text((f"{progress}{label}", "dim")))
        out.print(_text((question.text, "bold")))
        for index, option in enumerate(question.options, 1):
            out.print(_text(f"  {index}. ", option.label))
    previous = interview.previous_answer()
    if previous is not None:
        out.print(_text((f"Your answer was: {previous}. Answer again.", "dim")))


def _respond(out: Console, interview: Interview, step: Step, outcome: Reply) -> None:
    if outcome is Reply.HELP:
        help_text = (
            "These are signs that need a doctor soon, so they come first."
            if isinstance(step, Group)
            else step.question.help
        )
        out.print(_text(("Why we ask: ", "bold cyan"), help_text))
        out.print(_text(("In danger now? ", "dim"), (f"Call {EMERGENCY_NUMBERS}.", "dim")))
    elif outcome is Reply.INVALID:
        out.print(_text((what_is_allowed(step), "yellow")))
    elif outcome is Reply.NO_BACK:
        out.print(_text(("This is the first question: there is nothing to go back to.", "yellow")))
    elif outcome is Reply.BACK:
        out.print(_text(("Going back one question.", "dim")))
    elif isinstance(step, Group):
        done = interview.history[-1]
        if done.ids:
            out.print(_text(("None of the warning signs: good.", "green")))
        else:
            out.print(_text("Let's go through them one at a time."))


def _show_emergency(out: Console, interview: Interview) -> None:
    from rich.panel import Panel
    from rich.text import Text

    result = assess(interview.pack, interview.answers, stopped_early=interview.stopped_early)
    body = Text()
    body.append(f"EMERGENCY: stop here and call {EMERGENCY_NUMBERS} now.\n", style="bold")
    for flag in result.red_flags:
        if flag.level == "emergency":
            body.append(f"\n{flag.title}\n", style="bold")
            body.append(flag.advice + "\n")
    body.append("\nNo more questions. Your summary follows.")
    out.print()
    out.print(Panel(body, title="!!! EMERGENCY", border_style="bold red", expand=False))
