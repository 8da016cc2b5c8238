"""A code whose system is not one spasmcheck knows, so its format cannot be checked.

spasmcheck checks codes of SNOMED CT (http://snomed.info/sct), WHO ICD-10
(http://hl7.org/fhir/sid/icd-10), ICD-11 MMS (http://id.who.int/icd/release/11/mms) and
LOINC (http://loinc.org). Any other URI loads (a national extension or a local code
list may be meant) but is reported, since a misspelt URI is the usual cause:

    codes:
      - {system: "http://snomed.info/sct/", code: "22298006"}   # trailing slash
"""

from __future__ import annotations

from collections.abc import Iterator

from spasmcheck.errors import Problem, did_you_mean
from spasmcheck.pack.codes import SYSTEMS, coded
from spasmcheck.pack.rulepack import RulePack

from .search import at

ID = "unknown-code-system"


def check(pack: RulePack) -> Iterator[Problem]:
    """Each code whose system URI is not a known one."""
    for owner, code in coded([*pack.questions, *pack.red_flags, *pack.causes]):
        if code.system not in SYSTEMS:
            hint = did_you_mean(code.system, SYSTEMS) or f" (known: {', '.join(SYSTEMS)})"
            message = f"{owner}: code system {code.system!r} is not one spasmcheck checks{hint}"
            yield at(code.pos, message, "warning", ID)
