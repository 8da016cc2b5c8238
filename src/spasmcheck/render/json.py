"""``--format json``: the stable object of DESIGN.md, and the one place its shape is written.

Batch lines are made from the same ``PARTS`` (``render.encoded`` keeps the JSON of what
results share; ``dumps`` writes the rest), so the JSON of one assessment and of a batch
line cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from spasmcheck.pack.model import Code, Source, plain_number

if TYPE_CHECKING:  # annotations only: engine.result imports this module (to_dict)
    from spasmcheck.engine.result import (
        Assessment,
        CauseScore,
        CitedAdvice,
        FiredRedFlag,
        FiredRule,
        UnsureRedFlag,
    )
    from spasmcheck.words import Region

SCHEMA_VERSION = 1


def to_dict(a: Assessment) -> dict[str, Any]:
    """The JSON object of DESIGN.md, ``schema_version`` 1; keys are only ever added."""
    return {key: part(a) for key, part in PARTS.items()}


def _triage(a: Assessment) -> dict[str, Any]:
    return {"level": a.triage.level, "reasons": list(a.triage.reasons)}


def _red_flag(f: FiredRedFlag) -> dict[str, Any]:
    return {
        "id": f.id,
        "level": f.level,
        "title": f.title,
        "advice": f.advice,
        **_cite(f.source),
        "codes": codes_json(f.codes),
    }


def _triage_rule(r: FiredRule) -> dict[str, Any]:
    return {"id": r.id, "level": r.level, "reason": r.reason, **_cite(r.source)}


def _cause(c: CauseScore) -> dict[str, Any]:
    return {
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


def _advice(advice: CitedAdvice) -> dict[str, Any]:
    return {"text": advice.text, **_cite(advice.source)}


def _unsure_red_flag(u: UnsureRedFlag) -> dict[str, Any]:
    return {"id": u.id, "level": u.level, "title": u.title, "if_unsure": u.if_unsure}


class Each:
    """A part that lists one object per item of an assessment's tuple ``attr``, each made
    by ``item`` from that item alone: so batch lines may encode an item the engine shares
    once (``render.encoded``)."""

    __slots__ = ("attr", "item")

    def __init__(self, attr: str, item: Callable[[Any], dict[str, Any]]) -> None:
        self.attr = attr
        self.item = item

    def __call__(self, a: Assessment) -> list[dict[str, Any]]:
        return self.of(getattr(a, self.attr))

    def of(self, items: Iterable[Any]) -> list[dict[str, Any]]:
        """The list made from these items."""
        item = self.item
        return [item(x) for x in items]


PARTS: dict[str, Callable[[Assessment], Any]] = {
    "schema_version": lambda a: SCHEMA_VERSION,
    "triage": _triage,
    "red_flags": Each("red_flags", _red_flag),
    "triage_rules": Each("triage_rules", _triage_rule),
    "causes": Each("causes", _cause),
    "likely_cause": lambda a: a.likely_cause,
    "immediate_relief": Each("immediate_relief", _advice),
    "prevention": Each("prevention", _advice),
    "see_professional": Each("see_professional", _advice),
    "answers": lambda a: dict(a.answers),
    "unanswered": lambda a: list(a.unanswered),
    "stopped_early": lambda a: a.stopped_early,
    "unsure_red_flags": Each("unsure_red_flags", _unsure_red_flag),
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


_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def dumps(obj: Any) -> str:
    """Compact one-line JSON, as batch mode writes it.

    orjson writes the same bytes as ``json`` for what spasmcheck emits, about four times
    faster (19 us vs 80 us per result of the built-in pack), except a float nearer zero
    than 0.0001 (a record's id, a number answer): ``json`` writes ``1e-05``, orjson
    ``0.00001``, the same number. What orjson refuses (an integer beyond 64 bits, say as
    a record's id) falls back to ``json``, which refuses non-finite numbers: they are not
    JSON. orjson is imported here, not above: a single ``--format json`` result
    (``render``) never pays its 1 ms.
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
