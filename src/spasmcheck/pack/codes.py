"""Checking the format of a clinical code: right shape and check digit for its system.

A mistyped code is worse than none: another system would file the finding under
something else. So ``codes:`` are checked when a pack loads. What can be checked
offline is the format (SNOMED CT's Verhoeff check digit and partition, ICD-10's and
ICD-11's patterns, LOINC's mod-10 check digit), never whether the code exists or means
what the rule author thinks: that needs the terminology itself, and a human.

A system outside ``SYSTEMS`` is allowed (a national extension, a local code list) but
reported as a warning by the ``unknown-code-system`` check, so ``rules validate
--strict`` fails on a misspelt URI.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from .model import Cause, Code, Question, RedFlag

SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD11 = "http://id.who.int/icd/release/11/mms"
LOINC = "http://loinc.org"

# WHO ICD-10: a letter, two digits, and an optional subdivision after a point
# (R25.2; a fifth character in some chapters). ICD-10-CM's longer codes (E83.42) are a
# different system (http://hl7.org/fhir/sid/icd-10-cm) and are not accepted here.
_ICD10 = re.compile(r"[A-Z][0-9]{2}(\.[0-9]{1,2})?")
# ICD-11 MMS stem codes: 1A00, FB56.2, XK8G: four characters, the second a letter
# (never O or I), the third a digit, then an optional point and up to four characters.
_ICD11 = re.compile(r"[1-9A-HJ-NP-Z][A-HJ-NP-Z][0-9][0-9A-HJ-NP-Z](\.[0-9A-HJ-NP-Z]{1,4})?")
_LOINC = re.compile(r"([0-9]{1,7})-([0-9])")

# Verhoeff's dihedral-group tables (J. Verhoeff, 1969), as SNOMED CT's identifier
# specification uses them. Hand-written: python-stdnum has them too, but it is a large
# package for 15 lines; the tests check these against python-stdnum.
_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]


def verhoeff_valid(digits: str) -> bool:
    """Whether a string of digits ends in a correct Verhoeff check digit."""
    check = 0
    for i, digit in enumerate(reversed(digits)):
        check = _D[check][_P[i % 8][int(digit)]]
    return check == 0


def luhn_valid(digits: str) -> bool:
    """Whether a string of digits ends in a correct mod-10 (Luhn) check digit, LOINC's."""
    total = 0
    for i, digit in enumerate(reversed(digits)):
        n = int(digit) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


# SNOMED CT identifiers: the partition identifier is the two digits before the check
# digit; a concept is 00 (international) or 10 (an extension's namespace).
_CONCEPT_PARTITIONS = {"00", "10"}
_OTHER_PARTITIONS = {
    "01": "a description",
    "11": "a description",
    "02": "a relationship",
    "12": "a relationship",
}


def _snomed(code: str) -> str | None:
    if not code.isascii() or not code.isdigit():
        return "a SNOMED CT code is digits only"
    if not 6 <= len(code) <= 18 or code.startswith("0"):
        return "a SNOMED CT code has 6 to 18 digits and no leading zero"
    partition = code[-3:-1]
    if partition not in _CONCEPT_PARTITIONS:
        what = _OTHER_PARTITIONS.get(partition, "not a valid identifier")
        return f"partition {partition} is {what}, not a concept id"
    if not verhoeff_valid(code):
        return "its check digit is wrong (Verhoeff): a digit is mistyped or missing"
    return None


def _icd10(code: str) -> str | None:
    if _ICD10.fullmatch(code):
        return None
    return "not a WHO ICD-10 code (a capital letter, two digits, optionally .N or .NN, e.g. R25.2)"


def _icd11(code: str) -> str | None:
    if _ICD11.fullmatch(code):
        return None
    return "not an ICD-11 MMS code (e.g. FB56.2)"


def _loinc(code: str) -> str | None:
    match = _LOINC.fullmatch(code)
    if match is None:
        return "not a LOINC code (digits, a hyphen and a check digit, e.g. 2823-3)"
    if not luhn_valid(match[1] + match[2]):
        return "its check digit is wrong (LOINC mod 10): a digit is mistyped or missing"
    return None


SYSTEMS: dict[str, tuple[str, Callable[[str], str | None]]] = {
    SNOMED: ("SNOMED CT", _snomed),
    ICD10: ("ICD-10", _icd10),
    ICD11: ("ICD-11", _icd11),
    LOINC: ("LOINC", _loinc),
}
"""The systems spasmcheck knows: their name and the format check of their codes."""


def problem(code: Code) -> str | None:
    """Why this code's format is wrong for its system, or None (unknown systems too)."""
    known = SYSTEMS.get(code.system)
    if known is None:
        return None
    name, check = known
    why = check(code.code)
    return None if why is None else f"{name} code {code.code!r}: {why}"


def coded(items: Iterable[Question | RedFlag | Cause]) -> Iterator[tuple[str, Code]]:
    """(what it codes, code) of every code on these items and on questions' options."""
    for item in items:
        for code in item.codes:
            yield item.id, code
        if isinstance(item, Question):
            for option in item.options:
                for code in option.codes:
                    yield f"{item.id}={option.id}", code
