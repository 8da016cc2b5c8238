"""Field declarations every rule-file record shares: ids, positions, ``replace`` and codes.

Kept apart so that ``guidance`` and ``model`` declare their fields the same way, and the
documentation of a shared field is written once (it is the JSON Schema's, too).
"""

# No ``from __future__ import annotations``: the loader reads these field types at every
# start-up, and real annotations cost nothing to read where strings must be compiled.

from typing import Any

from .position import NOWHERE
from .record import field


def doc(text: str, **more: Any) -> dict[str, Any]:
    """Field metadata: documentation, plus loader hints (``key``, ``pattern``, ``internal``)."""
    return {"doc": text, **more}


ID_PATTERN = r"^[a-z][a-z0-9_]*$"
ID = doc("An id: lower case letters, digits and underscores, starting with a letter.")
OPTION_PATTERN = r"^[a-z0-9][a-z0-9_]*$"
"""Option ids may start with a digit (``16_to_64``): they are values, never keys."""


POS = field(default=NOWHERE, compare=False, repr=False, metadata={"internal": True})


def replace_field() -> Any:
    """The ``replace`` key of anything with an id: shadowing an earlier pack is explicit."""
    return field(
        default=False,
        compare=False,
        metadata=doc(
            "Replace the definition with this id from an earlier pack (the built-in one or "
            "another folder). Without it, reusing an id is an error, so that a typo never "
            "silently shadows a red flag."
        ),
    )


RELIEF = field(default=(), metadata=doc("What to do right now."))
PREVENTION = field(default=(), metadata=doc("How to prevent the next."))
SEE_PROFESSIONAL = field(default=(), metadata=doc("When to see a doctor or physiotherapist."))


CODES = field(
    default=(),
    metadata=doc(
        "Codes for this finding in SNOMED CT, ICD-10, ICD-11 or LOINC; optional. "
        "They appear in the JSON and FHIR output."
    ),
)
