"""Immutable data of a rule pack: what a rule file may say, merged into a ``RulePack``.

The record classes of a rule file are also its schema: ``loader`` validates YAML against
their fields and ``schema`` turns the same fields into JSON Schema, so the two cannot
drift. A field's ``metadata["doc"]`` is its documentation in both places.
"""

# No ``from __future__ import annotations``: the loader reads these field types at every
# start-up, and real annotations cost nothing to read where strings must be compiled.

from typing import Any, Literal

from .conditions import Condition
from .levels import Level
from .position import NOWHERE, Pos
from .record import Record, field

FORMAT_VERSION = 1
"""The newest rule format this version of spasmcheck reads."""
NUMBER_LIMIT = 1_000_000
"""The largest magnitude of a number in a rule file unless its field's ``limit`` says less
(``yamlsource.number`` enforces it, the JSON Schema states it)."""

QuestionType = Literal["yes_no", "choice", "scale", "number"]
"""Question types; each has its handler in ``qtypes.TYPES``."""
AdviceKind = Literal["relief", "prevention"]
PackStatus = Literal["draft", "active", "retired"]
"""A pack's publication status, as FHIR's (``unknown`` is what an undeclared one exports as)."""


def plain_number(value: float | None) -> float | int | None:
    """Whole numbers as ints, so JSON and messages read ``3`` rather than ``3.0``."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def doc(text: str, **more: Any) -> dict[str, Any]:
    """Field metadata: documentation, plus loader hints (``key``, ``pattern``, ``internal``)."""
    return {"doc": text, **more}


ID_PATTERN = r"^[a-z][a-z0-9_]*$"
_ID = doc("An id: lower case letters, digits and underscores, starting with a letter.")
OPTION_PATTERN = r"^[a-z0-9][a-z0-9_]*$"
"""Option ids may start with a digit (``16_to_64``): they are values, never keys."""


_POS = field(default=NOWHERE, compare=False, repr=False, metadata={"internal": True})


def _replace_field() -> Any:
    return field(
        default=False,
        compare=False,
        metadata=doc(
            "Replace the definition with this id from an earlier pack (the built-in one or "
            "another folder). Without it, reusing an id is an error, so that a typo never "
            "silently shadows a red flag."
        ),
    )


_RELIEF = field(default=(), metadata=doc("What to do right now."))
_PREVENTION = field(default=(), metadata=doc("How to prevent the next."))
_SEE_PROFESSIONAL = field(default=(), metadata=doc("When to see a doctor or physiotherapist."))


class _Advised:
    """What a cause, the general advice and additional advice share: three advice lists."""

    __slots__ = ()
    relief: tuple["Advice", ...]
    prevention: tuple["Advice", ...]
    see_professional: tuple["Advice", ...]

    def advice(self) -> tuple["Advice", ...]:
        """Every advice item, for checks that treat them alike."""
        return (*self.relief, *self.prevention, *self.see_professional)


class Source(Record):
    """A public clinical source that advice and red flags cite by id."""

    id: str = field(metadata={**_ID, "pattern": ID_PATTERN})
    publisher: str = field(metadata=doc("Who publishes it, for example NHS, NICE, Mayo Clinic."))
    title: str = field(metadata=doc("The page or guideline title."))
    url: str = field(metadata=doc("Where to read it.", pattern=r"^https?://"))
    replace: bool = _replace_field()
    pos: Pos = _POS

    @property
    def label(self) -> str:
        """``publisher: title``, as shown beside advice."""
        return f"{self.publisher}: {self.title}"


class Code(Record):
    """A code for this finding in a clinical terminology, so other health software can
    read it (FHIR ``Coding``). ``rules validate`` checks its format, not its meaning."""

    system: str = field(
        metadata=doc(
            "The terminology's URI: http://snomed.info/sct (SNOMED CT), "
            "http://hl7.org/fhir/sid/icd-10 (WHO ICD-10), "
            "http://id.who.int/icd/release/11/mms (ICD-11) or http://loinc.org (LOINC). "
            "Another URI loads, with a warning.",
            pattern=r"^[a-z][a-z0-9+.-]*:\S+$",
        )
    )
    code: str = field(
        metadata=doc(
            "The code, exactly as the terminology writes it (e.g. R25.2).",
            pattern=r"^\S+$",
        )
    )
    display: str | None = field(
        default=None,
        metadata=doc(
            "The code's name, for a human reader. Optional: leave SNOMED CT names out "
            "unless your licence covers shipping them."
        ),
    )
    pos: Pos = _POS


_CODES = field(
    default=(),
    metadata=doc(
        "Codes for this finding in SNOMED CT, ICD-10, ICD-11 or LOINC; optional. "
        "They appear in the JSON and FHIR output."
    ),
)


class Advice(Record):
    """One piece of advice, always with its source."""

    text: str = field(metadata=doc("The advice, in plain words, a line or two long."))
    source: str = field(metadata=doc("Id of the source that supports it (see `sources`)."))
    avoid_if: Condition | None = field(
        default=None,
        metadata=doc(
            "Leave this advice out when this holds: for whom it could do harm (e.g. no "
            "anti-inflammatory painkiller in pregnancy). Unknown answers keep it."
        ),
    )
    pos: Pos = _POS


class Option(Record):
    """One answer of a choice question."""

    id: str = field(
        metadata=doc(
            "An option id: lower case letters, digits and underscores.", pattern=OPTION_PATTERN
        )
    )
    label: str = field(metadata=doc("What the person sees."))
    codes: tuple[Code, ...] = _CODES
    pos: Pos = _POS


class Question(Record):
    """A question the interview can ask and a script can answer with ``-a id=value``."""

    id: str = field(metadata={**_ID, "pattern": ID_PATTERN})
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
    codes: tuple[Code, ...] = _CODES
    replace: bool = _replace_field()
    pos: Pos = _POS


class QuestionList(Record):
    """A grouped list of yes/no questions, asked as one step: "Do any of these apply?"

    Most people answer "no" to each question on it, so one "no" answers them all, as the
    warning signs are asked; "yes" or "don't know" asks each one in turn. Its members name
    it with their `list` key and are shown by their `short` labels, in asking order."""

    id: str = field(metadata={**_ID, "pattern": ID_PATTERN})
    text: str = field(
        metadata=doc("The question over the list, e.g. 'Do any of these apply to you?'.")
    )
    help: str = field(
        metadata=doc("Why the list is asked, shown when the person types ?: true of every item.")
    )
    replace: bool = _replace_field()
    pos: Pos = _POS


class RedFlag(Record):
    """A warning sign: when its condition holds, triage is at least its level."""

    id: str = field(metadata={**_ID, "pattern": ID_PATTERN})
    when: Condition = field(metadata=doc("When the warning sign is present."))
    level: Level = field(metadata=doc("The least urgency it sets."))
    title: str = field(metadata=doc("The warning sign in a few words."))
    advice: str = field(metadata=doc("What to do now."))
    source: str = field(metadata=doc("Id of the source that supports it."))
    if_unsure: str | None = field(
        default=None,
        metadata=doc(
            'Safety-netting shown when this sign was answered "don\'t know": what to do '
            "if it turns out to be there, e.g. 'If your calf becomes swollen or red, get "
            "help today.'"
        ),
    )
    suppress_advice: tuple[AdviceKind, ...] = field(
        default=(),
        metadata=doc(
            "Advice sections this warning sign makes unsafe, left out when it fires "
            "(relief, prevention), e.g. no massage for a possible blood clot."
        ),
    )
    codes: tuple[Code, ...] = _CODES
    replace: bool = _replace_field()
    pos: Pos = _POS


class Evidence(Record):
    """A weighted sign for or (negative weight) against a cause."""

    when: Condition = field(metadata=doc("When this evidence counts."))
    weight: float = field(
        metadata=doc(
            "Points added to the cause; negative counts against. At most 1000 either way.",
            limit=1000,
        )
    )
    because: str | None = field(
        default=None, metadata=doc("Why it points this way, shown as the reason.")
    )
    pos: Pos = _POS


class Cause(Record, _Advised):
    """A cause category: its evidence, and advice for when it is the likely cause."""

    id: str = field(metadata={**_ID, "pattern": ID_PATTERN})
    name: str = field(metadata=doc("The cause as a person would say it."))
    description: str = field(metadata=doc("One or two sentences on what it is."))
    evidence: tuple[Evidence, ...] = field(metadata=doc("Signs for and against, with weights."))
    only_if: Condition | None = field(
        default=None,
        metadata=doc(
            "The cause applies only when this holds (e.g. leg cramps in pregnancy need "
            "pregnant: yes); otherwise its evidence does not count. Write unknown answers "
            "in explicitly if they should keep it."
        ),
    )
    relief: tuple[Advice, ...] = _RELIEF
    prevention: tuple[Advice, ...] = _PREVENTION
    see_professional: tuple[Advice, ...] = _SEE_PROFESSIONAL
    codes: tuple[Code, ...] = _CODES
    replace: bool = _replace_field()
    pos: Pos = _POS


class TriageRule(Record):
    """A rule other than a red flag that raises triage, e.g. daily cramps need a doctor."""

    id: str = field(metadata={**_ID, "pattern": ID_PATTERN})
    when: Condition = field(metadata=doc("When the rule applies; may test `likely_cause`."))
    level: Level = field(metadata=doc("The least urgency it sets."))
    reason: str = field(metadata=doc("Why, in plain words."))
    source: str = field(metadata=doc("Id of the source that supports it."))
    suppress_advice: tuple[AdviceKind, ...] = field(
        default=(),
        metadata=doc("Advice sections left out when this rule fires (relief, prevention)."),
    )
    replace: bool = _replace_field()
    pos: Pos = _POS


class GeneralAdvice(Record, _Advised):
    """Advice for when no cause is likely enough to name."""

    relief: tuple[Advice, ...] = _RELIEF
    prevention: tuple[Advice, ...] = _PREVENTION
    see_professional: tuple[Advice, ...] = _SEE_PROFESSIONAL
    replace: bool = _replace_field()
    pos: Pos = _POS


class AdditionalAdvice(Record, _Advised):
    """Advice for some people whatever the likely cause, e.g. in pregnancy or over 65."""

    id: str = field(metadata={**_ID, "pattern": ID_PATTERN})
    when: Condition = field(metadata=doc("Who it is for."))
    relief: tuple[Advice, ...] = _RELIEF
    prevention: tuple[Advice, ...] = _PREVENTION
    see_professional: tuple[Advice, ...] = _SEE_PROFESSIONAL
    replace: bool = _replace_field()
    pos: Pos = _POS


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
    replace: bool = _replace_field()
    pos: Pos = _POS


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
    pos: Pos = _POS
