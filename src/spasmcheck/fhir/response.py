"""A result as FHIR: a Bundle (collection) of the QuestionnaireResponse, a GuidanceResponse
and the Parameters it points to, for ``assess --format fhir``.

Why GuidanceResponse and not RiskAssessment: spasmcheck's triage is a recommendation
produced by a knowledge artifact (the rule pack, ``moduleUri``), which is what a
GuidanceResponse records; a RiskAssessment states the probability of a future outcome for
a patient, which spasmcheck never estimates, and its ``subject`` (a Patient) is required in
both R4 and R5, where a self-assessment has none to name. The outcome itself (triage
level, reasons, red flags, causes and advice, with the keys of the JSON output) is in the
``Parameters`` resource that ``outputParameters`` references.

The answers: a yes/no or choice answer of "don't know" is ASKU; a number answered "don't
know" has no coded form in a decimal item, so it is left out, as an unanswered question
is (spasmcheck counts both as unknown, so the triage is the same). The output has no
timestamp, so the same answers give the same bytes; the resources' ids are derived from
the content for the same reason.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from spasmcheck.engine.result import Assessment
from spasmcheck.pack.conditions import UNKNOWN
from spasmcheck.pack.model import Question, Source, plain_number
from spasmcheck.pack.rulepack import RulePack

from .coding import Version, answer_coding, canonical
from .questionnaire import reference


def response_bundle(
    pack: RulePack, assessment: Assessment, version: Version = Version.R5
) -> dict[str, Any]:
    """The Bundle of one assessment: its answers, and its outcome as a GuidanceResponse."""
    seed = uuid.uuid5(
        uuid.NAMESPACE_URL,
        reference(pack.info) + json.dumps(dict(assessment.answers), sort_keys=True, default=str),
    )
    ids = {kind: str(uuid.uuid5(seed, kind)) for kind in ("response", "guidance", "outcome")}
    answers = questionnaire_response(pack, assessment, ids["response"])
    guidance = {
        "resourceType": "GuidanceResponse",
        "id": ids["guidance"],
        "moduleUri": canonical(pack.info),
        "status": "success",
        "outputParameters": {"reference": f"urn:uuid:{ids['outcome']}"},
        "note": [{"text": assessment.disclaimer}],
    }
    outcome = {
        "resourceType": "Parameters",
        "id": ids["outcome"],
        "parameter": _outcome(assessment),
    }
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in (answers, guidance, outcome)
        ],
    }


def questionnaire_response(pack: RulePack, assessment: Assessment, ident: str) -> dict[str, Any]:
    """The answers given (unanswered questions left out), in the pack's asking order."""
    given = set(assessment.answers) - set(assessment.unanswered)
    items = []
    for question in pack.questions:
        if question.id in given:
            answer = _answer(pack, question, assessment.answers[question.id])
            if answer is not None:
                items.append({"linkId": question.id, "text": question.text, "answer": [answer]})
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": ident,
        "questionnaire": reference(pack.info),
        # An emergency stops the interview: the form was not finished, on purpose.
        "status": "stopped" if assessment.stopped_early else "completed",
    }
    if items:
        response["item"] = items
    return response


def _answer(pack: RulePack, question: Question, value: Any) -> dict[str, Any] | None:
    if question.type in ("yes_no", "choice"):
        return {"valueCoding": answer_coding(pack.info, question, value)}
    if value == UNKNOWN:
        return None
    number = plain_number(value)
    return {"valueInteger" if isinstance(number, int) else "valueDecimal": number}


def _outcome(a: Assessment) -> list[dict[str, Any]]:
    """The result as Parameters, named as in the JSON output (``render.json``)."""
    found: list[dict[str, Any]] = [{"name": "triage_level", "valueCode": a.triage.level}]
    found += [{"name": "triage_reason", "valueCode": r} for r in a.triage.reasons]
    found += [
        _part("red_flag", id=f.id, level=f.level, title=f.title, advice=f.advice, source=f.source)
        for f in a.red_flags
    ]
    found += [
        _part("triage_rule", id=r.id, level=r.level, reason=r.reason, source=r.source)
        for r in a.triage_rules
    ]
    if a.likely_cause is not None:
        found.append({"name": "likely_cause", "valueCode": a.likely_cause})
    found += [_part("cause", id=c.id, name=c.name, score=c.score) for c in a.causes]
    for kind in ("immediate_relief", "prevention", "see_professional"):
        found += [_part(kind, text=i.text, source=i.source) for i in getattr(a, kind)]
    found += [
        _part("unsure_red_flag", id=u.id, level=u.level, title=u.title, if_unsure=u.if_unsure)
        for u in a.unsure_red_flags
    ]
    found.append({"name": "disclaimer", "valueString": a.disclaimer})
    return found


def _part(parameter: str, /, **values: Any) -> dict[str, Any]:
    """A parameter with parts: ids and levels as codes, numbers as decimals, a source as
    its address, the rest as text."""
    parts: list[dict[str, Any]] = []
    for key, value in values.items():
        if isinstance(value, Source):
            parts.append({"name": key, "valueUri": value.url})
        elif isinstance(value, (int, float)):
            parts.append({"name": key, "valueDecimal": plain_number(value)})
        elif key in ("id", "level"):
            parts.append({"name": key, "valueCode": value})
        else:
            parts.append({"name": key, "valueString": value})
    return {"name": parameter, "part": parts}
