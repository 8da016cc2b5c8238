"""What assessing against one pack works out once, and the outcomes it remembers.

Each warning sign, rule, cause and piece of additional advice reads a few questions, so
its outcome (fired or not, unsure or not, the score and evidence) is a function of those
few answers. A batch meets the same few answers again and again, so each outcome is
remembered, keyed by the answers it reads, in a table of its own. The first time a
combination is met the outcome is worked out exactly as before, by the compiled
conditions (``pack.conditions``); a table never decides anything itself, and the property
tests check the engine against tests/oracle.py as before.

How a table is keyed and bounded: ``engine.tables``; how an outcome is worked out:
``engine.outcomes``. The remembered results are shared by every assessment that meets
them: they are frozen records, and evidence answers are read-only dicts.

A pack is frozen, so its plan stays right for as long as the pack lives; the last few
packs' plans are kept (``plan``), keyed by identity, as ``relevance`` keeps its outlooks.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from spasmcheck.pack.conditions import UNKNOWN, Answer, Condition
from spasmcheck.pack.levels import LEVELS
from spasmcheck.pack.model import AdditionalAdvice, Advice, Cause, Evidence, GeneralAdvice
from spasmcheck.pack.rulepack import RulePack

from . import tables
from .outcomes import ENGINE_VERSION, applies, evidence_item, score_cause
from .result import (
    CauseScore,
    CitedAdvice,
    EvidenceItem,
    FiredRedFlag,
    FiredRule,
    Provenance,
    ReadOnlyAnswers,
    UnsureRedFlag,
)
from .tables import Key, Outcome, holds, key_of, places, reads_likely, shape, step, union

RANK = {level: rank for rank, level in enumerate(LEVELS)}
"""A level's urgency (``levels.urgency``) by lookup: sort keys call it per item."""


class Plan:
    """One pack's questions, outcomes in the order the result lists them, and tables."""

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        self.template: dict[str, Answer] = {q.id: UNKNOWN for q in pack.questions}
        self.ids = tuple(self.template)
        numeric = {q.id for q in pack.questions if q.type not in ("yes_no", "choice")}
        sources = pack.sources
        self.suppress: dict[int, tuple[str, ...]] = {}
        """What each fired red flag or rule (by the ``id`` of its shared result) leaves out."""

        def by_urgency(items: Any) -> list[Any]:
            # sorted() is stable: the pack's written order among equals, as the result sorts.
            return sorted(items, key=lambda item: -RANK[item.level])

        by_shape: dict[Hashable, dict[Hashable, Any]] = {}

        def shared(*kind: Hashable) -> dict[Hashable, Any]:
            return by_shape.setdefault(kind, {})

        self.flags: list[tuple[Key, dict[Hashable, Any], Outcome[Any], FiredRedFlag, Any]] = []
        """(key, table, outcome, its result if fired, if unsure): outcome 1 fired, 2 unsure."""
        for flag in by_urgency(pack.red_flags):
            fired = FiredRedFlag(
                flag.id, flag.level, flag.title, flag.advice, sources[flag.source], flag.codes
            )
            unsure = UnsureRedFlag(flag.id, flag.level, flag.title, flag.if_unsure or flag.advice)
            if flag.suppress_advice:
                self.suppress[id(fired)] = flag.suppress_advice

            def flag_outcome(
                full: Mapping[str, Answer], likely: str | None, when: Condition = flag.when
            ) -> int:
                truth = when.test(full, None)
                if truth is True:
                    return 1
                return 2 if truth is None and applies(pack, when, full) else 0

            # applies() reads each read question's ask_if: those answers are in the key too.
            asks = [pack.question_index[q].ask_if for q in flag.when.reads]
            ids = union(flag.when.reads, *(a.reads for a in asks if a is not None))
            place = {q: n for n, q in enumerate(ids)}
            table = shared("flag", shape(flag.when, place), *(shape(a, place) for a in asks))
            key, _, outcome = step(key_of(ids), flag_outcome, table=table)
            self.flags.append((key, table, outcome, fired, unsure))

        self.rules: list[tuple[Key, dict[Hashable, Any], Outcome[Any], bool, FiredRule]] = []
        """(key, table, outcome, whether it reads the likely cause, its result if it holds)."""
        for rule in by_urgency(pack.triage_rules):
            made = FiredRule(rule.id, rule.level, rule.reason, sources[rule.source])
            if rule.suppress_advice:
                self.suppress[id(made)] = rule.suppress_advice
            likely = reads_likely(rule.when)
            table = shared("rule", shape(rule.when, places(rule.when)))
            key, _, outcome = step(key_of(rule.when.reads), holds(rule.when), likely, table)
            self.rules.append((key, table, outcome, likely, made))

        # Each piece of evidence that counted is made once per answers it read, and shared
        # by every cause score that shows it.
        items: dict[int, tuple[Key, dict[Hashable, EvidenceItem]]] = {}
        for evidence in (e for cause in pack.causes for e in cause.evidence):
            reads = evidence.when.reads
            items[id(evidence)] = (key_of(reads, tuple(q for q in reads if q in numeric)), {})

        def shared_item(evidence: Evidence, full: Mapping[str, Answer]) -> EvidenceItem:
            key, table = items[id(evidence)]
            try:
                values = key(full)
                found = table.get(values)
            except (KeyError, TypeError):
                return evidence_item(evidence, full, ReadOnlyAnswers)
            if found is None:
                found = evidence_item(evidence, full, ReadOnlyAnswers)
                if len(table) < tables.LIMIT:
                    table[values] = found
            return found

        self.causes: list[tuple[Key, dict[Hashable, Any], Outcome[Any]]] = []
        for cause in pack.causes:
            conditions = [c for c in (cause.only_if, *(e.when for e in cause.evidence)) if c]
            ids = union(*(c.reads for c in conditions))

            def cause_outcome(
                full: Mapping[str, Answer], likely: str | None, cause: Cause = cause
            ) -> CauseScore:
                return score_cause(cause, full, shared_item)

            key = key_of(ids, tuple(q for q in ids if q in numeric))
            self.causes.append(step(key, cause_outcome))
        self.cause_index = {cause.id: cause for cause in pack.causes}

        self.extras: list[tuple[Key, dict[Hashable, Any], Outcome[Any], bool]] = []
        for extra in pack.additional_advice:
            likely = reads_likely(extra.when)
            table = shared("rule", shape(extra.when, places(extra.when)))
            key, _, outcome = step(key_of(extra.when.reads), holds(extra.when), likely, table)
            self.extras.append((key, table, outcome, likely))
        self.cited: dict[int, CitedAdvice] = {}
        """Each piece of advice (by ``id``) with its source, made once."""
        holders: list[GeneralAdvice | Cause | AdditionalAdvice] = [
            pack.general_advice,
            *pack.causes,
            *pack.additional_advice,
        ]
        for item in (i for h in holders for i in h.advice()):
            self.cited[id(item)] = CitedAdvice(item.text, sources[item.source])
        self._advice: dict[tuple[str, str | None, tuple[int, ...]], Any] = {}
        """The advice step of each kind, likely cause and additional advice given."""
        self.provenance = Provenance(pack.info.name, pack.info.version, pack.sha256, ENGINE_VERSION)

    def advice(
        self, kind: str, likely: str | None, extras: tuple[int, ...], full: Mapping[str, Answer]
    ) -> tuple[CitedAdvice, ...]:
        """The cited advice of one kind for the likely cause (general advice for none) and
        the additional advice at these indices, less what ``avoid_if`` leaves out."""
        group = self._advice.get((kind, likely, extras))
        if group is None:
            pack = self.pack
            holder = pack.general_advice if likely is None else self.cause_index[likely]
            extra = [pack.additional_advice[i] for i in extras]
            items = [*getattr(holder, kind), *(i for a in extra for i in getattr(a, kind))]
            group = _advice_step(self.cited, items)
            if len(self._advice) < tables.LIMIT:
                self._advice[kind, likely, extras] = group
        key, table, outcome = group
        try:
            return table[key(full)]
        except (KeyError, TypeError):
            return outcome.miss(full)


def _advice_step(cited: Mapping[int, CitedAdvice], items: list[Advice]) -> Any:
    """The cited advice of these items, less those ``avoid_if`` leaves out: one shared
    tuple per combination of the answers the ``avoid_if`` conditions read."""

    def cite(full: Mapping[str, Answer], likely: str | None) -> tuple[CitedAdvice, ...]:
        # Each text once, in order: a cause and additional advice may say the same.
        shown: dict[str, CitedAdvice] = {}
        for item in items:
            if item.avoid_if is not None and item.avoid_if.test(full, None) is True:
                continue
            if item.text not in shown:
                shown[item.text] = cited[id(item)]
        return tuple(shown.values())

    reads = union(*(i.avoid_if.reads for i in items if i.avoid_if is not None))
    return step(key_of(reads), cite)


_PLANS: dict[int, tuple[RulePack, Plan]] = {}
_KEPT = 8
"""Packs whose plans are kept: a batch uses one; tests and ``rules diff`` a few."""


def plan(pack: RulePack) -> Plan:
    """The plan of ``pack``, made on first use."""
    found = _PLANS.get(id(pack))
    if found is not None and found[0] is pack:
        return found[1]
    made = Plan(pack)
    if len(_PLANS) >= _KEPT:
        _PLANS.pop(next(iter(_PLANS)))
    _PLANS[id(pack)] = (pack, made)
    return made


__all__ = ["RANK", "Plan", "plan"]
