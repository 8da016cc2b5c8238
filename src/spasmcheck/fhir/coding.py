"""The codes and addresses every FHIR resource of spasmcheck shares.

Yes/no answers are HL7 v2 table 0532 codings (Y, N, and ASKU for "don't know"), not FHIR
booleans: a boolean cannot say "asked, but the person does not know", which spasmcheck
keeps apart from yes and no everywhere.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from spasmcheck.pack.model import Option, PackInfo, Question

YES_NO_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0532"
"""HL7 v2 table 0532 (expanded yes/no indicator)."""
YES = {"system": YES_NO_SYSTEM, "code": "Y", "display": "Yes"}
NO = {"system": YES_NO_SYSTEM, "code": "N", "display": "No"}
ASKU = {"system": YES_NO_SYSTEM, "code": "ASKU", "display": "asked but unknown"}
"""The answer "don't know" of every coded question."""
UNKNOWN_CODES = frozenset({"ASKU", "UNK"})
"""Codes read back as "don't know" (ASKU, or v2-0532's plain UNK from another app)."""

ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)


class Version(str, Enum):
    """The FHIR releases spasmcheck writes: R5 (default) and R4, which most servers run."""

    R4 = "R4"
    R5 = "R5"

    @property
    def fhir_version(self) -> str:
        """The release's number, for ``Questionnaire.meta`` readers and docs."""
        return "4.0.1" if self is Version.R4 else "5.0.0"

    @property
    def coded_type(self) -> str:
        """The item type of a question answered with codes: R5 renamed R4's ``choice``."""
        return "choice" if self is Version.R4 else "coding"


def canonical(info: PackInfo) -> str:
    """The pack's url, or for a pack that declares none a ``urn:`` made from its name, so
    a response can always name the Questionnaire it answers."""
    if info.url:
        return info.url
    slug = re.sub(r"[^a-z0-9]+", "-", info.name.lower()).strip("-") or "pack"
    return f"urn:spasmcheck:pack:{slug}"


def option_system(info: PackInfo, question: Question) -> str:
    """The code system of one choice question's options: option ids are unique only
    within their question."""
    return f"{canonical(info)}/options/{question.id}"


def option_coding(info: PackInfo, question: Question, option: Option) -> dict[str, str]:
    """A choice option as a Coding: its first standard code when it has one (``codes_of``),
    else its id as the code in ``option_system``; its label as the display."""
    standard = codes_of(option)
    if standard:
        return {"display": option.label, **standard[0]}
    return {"system": option_system(info, question), "code": option.id, "display": option.label}


def answer_coding(info: PackInfo, question: Question, value: str) -> dict[str, str]:
    """The Coding of a normalised coded answer: yes, no, unknown or an option id."""
    if value == "unknown":
        return dict(ASKU)
    if question.type == "yes_no":
        return dict(YES if value == "yes" else NO)
    option = next(o for o in question.options if o.id == value)
    return option_coding(info, question, option)


def codes_of(definition: Any) -> list[dict[str, str]]:
    """HOOK for issue #13's ``codes:`` field (SNOMED CT, ICD-10, LOINC), built on another
    branch: the definition's codes as FHIR Codings, or ``[]`` while the model has none.

    Each code is ``{system, code, display}`` (display optional) and flows into
    ``item.code`` of a question and into the Coding of a choice option."""
    found = []
    for code in getattr(definition, "codes", ()) or ():
        coding = {"system": code.system, "code": code.code}
        if getattr(code, "display", None):
            coding["display"] = code.display
        found.append(coding)
    return found
