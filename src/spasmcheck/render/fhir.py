"""``--format fhir``: the result as a FHIR R5 Bundle (``spasmcheck.fhir.response``), indented."""

from __future__ import annotations

import json

from spasmcheck.engine.result import Assessment
from spasmcheck.fhir.response import response_bundle
from spasmcheck.pack.rulepack import RulePack


def render(assessment: Assessment, pack: RulePack) -> str:
    """The Bundle as JSON on one trailing newline; it names the pack's Questionnaire, so it
    needs the pack the assessment was made with."""
    bundle = response_bundle(pack, assessment)
    return json.dumps(bundle, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
