"""The deciding half of the interview: which step comes next and what a reply means.

``Interview`` holds the answers and the history that ``back`` unwinds, and asks the
engine (``next_question``, ``remaining_at_most``, ``emergency``) rather than repeating
its logic. It never prints: ``terminal`` does the talking.

Warning signs come first and fast, as short grouped checklists, one per level: the
signs that mean "call 999" first, then those that mean "see a doctor today", so each
list stays short and its "why we ask" is true for every item on it. The pack's own lists
(``lists:``) group the questions that most people answer "no" to, once at least two of
them can still change the result (``engine.lists``). "No" records every question of the
list as ``no`` in one step; "yes" or "not sure" goes through them one at a time (a person
who is unsure about the list as a whole may still be sure about each item, and an unsure
"none" must never hide a warning sign). The reply to each warning-sign list is also
recorded in the pack's ``checklist`` question, so a "yes" that then names no sign still
reaches the triage rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from spasmcheck.engine import (
    emergency,
    next_question,
    questions_left,
    remaining_at_most,
)
from spasmcheck.engine.lists import (
    list_key,
    lists_to_show,
    pending,
    warning_level,
)
from spasmcheck.errors import UsageError
from spasmcheck.pack import qtypes
from spasmcheck.pack.conditions import UNKNOWN, Answer
from spasmcheck.pack.levels import Level
from spasmcheck.pack.model import Question
from spasmcheck.pack.rulepack import RulePack

DONT_KNOW = frozenset(
    {
        "",
        "unknown",
        "don't know",
        "dont know",
        "don’t know",
        "not sure",
        "unsure",
        "maybe",
        "dk",
        "idk",
    }
)
"""What a person types for "don't know" (only in the interview; scripts write unknown)."""
SAYINGS = {"yep": "yes", "yeah": "yes", "nope": "no", "nah": "no"}
"""Everyday yes and no that a person types; scripts use the documented forms only."""
HELP = frozenset({"?", "help", "h", "why"})
BACK = frozenset({"b", "back"})
QUIT = frozenset({"q", "quit", "exit", "stop"})
KEYS = "Enter = don't know / ? = why / b = back / q = quit"


@dataclass(frozen=True)
class Group:
    """A grouped list, one step: the pending warning signs of one level, or the pending
    questions of one of the pack's lists."""

    key: str
    """``engine.lists.list_key``: the pack list's id, or ``warning_signs:<level>``."""
    questions: tuple[Question, ...]

    @property
    def level(self) -> Level | None:
        """The level of a warning-sign list's signs; ``None`` for a pack list."""
        return warning_level(self.key)


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
    QUIT = "quit"  # as Ctrl-C: stop, and save nothing


@dataclass
class Done:
    """One answered step, kept so that ``back`` can undo exactly what it recorded."""

    step: Step
    before: dict[str, Answer | None]  # what each answer it set was before, for ``back``
    value: Answer  # the reply, kept when the person comes back and presses Enter
    shown: str  # the answer as the person gave it, offered again when they come back


@dataclass
class Interview:
    """The deciding half of the interview: which step is next and what a reply means."""

    pack: RulePack
    answers: dict[str, Answer]
    history: list[Done] = field(default_factory=list)
    suggested: dict[str, tuple[Answer, str]] = field(default_factory=dict)
    """Answers offered before asking (the diary's ``frequency``): the sentence saying
    why is shown with the question, and Enter takes the answer."""
    asking: Callable[[RulePack, Mapping[str, Answer]], Question | None] = next_question
    """What to ask next: the engine's ``next_question``; ``next_in_order`` asks every
    question, as the whole questionnaire that tests compare the interview with."""
    grouped: bool = True
    """Ask the pack's lists as one step each; off for the whole questionnaire (every
    question on its own, as before issue #15). The warning-sign lists are always used."""
    _redo: Done | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.answers = dict(self.answers)

    # --- what to ask -------------------------------------------------------------------

    def current(self) -> Step | None:
        """The step to ask now, or ``None`` when done or stopped by an emergency."""
        if self._redo is not None:
            return self._redo.step
        question = self.asking(self.pack, self.answers)
        if question is None:
            return None
        key = list_key(self.pack, question)
        if key is None or not (self.grouped or warning_level(key) is not None):
            return Ask(question)  # a question of its own, or the whole questionnaire
        if key not in self._groups_asked():
            members = pending(self.pack, self.answers, key)
            if len(members) >= 2:
                return Group(key, members)
        return Ask(question)

    def _groups_asked(self) -> set[str]:
        return {done.step.key for done in self.history if isinstance(done.step, Group)}

    def progress(self) -> tuple[int, int]:
        """(this step's number, the most steps there can be), for "question 4 of at most 11".

        The bound is honest: every question that may still be asked counts (a warning
        sign or list question as one step of its own, in case the person answers "yes"
        to its list), and each list still to show adds one step. It never grows from one
        step to the next: an answer only narrows what the open questions could change
        (``relevance``).
        """
        number = len(self.history) + 1
        left = remaining_at_most(self.pack, self.answers)
        left += lists_to_show(self.pack, self.answers, self._groups_asked(), grouped=self.grouped)
        return number, number - 1 + max(left, 1)

    def suggestion(self, step: Step) -> str | None:
        """Why an answer is offered for this step (the diary's), or ``None``."""
        if isinstance(step, Ask) and self._redo is None:
            offered = self.suggested.get(step.question.id)
            return offered[1] if offered is not None else None
        return None

    def previous_answer(self) -> str | None:
        """What the person said last time, when they came back to this step."""
        return self._redo.shown if self._redo is not None else None

    @property
    def stopped_early(self) -> bool:
        """True when an emergency warning sign ended the interview with questions left."""
        return emergency(self.pack, self.answers) and questions_left(self.pack, self.answers)

    @property
    def emergency(self) -> bool:
        """True once an emergency warning sign has been answered yes."""
        return emergency(self.pack, self.answers)

    # --- what a reply means ------------------------------------------------------------

    def reply(self, step: Step, text: str) -> Reply:
        """Apply one typed line to ``step``; only ``ANSWERED`` and ``BACK`` change answers."""
        word = " ".join(text.strip().lower().split())
        if word in HELP:
            return Reply.HELP
        if word in BACK:
            return self.back()
        if word in QUIT:
            return Reply.QUIT
        if word == "" and self._redo is not None:
            value: Answer | None = self._redo.value  # Enter keeps the earlier answer
        elif word == "" and isinstance(step, Ask) and self.suggestion(step) is not None:
            value = self.suggested[step.question.id][0]  # Enter takes the diary's answer
        else:
            value = parse_reply(step, word)
        if value is None:
            return Reply.INVALID
        update: dict[str, Answer] = {}
        if isinstance(step, Group):
            # "no" clears the list; "yes" and "not sure" record nothing for its questions:
            # the drill-down asks each one. Only warning-sign lists have a checklist answer.
            if value == "no":
                update = dict.fromkeys((q.id for q in step.questions), "no")
            checklist = self._checklist() if step.level is not None else None
            if checklist is not None and self.answers.get(checklist) != "yes":
                update[checklist] = value  # a "yes" to any list stays a "yes"
        else:
            update = {step.question.id: value}
        before = {key: self.answers.get(key) for key in update}
        self.answers.update(update)
        self.history.append(Done(step, before, value, shown_answer(step, value)))
        self._redo = None
        return Reply.ANSWERED

    def _checklist(self) -> str | None:
        return next((q.id for q in self.pack.questions if q.checklist), None)

    def back(self) -> Reply:
        """Undo the last answered step, so that it is asked again next."""
        if not self.history:
            return Reply.NO_BACK
        done = self.history.pop()
        for question_id, value in done.before.items():
            if value is None:
                self.answers.pop(question_id, None)
            else:
                self.answers[question_id] = value
        self._redo = done
        return Reply.BACK


def parse_reply(step: Step, word: str) -> Answer | None:
    """A typed word as an answer to ``step``, or ``None`` when it is not one it allows.

    The forms a script may pass all work here too (``qtypes``); a person may also type
    everyday words ("nope", "not sure")."""
    if word in DONT_KNOW:
        return UNKNOWN
    word = SAYINGS.get(word, word)
    if isinstance(step, Group):
        return {"y": "yes", "yes": "yes", "n": "no", "no": "no"}.get(word)
    try:
        return qtypes.parse(step.question, word)
    except UsageError:
        return None


def shown_answer(step: Step, value: Answer) -> str:
    """An answer in the person's words: an option's label, "don't know" for unknown."""
    if isinstance(step, Group):
        return "don't know" if value == UNKNOWN else str(value)
    return qtypes.for_question(step.question).shown(step.question, value)


def allowed_keys(step: Step) -> str:
    """The keys a step accepts, shown in its prompt."""
    if isinstance(step, Group):
        return f"y / n / {KEYS}"
    return f"{qtypes.for_question(step.question).prompt_keys(step.question)} / {KEYS}"


def what_is_allowed(step: Step) -> str:
    """The answer to bad input: every form the step takes, in a sentence."""
    if isinstance(step, Group):
        return "Please type y for yes or n for no, or press Enter if you don't know."
    return qtypes.for_question(step.question).what_is_allowed(step.question)
