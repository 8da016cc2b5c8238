"""``spasmcheck questions``: what a script may pass, as JSON or a table for people."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from spasmcheck.pack.conditions import describe
from spasmcheck.pack.model import Question, RulePack


def allowed_values(question: Question) -> list[Any]:
    if question.type == "yes_no":
        return ["yes", "no", "unknown"]
    if question.type == "choice":
        return [o.id for o in question.options] + ["unknown"]
    return []


def question_dict(question: Question) -> dict[str, Any]:
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
    data = {"schema_version": 1, "questions": [question_dict(q) for q in pack.questions]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_table(pack: RulePack, *, width: int = 80) -> str:
    """A plain, aligned listing: id, type and values, then the question text indented."""
    lines = []
    for q in pack.questions:
        values = question_dict(q)["allowed"] or [q.allowed()]
        flag = " (warning sign)" if q.screening else ""
        lines.append(f"{q.id}  [{q.type}: {', '.join(map(str, values))}]{flag}")
        lines += textwrap.wrap(q.text, width, initial_indent="    ", subsequent_indent="    ")
        if q.ask_if:
            lines.append(f"    asked when {describe(q.ask_if)}")
    return "\n".join(lines) + "\n"
