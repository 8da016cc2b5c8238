"""``spasmcheck questions``: what a script may pass, as JSON or a table for people."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from spasmcheck.pack.conditions import describe
from spasmcheck.pack.model import Question
from spasmcheck.pack.qtypes import for_question
from spasmcheck.pack.rulepack import RulePack


def allowed_values(question: Question) -> list[Any]:
    """The normal-form values a script may pass (empty for a range: see ``allowed``)."""
    return for_question(question).values(question)


def question_dict(question: Question) -> dict[str, Any]:
    """One question as ``spasmcheck questions --format json`` lists it."""
    return {
        "id": question.id,
        "text": question.text,
        "type": question.type,
        "allowed": allowed_values(question),
        "options": [{"id": o.id, "label": o.label} for o in question.options],
        "min": question.min,
        "max": question.max,
        "unit": question.unit,
        "screening": question.screening,
        "asked_when": describe(question.ask_if) if question.ask_if else "always",
        "help": question.help,
    }


def to_json(pack: RulePack) -> str:
    """Every question, for scripts: ``{schema_version, questions: [...]}``."""
    data = {"schema_version": 1, "questions": [question_dict(q) for q in pack.questions]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_table(pack: RulePack, *, width: int = 80) -> str:
    """A plain, aligned listing: id, type and values, then the question text indented."""
    lines = []
    for q in pack.questions:
        values = allowed_values(q) or [for_question(q).allowed(q)]
        flag = " (warning sign)" if q.screening else ""
        lines.append(f"{q.id}  [{q.type}: {', '.join(map(str, values))}]{flag}")
        lines += textwrap.wrap(q.text, width, initial_indent="    ", subsequent_indent="    ")
        if q.ask_if:
            lines.append(f"    asked when {describe(q.ask_if)}")
    return "\n".join(lines) + "\n"
