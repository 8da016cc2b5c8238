"""``rules export --to fhir-plan``: a PlanDefinition the FHIR models accept, from which a
FHIRPath engine (``fhirpathpy``) reproduces spasmcheck's triage, red flags and likely
cause for every rule test case (a few in the quick loop, the rest ``slow``: fhirpathpy
takes about 0.1 s a case)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from fhir.resources.plandefinition import PlanDefinition as PlanR5
from fhir.resources.R4B.plandefinition import PlanDefinition as PlanR4
from fhirpathpy import compile as compile_fhirpath
from fhirpathpy.models import models

from spasmcheck import assess, parse_answers
from spasmcheck.fhir import Version, plan_definition, response_bundle
from spasmcheck.fhir.plan import PRIORITY
from spasmcheck.pack.ruletests import Case

from .helpers import builtin_pack, invoke, rule_case_params

PACK = builtin_pack()


@pytest.mark.parametrize(("version", "model"), [(Version.R5, PlanR5), (Version.R4, PlanR4)])
def test_the_plan_is_valid_fhir(version: Version, model: Any) -> None:
    model.model_validate(plan_definition(PACK, version))


def test_every_red_flag_triage_rule_and_cause_is_an_action() -> None:
    ids = [a["id"] for a in plan_definition(PACK)["action"]]
    assert ids == [
        *(f"red-flag-{f.id}" for f in PACK.red_flags),
        *(f"triage-rule-{r.id}" for r in PACK.triage_rules),
        *(f"cause-{c.id}" for c in PACK.causes),
    ]


@pytest.mark.parametrize("cases", rule_case_params(chunks=8))
def test_a_fhirpath_engine_reproduces_the_triage_of_every_rule_case(
    cases: tuple[Case, ...],
) -> None:
    for case in cases:
        result = assess(PACK, parse_answers(PACK, case.answers))
        response = response_bundle(PACK, result)["entry"][0]["resource"]
        level, red_flags, likely = _run_plan(response)
        assert level == PRIORITY[result.triage.level], case.name
        assert red_flags == [f.id for f in result.red_flags], case.name
        assert likely == ([result.likely_cause] if result.likely_cause else []), case.name


def test_export_fhir_plan_on_the_command_line() -> None:
    result = invoke("rules", "export", "--to", "fhir-plan", "--fhir-version", "R4")
    assert result.exit_code == 0, result.stderr
    PlanR4.model_validate(json.loads(result.stdout))


# --- a minimal engine: variables in order, then each action's applicability ------------


@cache
def _compiled() -> tuple[list[tuple[str, Any]], list[tuple[dict[str, Any], Any]]]:
    plan = plan_definition(PACK)
    model = models["r5"]
    variables = [
        (e["valueExpression"]["name"], compile_fhirpath(e["valueExpression"]["expression"], model))
        for e in plan["extension"]
    ]
    actions = [
        (a, compile_fhirpath(a["condition"][0]["expression"]["expression"], model))
        for a in plan["action"]
    ]
    return variables, actions


def _run_plan(response: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    """(priority, red flags, likely causes) as a FHIR engine reads the PlanDefinition."""
    variables, actions = _compiled()
    env: dict[str, Any] = {"resource": response}
    for name, expression in variables:
        env[name] = expression(response, env)
    applicable = [a for a, expression in actions if expression(response, env) == [True]]
    order = list(PRIORITY.values())
    priorities = [a["priority"] for a in applicable if "priority" in a]
    level = min(priorities, key=order.index) if priorities else PRIORITY["self_care"]
    flags = [a for a in applicable if a["id"].startswith("red-flag-")]
    flags.sort(key=lambda a: order.index(a["priority"]))  # most urgent first, as the engine
    likely = [a["id"].removeprefix("cause-") for a in applicable if a["id"].startswith("cause-")]
    return level, [a["id"].removeprefix("red-flag-") for a in flags], likely
