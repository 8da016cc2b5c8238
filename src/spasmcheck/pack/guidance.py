"""The clinical guidance of a rule pack: sources, codes, advice, warning signs, causes
and triage rules (``model`` holds the questions and the file that gathers them)."""

# No ``from __future__ import annotations``: the loader reads these field types at every
# start-up, and real annotations cost nothing to read where strings must be compiled.

from typing import Literal

from .conditions import Condition
from .declare import (
    CODES,
    ID,
    ID_PATTERN,
    POS,
    PREVENTION,
    RELIEF,
    SEE_PROFESSIONAL,
    doc,
    replace_field,
)
from .levels import Level
from .position import Pos
from .record import Record, field

AdviceKind = Literal["relief", "prevention"]


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

    id: str = field(metadata={**ID, "pattern": ID_PATTERN})
    publisher: str = field(metadata=doc("Who publishes it, for example NHS, NICE, Mayo Clinic."))
    title: str = field(metadata=doc("The page or guideline title."))
    url: str = field(metadata=doc("Where to read it.", pattern=r"^https?://"))
    replace: bool = replace_field()
    pos: Pos = POS

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
    pos: Pos = POS


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
    pos: Pos = POS


class RedFlag(Record):
    """A warning sign: when its condition holds, triage is at least its level."""

    id: str = field(metadata={**ID, "pattern": ID_PATTERN})
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
    codes: tuple[Code, ...] = CODES
    replace: bool = replace_field()
    pos: Pos = POS


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
    pos: Pos = POS


class Cause(Record, _Advised):
    """A cause category: its evidence, and advice for when it is the likely cause."""

    id: str = field(metadata={**ID, "pattern": ID_PATTERN})
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
    relief: tuple[Advice, ...] = RELIEF
    prevention: tuple[Advice, ...] = PREVENTION
    see_professional: tuple[Advice, ...] = SEE_PROFESSIONAL
    codes: tuple[Code, ...] = CODES
    replace: bool = replace_field()
    pos: Pos = POS


class TriageRule(Record):
    """A rule other than a red flag that raises triage, e.g. daily cramps need a doctor."""

    id: str = field(metadata={**ID, "pattern": ID_PATTERN})
    when: Condition = field(metadata=doc("When the rule applies; may test `likely_cause`."))
    level: Level = field(metadata=doc("The least urgency it sets."))
    reason: str = field(metadata=doc("Why, in plain words."))
    source: str = field(metadata=doc("Id of the source that supports it."))
    suppress_advice: tuple[AdviceKind, ...] = field(
        default=(),
        metadata=doc("Advice sections left out when this rule fires (relief, prevention)."),
    )
    replace: bool = replace_field()
    pos: Pos = POS


class GeneralAdvice(Record, _Advised):
    """Advice for when no cause is likely enough to name."""

    relief: tuple[Advice, ...] = RELIEF
    prevention: tuple[Advice, ...] = PREVENTION
    see_professional: tuple[Advice, ...] = SEE_PROFESSIONAL
    replace: bool = replace_field()
    pos: Pos = POS


class AdditionalAdvice(Record, _Advised):
    """Advice for some people whatever the likely cause, e.g. in pregnancy or over 65."""

    id: str = field(metadata={**ID, "pattern": ID_PATTERN})
    when: Condition = field(metadata=doc("Who it is for."))
    relief: tuple[Advice, ...] = RELIEF
    prevention: tuple[Advice, ...] = PREVENTION
    see_professional: tuple[Advice, ...] = SEE_PROFESSIONAL
    replace: bool = replace_field()
    pos: Pos = POS
