"""What assessing against one pack works out once, and the outcomes it remembers.

Each warning sign, rule, cause and piece of additional advice reads a few questions, so
its outcome (fired or not, unsure or not, the score and evidence) is a function of those
few answers. A batch meets the same few answers again and again, so each outcome is
remembered, keyed by the answers it reads, in a table of its own. The first time a
combination is met the outcome is worked out exactly as before, by the compiled
conditions (``pack.conditions``); a table never decides anything itself, and the property
tests check the engine against tests/oracle.py as before.

Keys are the answers themselves, compared by value. A truth value is the same for equal
answers (``1`` and ``1.0`` compare alike), but evidence shows the answer it read, so a
cause that reads a number question adds the answers' types to its key: ``5`` and ``5.0``
are written differently. Tables are bounded (``LIMIT`` entries each); past that an outcome
is worked out each time, as before. The remembered results are shared by every assessment
that meets them: they are frozen records, and evidence answers are read-only dicts.

A pack is frozen, so its plan stays right for as long as the pack lives; the last few
packs' plans are kept (``plan``), keyed by identity, as ``relevance`` keeps its outlooks.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from operator import itemgetter
from typing import Any, Generic, TypeVar

from spasmcheck.pack.conditions import (
    UNKNOWN,
    AllOf,
    Answer,
    Compare,
    Condition,
    LikelyCause,
    Not,
    leaves,
)
from spasmcheck.pack.levels import LEVELS
from spasmcheck.pack.model import AdditionalAdvice, Advice, Cause, Evidence, GeneralAdvice
from spasmcheck.pack.rulepack import RulePack

from .result import (
    CauseScore,
    CitedAdvice,
    EvidenceItem,
    FiredRedFlag,
    FiredRule,
    Provenance,
    UnsureRedFlag,
)

LIMIT = 4096
"""Outcomes remembered per table (per warning sign, rule, cause): enough for every
combination of a few yes/no answers, bounded for number questions and odd input."""

RANK = {level: rank for rank, level in enumerate(LEVELS)}
"""A level's urgency (``levels.urgency``) by lookup: sort keys call it per item."""

Key = Callable[[Mapping[str, Any]], Hashable]
T = TypeVar("T")


class Outcome(Generic[T]):
    """One remembered outcome: ``key(full)`` finds it in ``table``; ``miss`` works it out."""

    __slots__ = ("key", "likely", "table", "work")

    def __init__(
        self,
        key: Key,
        work: Callable[[Mapping[str, Answer], str | None], T],
        table: dict[Hashable, T] | None = None,
    ):
        self.key = key
        self.work = work
        self.table: dict[Hashable, T] = {} if table is None else table
        """Shared by the outcomes of one shape (``shape``), else its own."""
        self.likely = False
        """Whether the likely cause is part of the key (a rule reading ``likely_cause``)."""

    def miss(self, full: Mapping[str, Answer], likely: str | None = None) -> T:
        """The outcome worked out, and remembered while the table has room. A key that
        cannot be made (an answer that is not hashable) is worked out every time."""
        made = self.work(full, likely)
        try:
            key = self.key(full)
            if self.likely:
                key = (likely, key)
            if len(self.table) < LIMIT:
                self.table[key] = made
        except (KeyError, TypeError):
            pass
        return made


def _key(ids: tuple[str, ...], typed: tuple[str, ...] = ()) -> Key:
    """The answers to ``ids`` (one value, or a tuple); with their types for ``typed``."""
    if not ids:
        return _nothing
    values = itemgetter(*ids)
    if not typed:
        return values
    kinds = [itemgetter(q) for q in typed]

    def with_types(full: Mapping[str, Any]) -> Hashable:
        return (values(full), tuple([type(kind(full)) for kind in kinds]))

    return with_types


def _nothing(full: Mapping[str, Any]) -> Hashable:
    return ()


def shape(condition: Condition | None, place: Mapping[str, int]) -> Hashable:
    """A condition with each question id replaced by its place in a key (``place``): two
    conditions of one shape are true, false or unknown alike for the same answers in
    those places, so their outcomes can share one table (a pack's many "X is yes")."""
    if condition is None:
        return None
    if isinstance(condition, Compare):
        return ("is", place[condition.question], condition.op, repr(condition.value))
    if isinstance(condition, LikelyCause):
        return ("likely", condition.cause)
    if isinstance(condition, Not):
        return ("not", shape(condition.item, place))
    kind = "all" if isinstance(condition, AllOf) else "any"
    return (kind, tuple(shape(item, place) for item in condition.items))


def reads_likely(condition: Condition | None) -> bool:
    """Whether a condition tests the likely cause."""
    return condition is not None and any(isinstance(x, LikelyCause) for x in leaves(condition))


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


class Plan:
    """One pack's questions, outcomes in the order the result lists them, and tables."""

    def __init__(self, pack: RulePack) -> None:
        from .assess import _applies, evidence_item, score_cause

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

        tables: dict[Hashable, dict[Hashable, Any]] = {}

        def shared(*kind: Hashable) -> dict[Hashable, Any]:
            return tables.setdefault(kind, {})

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
                holds = when.test(full, None)
                if holds is True:
                    return 1
                return 2 if holds is None and _applies(pack, when, full) else 0

            # _applies reads each read question's ask_if: those answers are in the key too.
            asks = [pack.question_index[q].ask_if for q in flag.when.reads]
            ids = _union(flag.when.reads, *(a.reads for a in asks if a is not None))
            place = {q: n for n, q in enumerate(ids)}
            table = shared("flag", shape(flag.when, place), *(shape(a, place) for a in asks))
            key, _, outcome = _step(_key(ids), flag_outcome, table=table)
            self.flags.append((key, table, outcome, fired, unsure))

        self.rules: list[tuple[Key, dict[Hashable, Any], Outcome[Any], bool, FiredRule]] = []
        """(key, table, outcome, whether it reads the likely cause, its result if it holds)."""
        for rule in by_urgency(pack.triage_rules):
            made = FiredRule(rule.id, rule.level, rule.reason, sources[rule.source])
            if rule.suppress_advice:
                self.suppress[id(made)] = rule.suppress_advice
            likely = reads_likely(rule.when)
            table = shared("rule", shape(rule.when, _places(rule.when)))
            key, _, outcome = _step(_key(rule.when.reads), _holds(rule.when), likely, table)
            self.rules.append((key, table, outcome, likely, made))

        # Each piece of evidence that counted is made once per answers it read, and shared
        # by every cause score that shows it.
        items: dict[int, tuple[Key, dict[Hashable, EvidenceItem]]] = {}
        for evidence in (e for cause in pack.causes for e in cause.evidence):
            reads = evidence.when.reads
            items[id(evidence)] = (_key(reads, tuple(q for q in reads if q in numeric)), {})

        def shared_item(evidence: Evidence, full: Mapping[str, Answer]) -> EvidenceItem:
            key, table = items[id(evidence)]
            try:
                values = key(full)
                found = table.get(values)
            except (KeyError, TypeError):
                return evidence_item(evidence, full, ReadOnlyAnswers)
            if found is None:
                found = evidence_item(evidence, full, ReadOnlyAnswers)
                if len(table) < LIMIT:
                    table[values] = found
            return found

        self.causes: list[tuple[Key, dict[Hashable, Any], Outcome[Any]]] = []
        for cause in pack.causes:
            conditions = [c for c in (cause.only_if, *(e.when for e in cause.evidence)) if c]
            ids = _union(*(c.reads for c in conditions))

            def cause_outcome(
                full: Mapping[str, Answer], likely: str | None, cause: Cause = cause
            ) -> CauseScore:
                return score_cause(cause, full, shared_item)

            key = _key(ids, tuple(q for q in ids if q in numeric))
            self.causes.append(_step(key, cause_outcome))
        self.cause_index = {cause.id: cause for cause in pack.causes}

        self.extras: list[tuple[Key, dict[Hashable, Any], Outcome[Any], bool]] = []
        for extra in pack.additional_advice:
            likely = reads_likely(extra.when)
            table = shared("rule", shape(extra.when, _places(extra.when)))
            key, _, outcome = _step(_key(extra.when.reads), _holds(extra.when), likely, table)
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
        self.provenance = Provenance(
            pack.info.name, pack.info.version, pack.sha256, _engine_version()
        )

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
            if len(self._advice) < LIMIT:
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

    reads = _union(*(i.avoid_if.reads for i in items if i.avoid_if is not None))
    return _step(_key(reads), cite)


def _step(
    key: Key,
    work: Callable[[Mapping[str, Answer], str | None], Any],
    likely: bool = False,
    table: dict[Hashable, Any] | None = None,
) -> tuple[Key, dict[Hashable, Any], Outcome[Any]]:
    """(key, table, outcome): the first two unpacked for the engine's loops."""
    outcome = Outcome(key, work, table)
    outcome.likely = likely
    return key, outcome.table, outcome


def _holds(when: Condition) -> Callable[[Mapping[str, Answer], str | None], bool]:
    """Whether a rule's or additional advice's condition holds."""

    def holds(full: Mapping[str, Answer], likely: str | None) -> bool:
        return when.test(full, likely) is True

    return holds


def _places(condition: Condition) -> dict[str, int]:
    return {q: n for n, q in enumerate(condition.reads)}


def _union(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(q for group in groups for q in group))


def _engine_version() -> str:
    from .assess import ENGINE_VERSION

    return ENGINE_VERSION


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


__all__ = ["LIMIT", "RANK", "Plan", "ReadOnlyAnswers", "plan", "reads_likely"]
