"""``--format json``: the stable object of DESIGN.md, and the one place its shape is written.

Batch mode writes each result with ``to_dict`` and ``dumps`` from here too, so the JSON
of one assessment and of a batch line cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from spasmcheck.pack.model import Code, Source, plain_number

if TYPE_CHECKING:  # annotations only: engine.result imports this module (to_dict)
    from spasmcheck.engine.result import Assessment, CitedAdvice
    from spasmcheck.words import Region

SCHEMA_VERSION = 1


def to_dict(a: Assessment) -> dict[str, Any]:
    """The JSON object of DESIGN.md, ``schema_version`` 1; keys are only ever added."""
    return {key: part(a) for key, part in PARTS.items()}


def _triage(a: Assessment) -> dict[str, Any]:
    return {"level": a.triage.level, "reasons": list(a.triage.reasons)}


def _red_flags(a: Assessment) -> list[dict[str, Any]]:
    return [
        {
            "id": f.id,
            "level": f.level,
            "title": f.title,
            "advice": f.advice,
            **_cite(f.source),
            "codes": codes_json(f.codes),
        }
        for f in a.red_flags
    ]


def _triage_rules(a: Assessment) -> list[dict[str, Any]]:
    return [
        {"id": r.id, "level": r.level, "reason": r.reason, **_cite(r.source)}
        for r in a.triage_rules
    ]


def _causes(a: Assessment) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "name": c.name,
            "score": plain_number(c.score),
            "evidence": [
                {
                    "question": e.question,
                    "answer": e.answer,
                    "weight": plain_number(e.weight),
                    "because": e.because,
                    "answers": dict(e.answers),
                }
                for e in c.evidence
            ],
            "codes": codes_json(c.codes),
        }
        for c in a.causes
    ]


def _unsure_red_flags(a: Assessment) -> list[dict[str, Any]]:
    return [
        {"id": u.id, "level": u.level, "title": u.title, "if_unsure": u.if_unsure}
        for u in a.unsure_red_flags
    ]


PARTS: dict[str, Callable[[Assessment], Any]] = {
    "schema_version": lambda a: SCHEMA_VERSION,
    "triage": _triage,
    "red_flags": _red_flags,
    "triage_rules": _triage_rules,
    "causes": _causes,
    "likely_cause": lambda a: a.likely_cause,
    "immediate_relief": lambda a: [_advice(i) for i in a.immediate_relief],
    "prevention": lambda a: [_advice(i) for i in a.prevention],
    "see_professional": lambda a: [_advice(i) for i in a.see_professional],
    "answers": lambda a: dict(a.answers),
    "unanswered": lambda a: list(a.unanswered),
    "stopped_early": lambda a: a.stopped_early,
    "unsure_red_flags": _unsure_red_flags,
    "disclaimer": lambda a: a.disclaimer,
    "pack": lambda a: _provenance(a)["pack"],
    "engine_version": lambda a: _provenance(a)["engine_version"],
}
"""Each top-level key of the object, in order, and how it is made from an Assessment:
the one list of the contract's keys. ``to_dict`` makes them all; batch ``--fields``
(``spasmcheck.columns``) makes only those asked for."""

DETAILS = frozenset({"immediate_relief", "prevention", "see_professional", "unsure_red_flags"})
"""Keys made from the parts of an assessment that nothing else reads (advice and unsure
warning signs): a batch that asks for none of them lets the engine skip them."""


def _provenance(a: Assessment) -> dict[str, Any]:
    """``pack: {name, version, sha256}`` and ``engine_version``: the guidance behind it."""
    p = a.provenance
    if p is None:  # a hand-made Assessment: say so rather than invent a pack
        return {"pack": None, "engine_version": None}
    return {
        "pack": {"name": p.name, "version": p.version, "sha256": p.sha256},
        "engine_version": p.engine_version,
    }


def codes_json(codes: tuple[Code, ...]) -> list[dict[str, str]]:
    """``[{system, code, display?}]``: FHIR ``Coding``'s own keys, display only if given."""
    return [
        {"system": c.system, "code": c.code}
        if c.display is None
        else {"system": c.system, "code": c.code, "display": c.display}
        for c in codes
    ]


def _cite(source: Source) -> dict[str, str]:
    """``source`` is the readable label; its id and address sit beside it."""
    return {"source": source.label, "source_id": source.id, "source_url": source.url}


def _advice(advice: CitedAdvice) -> dict[str, Any]:
    return {"text": advice.text, **_cite(advice.source)}


_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def dumps(obj: Any) -> str:
    """Compact one-line JSON, as batch mode writes it.

    orjson writes the same bytes as ``json`` for what spasmcheck emits, about four times
    faster (19 us vs 80 us per result of the built-in pack), which is a fifth of a batch
    run. What orjson refuses (an integer beyond 64 bits, say as a record's id) falls back
    to ``json``, which refuses non-finite numbers: they are not JSON. orjson is imported
    here, not above: a single ``--format json`` result (``render``) never pays its 1 ms.
    """
    import orjson

    try:
        return orjson.dumps(obj).decode()
    except TypeError:
        return _compact(obj)


def render(assessment: Assessment, *, region: Region | None = None) -> str:
    """The object, indented for people who read it, on one trailing newline; with a
    ``region`` key (its code) when the command line chose one."""
    data = to_dict(assessment)
    if region is not None:
        data["region"] = region.code
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
