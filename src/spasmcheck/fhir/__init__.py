"""FHIR for other health software: the pack as a Questionnaire (and its triage as a
PlanDefinition), a result as a Bundle, and answers read back from a QuestionnaireResponse.

Pure conversions between rule-pack objects and FHIR JSON as plain dicts: no FHIR library
at run time (the tests validate the output with ``fhir.resources``), no I/O. R5 is the
default; R4 differs only where the two versions do (``coding.Version``).
"""

from .coding import Version
from .plan import plan_definition
from .questionnaire import questionnaire
from .reading import answers_from_fhir, is_fhir
from .response import response_bundle

__all__ = [
    "Version",
    "answers_from_fhir",
    "is_fhir",
    "plan_definition",
    "questionnaire",
    "response_bundle",
]
