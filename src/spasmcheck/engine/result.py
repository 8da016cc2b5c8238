"""The result of an assessment: what fired, how the causes scored, and the advice chosen.

Plain data for the renderers; ``spasmcheck.render.json`` owns its JSON shape. Records,
not dataclasses: a dataclass costs ~0.7 ms of every start-up to define (pack/record.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spasmcheck.pack.conditions import Answer
from spasmcheck.pack.levels import Level
from spasmcheck.pack.model import Code, Source
from spasmcheck.pack.record import Record


class Triage(Record, kw_only=False):
    """How urgent it is, and the ids of the red flags and rules that set it."""

    level: Level
    reasons: tuple[str, ...]


class FiredRedFlag(Record, kw_only=False):
    """A warning sign that was answered yes."""

    id: str
    level: Level
    title: str
    advice: str
    source: Source
    codes: tuple[Code, ...] = ()


class UnsureRedFlag(Record, kw_only=False):
    """A warning sign answered "don't know": listed with what to do if it turns out yes."""

    id: str
    level: Level
    title: str
    if_unsure: str


class FiredRule(Record, kw_only=False):
    """A triage rule whose condition held."""

    id: str
    level: Level
    reason: str
    source: Source


class EvidenceItem(Record, kw_only=False):
    """One piece of evidence that moved a cause's score, and the answers behind it."""

    question: str
    answer: Answer
    weight: float
    because: str | None
    answers: Mapping[str, Answer]


class CauseScore(Record, kw_only=False):
    """A cause with its score and the evidence that counted."""

    id: str
    name: str
    score: float
    evidence: tuple[EvidenceItem, ...]
    codes: tuple[Code, ...] = ()


class CitedAdvice(Record, kw_only=False):
    """One piece of advice with the source that supports it."""

    text: str
    source: Source


class Provenance(Record, kw_only=False):
    """Which guidance produced a result: the pack as it names itself, its fingerprint
    (``pack.provenance``) and this engine's version, so it can be reproduced later."""

    name: str
    version: str
    sha256: str
    engine_version: str


class Assessment(Record, kw_only=False):
    """Everything a renderer needs; ``render.json.to_dict`` is its JSON contract."""

    triage: Triage
    red_flags: tuple[FiredRedFlag, ...]
    triage_rules: tuple[FiredRule, ...]
    causes: tuple[CauseScore, ...]
    likely_cause: str | None
    immediate_relief: tuple[CitedAdvice, ...]
    prevention: tuple[CitedAdvice, ...]
    see_professional: tuple[CitedAdvice, ...]
    answers: Mapping[str, Answer]
    unanswered: tuple[str, ...]
    disclaimer: str
    likely_threshold: float = 2
    stopped_early: bool = False
    unsure_red_flags: tuple[UnsureRedFlag, ...] = ()
    provenance: Provenance | None = None
    """Always set by ``assess``; ``None`` only for a hand-made Assessment."""

    @property
    def likely(self) -> CauseScore | None:
        """The likely cause's score and evidence, or None when no cause is named."""
        return next((c for c in self.causes if c.id == self.likely_cause), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of DESIGN.md; its shape is written once, in ``render.json``."""
        from spasmcheck.render.json import to_dict

        return to_dict(self)


class ReadOnlyAnswers(dict[str, Answer]):
    """The answers a piece of evidence read: shared by every result that shows it, so it
    refuses changes. Still a dict: ``==``, JSON, copying and pickling work as for one."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("an assessment's evidence answers are read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (ReadOnlyAnswers, (dict(self),))
