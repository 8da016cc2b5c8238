"""What a saved assessment holds: the whole result object, plus the words it was asked in.

The result is the JSON object of ``--format json`` (every key, including those added
after this was written), so nothing of it is lost. Beside it go the questions as they
were worded and the answers as the person saw them, and the pack's name and version:
a report made later reads the same even if the rules have changed since.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spasmcheck.pack import qtypes
from spasmcheck.pack.conditions import UNKNOWN
from spasmcheck.render.json import to_dict

if TYPE_CHECKING:
    from spasmcheck.engine.result import Assessment
    from spasmcheck.pack.rulepack import RulePack
    from spasmcheck.words import Region


def assessment_data(
    assessment: Assessment, pack: RulePack | None = None, region: Region | None = None
) -> dict[str, Any]:
    """The data of an ``assessment`` entry. Without ``pack``, questions are named by id."""
    result = to_dict(assessment)
    if region is not None:
        result.setdefault("region", region.code)
    index = pack.question_index if pack is not None else {}
    order = [q.id for q in pack.questions] if pack is not None else []
    ids = [q for q in order if q in assessment.answers]
    ids += [q for q in assessment.answers if q not in index]
    questions = []
    for qid in ids:
        value = assessment.answers[qid]
        question = index.get(qid)
        shown = (
            qtypes.for_question(question).shown(question, value)
            if question is not None
            else ("don't know" if value == UNKNOWN else str(value))
        )
        questions.append(
            {
                "id": qid,
                "text": question.text if question is not None else qid,
                "answer": value,
                "shown": shown,
                "warning_sign": bool(question is not None and question.screening),
            }
        )
    data: dict[str, Any] = {
        "result": result,
        "questions": questions,
        "likely_threshold": assessment.likely_threshold,
    }
    if pack is not None:
        data["pack"] = {"name": pack.info.name, "version": pack.info.version}
    return data
