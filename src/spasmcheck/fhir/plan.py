"""The pack's triage logic as a FHIR PlanDefinition (an ECA rule), so that a FHIR engine
with FHIRPath can reproduce spasmcheck's triage from a QuestionnaireResponse.

One action per red flag and per triage rule, with its condition as an ``applicability``
FHIRPath expression and its level as the action's ``priority`` (emergency ``stat``,
urgent ``asap``, see_doctor ``urgent``, self_care ``routine``) and ``code``; one action
per cause, applicable when it is the likely cause, with a sub-action per piece of
evidence. The triage is the highest priority among applicable red-flag and triage-rule
actions, else ``routine`` (self care), as ``engine.assess`` decides it; a test runs every
rule test case through ``fhirpathpy`` and gets the same level, red flags and likely cause.

The scores and the likely cause are the standard ``variable`` extension on the
PlanDefinition, evaluated in order before the actions (as SDC and CPG engines do): a
cause's score is the sum of ``iif(evidence, weight, 0)`` (zero unless its ``only_if``
holds), and the likely cause is the first written whose score is positive, reaches the
pack's threshold and is above every cause written before it and at least every cause
after it (the engine's tie rule). A triage rule's ``likely_cause: X`` is
``('X' in %likelyCause)``: true or false, never unknown, as in the engine.
"""

from __future__ import annotations

from typing import Any

from spasmcheck.pack.model import Cause, PackInfo, plain_number
from spasmcheck.pack.rulepack import RulePack

from .coding import Version, canonical
from .fhirpath import fhirpath
from .questionnaire import resource_id

VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
LIKELY = "likelyCause"
"""The variable holding the id of the likely cause (empty when none is named)."""

PRIORITY = {"emergency": "stat", "urgent": "asap", "see_doctor": "urgent", "self_care": "routine"}
"""Triage levels as FHIR request priorities (most to least urgent, as the levels)."""
_PLAN_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type"


def plan_definition(pack: RulePack, version: Version = Version.R5) -> dict[str, Any]:
    """The PlanDefinition of ``pack``: red flags, triage rules and causes as actions."""
    info = pack.info
    questions = pack.question_index
    names = score_names(pack)
    likely = {c.id: f"('{c.id}' in %{LIKELY})" for c in pack.causes}
    actions = []
    for flag in pack.red_flags:
        condition = fhirpath(info, questions, flag.when)
        action = _action(info, version, f"red-flag-{flag.id}", flag.title, flag.level, condition)
        actions.append({**action, "description": flag.advice})
    for rule in pack.triage_rules:
        condition = fhirpath(info, questions, rule.when, likely)
        actions.append(
            _action(info, version, f"triage-rule-{rule.id}", rule.reason, rule.level, condition)
        )
    for cause in pack.causes:
        action = _action(info, version, f"cause-{cause.id}", cause.name, None, likely[cause.id])
        action["description"] = cause.description
        action["action"] = [
            {
                "title": evidence.because or f"evidence {number}",
                "description": f"weight {plain_number(evidence.weight)}",
                "condition": [_applies(fhirpath(info, questions, evidence.when))],
            }
            for number, evidence in enumerate(cause.evidence, 1)
        ]
        actions.append(action)
    resource: dict[str, Any] = {
        "resourceType": "PlanDefinition",
        "id": f"{resource_id(info)}-triage"[:64],
        "url": f"{canonical(info)}/triage",
        "version": info.version,
        "title": f"{info.name}: triage",
        "type": {"coding": [{"system": _PLAN_TYPE, "code": "eca-rule"}]},
        "status": info.status or "unknown",
    }
    if info.date:
        resource["date"] = info.date
    if info.publisher:
        resource["publisher"] = info.publisher
    resource["description"] = info.disclaimer
    variables = [(names[c.id], _score(pack, c)) for c in pack.causes]
    variables.append((LIKELY, _likely(pack, names)))
    resource["extension"] = [
        {
            "url": VARIABLE,
            "valueExpression": {"name": name, "language": "text/fhirpath", "expression": text},
        }
        for name, text in variables
    ]
    resource["action"] = actions
    return resource


def level_system(info: PackInfo) -> str:
    """The code system of triage levels (emergency, urgent, see_doctor, self_care)."""
    return f"{canonical(info)}/triage-level"


def _action(
    info: PackInfo, version: Version, ident: str, title: str, level: str | None, condition: str
) -> dict[str, Any]:
    action: dict[str, Any] = {"id": ident, "title": title}
    if level is not None:
        action["priority"] = PRIORITY[level]
        code = {"coding": [{"system": level_system(info), "code": level}]}
        action["code"] = [code] if version is Version.R4 else code  # R5: one code
    action["condition"] = [_applies(condition)]
    return action


def _applies(expression: str) -> dict[str, Any]:
    return {
        "kind": "applicability",
        "expression": {"language": "text/fhirpath", "expression": expression},
    }


def _score(pack: RulePack, cause: Cause) -> str:
    """The cause's score as a FHIRPath number."""
    questions = pack.question_index
    terms = [
        f"iif({fhirpath(pack.info, questions, e.when)}, {plain_number(e.weight)}, 0)"
        for e in cause.evidence
    ]
    total = "(" + " + ".join(terms or ["0"]) + ")"
    if cause.only_if is None:
        return total
    return f"iif({fhirpath(pack.info, questions, cause.only_if)}, {total}, 0)"


def score_names(pack: RulePack) -> dict[str, str]:
    """Each cause's score variable: ``score`` and its id in camel case (FHIRPath names and
    FHIR ids allow no underscore), numbered in the rare case two ids give one name."""
    names: dict[str, str] = {}
    for number, cause in enumerate(pack.causes, 1):
        name = "score" + "".join(part.capitalize() for part in cause.id.split("_"))
        names[cause.id] = name if name not in names.values() else f"{name}{number}"
    return names


def _likely(pack: RulePack, names: dict[str, str]) -> str:
    """The id of the likely cause, or empty: the engine's rule over the score variables."""
    threshold = plain_number(pack.info.likely_threshold)
    ids = [c.id for c in pack.causes]
    found = "{}"
    for place in reversed(range(len(ids))):
        mine = f"%{names[ids[place]]}"
        tests = [f"{mine} > 0", f"{mine} >= {threshold}"]
        for number, other in enumerate(ids):
            if number != place:
                tests.append(f"{mine} {'>' if number < place else '>='} %{names[other]}")
        found = f"iif({' and '.join(tests)}, '{ids[place]}', {found})"
    return found
