"""``spasmcheck rules export --to fhir|fhir-plan``: the pack in use as a FHIR Questionnaire
or PlanDefinition.

The conversions are ``spasmcheck.fhir.questionnaire`` and ``spasmcheck.fhir.plan``; this
module picks the pack, the release and where the JSON goes (stdout, or a file written as
``assess --output`` writes one: owner-only, atomic, replaced only with ``--force``).
"""

# No ``from __future__ import annotations``: Typer reads the annotations at start-up.

import json
from enum import Enum
from typing import Annotated

import typer

from .common import NoBuiltinOption, RulesOption, handled, load_pack, say
from .streams import write_out


class ExportTarget(str, Enum):
    """What ``rules export`` can write: the questions, or the triage logic, in FHIR."""

    fhir = "fhir"
    fhir_plan = "fhir-plan"


class FhirRelease(str, Enum):
    """``--fhir-version``: the FHIR releases spasmcheck writes. A copy of
    ``fhir.coding.Version``, so that building the command line imports none of the core."""

    R4 = "R4"
    R5 = "R5"


def export(
    to: Annotated[
        ExportTarget,
        typer.Option(
            "--to",
            metavar="FORMAT",
            help="fhir: the questions as a FHIR Questionnaire; fhir-plan: the red flags, "
            "triage rules and causes as a FHIR PlanDefinition with FHIRPath conditions.",
        ),
    ],
    fhir_version: Annotated[
        FhirRelease,
        typer.Option("--fhir-version", metavar="VERSION", help="R5 (default) or R4."),
    ] = FhirRelease.R5,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file, not stdout."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --output: replace a file that exists.")
    ] = False,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Write the pack in use as FHIR (JSON): its questions for form apps, or its triage."""
    with handled():
        from spasmcheck.errors import UsageError
        from spasmcheck.fhir import Version, plan_definition, questionnaire

        if output is None and force:
            raise UsageError("--force only applies with --output FILE")
        if output is not None:
            from .output import check_target

            check_target(output, force=force)
        pack = load_pack(rules, builtin=not no_builtin)
        make = questionnaire if to is ExportTarget.fhir else plan_definition
        resource = make(pack, Version(fhir_version.value))
        text = json.dumps(resource, ensure_ascii=False, indent=2) + "\n"
        if output is None:
            write_out(text)
            return
        from .output import write_private

        write_private(output, text, force=force)
        say(f"spasmcheck: {resource['resourceType']} written to {output}")
