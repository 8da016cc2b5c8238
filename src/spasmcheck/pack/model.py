"""Immutable data of a rule pack: what a rule file may say, merged into a ``RulePack``.

The record classes of a rule file are also its schema: ``loader`` validates YAML against
their fields and ``schema`` turns the same fields into JSON Schema, so the two cannot
drift. A field's ``metadata["doc"]`` is its documentation in both places.

This module holds the questions and the file that gathers everything; the clinical
guidance (sources, advice, red flags, causes, triage rules) is declared in ``guidance``
and the fields they share in ``declare``. Import any of them from here: ``model`` is the
rule model's one public name.
"""

# No ``from __future__ import annotations``: the loader reads these field types at every
# start-up, and real annotations cost nothing to read where strings must be compiled.

from typing import Literal

from .conditions import Condition
from .declare import (
    CODES,
    ID,
    ID_PATTERN,
    OPTION_PATTERN,
    POS,
    doc,
    replace_field,
)
from .guidance import (
    AdditionalAdvice,
    Advice,
    AdviceKind,
    Cause,
    Code,
    Evidence,
    GeneralAdvice,
    RedFlag,
    Source,
    TriageRule,
)
from .position import Pos
from .record import Record, field

__all__ = [
    "FORMAT_VERSION",
    "ID_PATTERN",
    "NUMBER_LIMIT",
    "OPTION_PATTERN",
    "AdditionalAdvice",
    "Advice",
    "AdviceKind",
    "Cause",
    "Code",
    "Evidence",
    "GeneralAdvice",
    "Option",
    "PackInfo",
    "PackStatus",
    "Question",
    "QuestionList",
    "QuestionType",
    "RedFlag",
    "RuleFile",
    "Source",
    "TriageRule",
    "doc",
    "plain_number",
]

FORMAT_VERSION = 1
"""The newest rule format this version of spasmcheck reads."""
NUMBER_LIMIT = 1_000_000
"""The largest magnitude of a number in a rule file unless its field's ``limit`` says less
(``scalars.number`` enforces it, the JSON Schema states it)."""

QuestionType = Literal["yes_no", "choice", "scale", "number"]
"""Question types; each has its handler in ``qtypes.TYPES``."""
PackStatus = Literal["draft", "active", "retired"]
"""A pack's publication status, as FHIR's (``unknown`` is what an undeclared one exports as)."""


def plain_number(value: float | None) -> float | int | None:
    """Whole numbers as ints, so JSON and messages read ``3`` rather than ``3.0``."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


class Option(Record):
    """One answer of a choice question."""

    id: str = field(
        metadata=doc(
            "An option id: lower case letters, digits and underscores.", pattern=OPTION_PATTERN
        )
    )
    label: str = field(metadata=doc("What the person sees."))
    codes: tuple[Code, ...] = CODES
    pos: Pos = POS


class Question(Record):
    """A question the interview can ask and a script can answer with ``-a id=value``."""

    id: str = field(metadata={**ID, "pattern": ID_PATTERN})
    text: str = field(metadata=doc("The question as asked, short and plain."))
    type: QuestionType = field(metadata=doc("yes_no, choice, scale or number."))
    help: str = field(metadata=doc("Why the question is asked; shown when the person types ?."))
    short: str | None = field(
        default=None, metadata=doc("A few words for grouped lists, e.g. 'Saddle numbness'.")
    )
    first: bool = field(
        default=False,
        metadata=doc(
            "Asked before everything else, even the warning signs: a question whose answer "
            "changes what follows, such as age."
        ),
    )
    screening: bool = field(
        default=False,
        metadata=doc("A warning-sign question, asked before all others but `first` ones."),
    )
    checklist: bool = field(
        default=False,
        metadata=doc(
            "This question is the warning-sign checklist as a whole ('does any of these "
            "apply?'). The interview records the checklist's reply here and never asks it "
            "on its own, so a triage rule can act on a 'yes' that named no sign. "
            "At most one question of a pack."
        ),
    )
    concern: bool = field(
        default=False,
        metadata=doc(
            "A 'yes' here is a worry: answering yes (where it was no or unknown) must never "
            "lower the triage level. Warning-sign (screening) questions are concerns anyway; "
            "a property test checks this for every concern."
        ),
    )
    ask_if: Condition | None = field(
        default=None, metadata=doc("Ask only when this holds (follow-up questions).")
    )
    list: str | None = field(
        default=None,
        metadata=doc(
            "Id of the grouped list (see `lists`) this question is asked in: one step, "
            "'do any of these apply?', where 'no' answers every question on it 'no'. "
            "Only for yes_no questions with a `short` label that are not warning signs.",
            pattern=ID_PATTERN,
        ),
    )
    options: tuple[Option, ...] = field(
        default=(), metadata=doc("The answers of a choice question, in the order shown.")
    )
    min: float | None = field(default=None, metadata=doc("Lowest value (scale, number)."))
    max: float | None = field(default=None, metadata=doc("Highest value (scale, number)."))
    unit: str | None = field(default=None, metadata=doc("Unit of a number, e.g. minutes."))
    codes: tuple[Code, ...] = CODES
    replace: bool = replace_field()
    pos: Pos = POS


class QuestionList(Record):
    """A grouped list of yes/no questions, asked as one step: "Do any of these apply?"

    Most people answer "no" to each question on it, so one "no" answers them all, as the
    warning signs are asked; "yes" or "don't know" asks each one in turn. Its members name
    it with their `list` key and are shown by their `short` labels, in asking order."""

    id: str = field(metadata={**ID, "pattern": ID_PATTERN})
    text: str = field(
        metadata=doc("The question over the list, e.g. 'Do any of these apply to you?'.")
    )
    help: str = field(
        metadata=doc("Why the list is asked, shown when the person types ?: true of every item.")
    )
    replace: bool = replace_field()
    pos: Pos = POS


class PackInfo(Record):
    """Who wrote the pack and how it scores; exactly one file of a pack has it."""

    name: str = field(metadata=doc("The pack's name."))
    version: str = field(metadata=doc("The pack's own version, e.g. 2026.11.0."))
    description: str = field(default="", metadata=doc("What the pack covers."))
    url: str | None = field(
        default=None,
        metadata=doc(
            "The pack's canonical address (http, https or urn): the url of its FHIR "
            "Questionnaire, which answers collected elsewhere refer to.",
            pattern=r"^(https?://|urn:)\S+$",
        ),
    )
    publisher: str | None = field(
        default=None, metadata=doc("Who publishes the pack (a person or organisation).")
    )
    status: PackStatus | None = field(
        default=None,
        metadata=doc("draft, active or retired: whether the pack is meant for use yet."),
    )
    date: str | None = field(
        default=None,
        metadata=doc(
            "When this version was last changed, as YYYY-MM-DD.",
            pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        ),
    )
    disclaimer: str = field(metadata=doc("Shown with every result: this is not a diagnosis."))
    likely_threshold: float = field(
        default=2,
        metadata=doc("The least score for a cause to be named likely.", minimum=0),
    )
    replace: bool = replace_field()
    pos: Pos = POS


class RuleFile(Record):
    """One YAML file of a pack; the sections of all files add up to the pack."""

    format: int = field(metadata=doc("Rule format version of this file.", minimum=1))
    pack: PackInfo | None = field(default=None, metadata=doc("Pack metadata (one file only)."))
    sources: tuple[Source, ...] = field(default=(), metadata=doc("Sources cited by id."))
    questions: tuple[Question, ...] = field(default=(), metadata=doc("Questions, in asking order."))
    lists: tuple[QuestionList, ...] = field(
        default=(),
        metadata=doc("Grouped lists of yes/no questions, each asked as one step when it can."),
    )
    red_flags: tuple[RedFlag, ...] = field(default=(), metadata=doc("Warning signs."))
    causes: tuple[Cause, ...] = field(default=(), metadata=doc("Cause categories."))
    triage_rules: tuple[TriageRule, ...] = field(default=(), metadata=doc("Other triage rules."))
    general_advice: GeneralAdvice | None = field(
        default=None, metadata=doc("Advice when no cause is likely (one file only).")
    )
    additional_advice: tuple[AdditionalAdvice, ...] = field(
        default=(), metadata=doc("Advice for some people whatever the likely cause.")
    )
    remove_red_flags: tuple[str, ...] = field(
        default=(),
        metadata=doc(
            "Ids of red flags from an earlier pack to switch off. Use with great care: "
            "`rules validate` reports every removal as a warning.",
            pattern=ID_PATTERN,
        ),
    )
    removal_pos: tuple[Pos, ...] = field(
        default=(), compare=False, repr=False, metadata={"internal": True}
    )
    """Where each id of ``remove_red_flags`` is written, for messages."""
    pos: Pos = POS
