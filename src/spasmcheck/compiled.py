"""A rule pack compiled once into an answer index and closures, so assessing is cheap.

``engine.assess`` and the batch JSON writer both read an ``Outcome`` from here, so the
rules are evaluated by one piece of code whatever the output. Rules whose condition is a
plain ``is`` / ``one_of`` are found by looking the given answers up in an index; the
others run as closures with the same three-valued logic as ``Condition.test``.
tests/test_batch.py checks both against the tree-walking engine. Compiling moves the
tree walking and the look-ups from every call to once per pack.
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import Any, Protocol

from .conditions import AllOf, AnyOf, Compare, Condition, LikelyCause, Not, questions_in
from .model import (
    LEVELS,
    UNKNOWN,
    Answer,
    Cause,
    CitedAdvice,
    FiredRedFlag,
    FiredRule,
    RulePack,
    urgency,
)

_second = itemgetter(1)


class Test(Protocol):
    """A compiled condition: ``test(answers, likely_cause)`` -> True / False / None."""

    def __call__(self, answers: Mapping[str, Any], likely: str | None = None, /) -> bool | None: ...


def compile_condition(condition: Condition) -> Test:
    """A closure equivalent to ``condition.test``; built once per pack, called per answer."""
    if isinstance(condition, Compare):
        return _compare(condition)
    if isinstance(condition, LikelyCause):
        cause = condition.cause
        return lambda answers, likely=None: likely == cause
    if isinstance(condition, Not):
        inner = compile_condition(condition.item)

        def negate(answers: Mapping[str, Any], likely: str | None = None) -> bool | None:
            value = inner(answers, likely)
            return None if value is None else not value

        return negate
    items = tuple(compile_condition(i) for i in condition.items)
    if len(items) == 1:
        return items[0]
    if isinstance(condition, AllOf):

        def all_of(answers: Mapping[str, Any], likely: str | None = None) -> bool | None:
            result: bool | None = True
            for item in items:
                value = item(answers, likely)
                if value is False:
                    return False
                if value is None:
                    result = None
            return result

        return all_of
    assert isinstance(condition, AnyOf)

    def any_of(answers: Mapping[str, Any], likely: str | None = None) -> bool | None:
        result: bool | None = False
        for item in items:
            value = item(answers, likely)
            if value is True:
                return True
            if value is None:
                result = None
        return result

    return any_of


def _compare(c: Compare) -> Test:
    q, v, op = c.question, c.value, c.op
    if op == "unknown":
        return lambda a, likely=None: (a.get(q, UNKNOWN) == UNKNOWN) is v
    if op == "answered":
        return lambda a, likely=None: (a.get(q, UNKNOWN) != UNKNOWN) is v
    # Answers are normalised, so ``unknown`` is the only value that is not comparable.
    if op == "is":
        return lambda a, likely=None: None if (x := a.get(q, UNKNOWN)) == UNKNOWN else x == v
    if op == "one_of":
        return lambda a, likely=None: None if (x := a.get(q, UNKNOWN)) == UNKNOWN else x in v
    if op == "at_least":
        return lambda a, likely=None: None if (x := a.get(q, UNKNOWN)) == UNKNOWN else x >= v
    if op == "at_most":
        return lambda a, likely=None: None if (x := a.get(q, UNKNOWN)) == UNKNOWN else x <= v
    if op == "above":
        return lambda a, likely=None: None if (x := a.get(q, UNKNOWN)) == UNKNOWN else x > v
    return lambda a, likely=None: None if (x := a.get(q, UNKNOWN)) == UNKNOWN else x < v


Root = tuple["str | None", tuple[Any, ...], "Test | None"]
"""A condition at the root of a rule, where only "is it True?" matters: ``(question,
values, None)`` fires when the answer is one of ``values`` (a plain ``is`` / ``one_of``,
tested inline with no call), else ``(None, (), test)``."""


def compile_root(condition: Condition) -> Root:
    if (
        isinstance(condition, Compare)
        and condition.op in ("is", "one_of")
        and (values := condition.value if condition.op == "one_of" else (condition.value,))
        and UNKNOWN not in values  # an unknown answer is never True, even for 'unknown'
    ):
        return condition.question, tuple(values), None
    return None, (), compile_condition(condition)


# Plain classes, not dataclasses: this module is on the start-up path of every
# assessment, and each dataclass costs several exec() calls at import.


class CompiledEvidence:
    """What an ``EvidenceItem`` needs besides the answers: which questions it reads."""

    __slots__ = ("because", "first", "questions", "weight")

    def __init__(
        self, questions: tuple[str, ...], first: str, weight: float, because: str | None
    ) -> None:
        self.questions, self.first, self.weight, self.because = questions, first, weight, because


class CompiledCause:
    __slots__ = ("cause", "evidence")

    def __init__(self, cause: Cause, evidence: tuple[CompiledEvidence, ...]) -> None:
        self.cause, self.evidence = cause, evidence


class Outcome(tuple):
    """What fired, by index into the compiled pack: the engine and the JSON writer share it.

    ``causes`` is ranked best first: (cause index, score, indices of evidence that counted).
    """

    __slots__ = ()

    def __new__(cls, *fields: Any) -> Outcome:
        return tuple.__new__(cls, fields)

    red_flags = property(lambda self: self[0], doc="Indices of red flags that fired, in order.")
    causes = property(lambda self: self[1])
    likely = property(lambda self: self[2], doc="Index of the likely cause, or None.")
    rules = property(lambda self: self[3], doc="Indices of triage rules that fired, in order.")
    level = property(lambda self: self[4])
    reasons = property(lambda self: self[5])


_outcome = tuple.__new__  # builds an Outcome without a Python-level __new__ call


class CompiledPack:
    """Everything about a pack that does not depend on the answers, computed once."""

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        self._writer: Any = None
        self.question_ids = tuple(q.id for q in pack.questions)
        self._blank: dict[str, Answer] = dict.fromkeys(self.question_ids, UNKNOWN)
        # (what to report, its urgency) of each red flag and triage rule, in written order.
        self.red_flags = tuple(
            (
                FiredRedFlag(r.id, r.level, r.title, r.advice, pack.sources[r.source]),
                urgency(r.level),
            )
            for r in pack.red_flags
        )
        self.causes = tuple(
            CompiledCause(
                c,
                tuple(
                    CompiledEvidence(
                        tuple(qs := questions_in(e.when)),
                        qs[0] if qs else "",
                        e.weight,
                        e.because,
                    )
                    for e in c.evidence
                ),
            )
            for c in pack.causes
        )
        self.rules = tuple(
            (FiredRule(r.id, r.level, r.reason, pack.sources[r.source]), urgency(r.level))
            for r in pack.triage_rules
        )
        self.likely_threshold = pack.info.likely_threshold
        self.red_flag_roots = tuple(compile_root(r.when) for r in pack.red_flags)
        self.rule_roots = tuple(compile_root(r.when) for r in pack.triage_rules)
        self.evidence_roots = tuple(
            tuple((*compile_root(e.when), e.weight) for e in c.evidence) for c in pack.causes
        )
        self._index_roots()
        general = pack.general_advice
        self.general_advice = self._cite(general)
        self.cause_advice = tuple(self._cite(c) for c in pack.causes)

    def writer(self) -> Any:
        """The pack's batch JSON writer (``spasmcheck.fastjson``), built on first use;
        ``None`` if the JSON object no longer has the shape that writer knows."""
        if self._writer is None:
            from .fastjson import AssessmentWriter

            writer = AssessmentWriter(self)
            self._writer = writer if writer.exact else False
        return self._writer or None

    def _index_roots(self) -> None:
        """Simple roots indexed by question and answer, so that evaluating costs one look-up
        per answer rather than one test per rule; other roots keep their closures."""
        index: dict[str, dict[Answer, list[tuple[int, int, int]]]] = {}

        def add(q: str, values: tuple[Any, ...], hit: tuple[int, int, int]) -> None:
            by_answer = index.setdefault(q, {})
            for value in dict.fromkeys(values):  # once per distinct value
                by_answer.setdefault(value, []).append(hit)

        self._complex_flags = []
        for i, (q, values, test) in enumerate(self.red_flag_roots):
            if test is None:
                assert q is not None  # a simple root always names its question
                add(q, values, (0, i, 0))
            else:
                self._complex_flags.append((i, test))
        self._complex_evidence = []
        for i, roots in enumerate(self.evidence_roots):
            for j, (q, values, test, _) in enumerate(roots):
                if test is None:
                    assert q is not None
                    add(q, values, (1, i, j))
                else:
                    self._complex_evidence.append((i, j, test))
        self._complex_rules = []
        for i, (q, values, test) in enumerate(self.rule_roots):
            if test is None:
                assert q is not None
                add(q, values, (2, i, 0))
            else:
                self._complex_rules.append((i, test))
        self._index = index
        self._flag_urgency = tuple(u for _, u in self.red_flags)
        self._rule_urgency = tuple(u for _, u in self.rules)
        self._weights = tuple(tuple(r[3] for r in roots) for roots in self.evidence_roots)

    def _cite(self, holder: Any) -> tuple[tuple[CitedAdvice, ...], ...]:
        sources = self.pack.sources
        return tuple(
            tuple(CitedAdvice(a.text, sources[a.source]) for a in group)
            for group in (holder.relief, holder.prevention, holder.see_professional)
        )

    def complete(self, answers: Mapping[str, Answer]) -> dict[str, Answer]:
        """Every question in pack order, ``unknown`` where unanswered (as engine.complete)."""
        full = self._blank.copy()  # updating keeps the pack's key order
        full.update((q, v) for q, v in answers.items() if q in full)
        return full

    def complete_checked(self, answers: Mapping[str, Answer]) -> dict[str, Answer]:
        """``complete`` for answers from ``parse_answers``, whose ids are all in the pack."""
        full = self._blank.copy()
        full.update(answers)
        return full

    def evaluate(
        self, full: Mapping[str, Answer], given: Mapping[str, Answer] | None = None
    ) -> Outcome:
        """Red flags, ranked causes, likely cause, triage rules and level for full answers.

        ``given`` (the answers before ``complete``) only saves time: an unknown answer
        never makes a simple root true, so only given answers need looking up.
        """
        index = self._index
        fired: list[int] = []
        counted_by_cause: dict[int, list[int]] = {}
        rules: list[int] = []
        for q, v in (full if given is None else given).items():
            by_answer = index.get(q)
            if by_answer is not None:
                hits = by_answer.get(v)
                if hits is not None:
                    for kind, i, j in hits:
                        if kind == 1:
                            counted_by_cause.setdefault(i, []).append(j)
                        elif kind == 0:
                            fired.append(i)
                        else:
                            rules.append(i)
        for i, test in self._complex_flags:
            if test(full, None) is True:
                fired.append(i)
        for i, j, test in self._complex_evidence:
            if test(full, None) is True:
                counted_by_cause.setdefault(i, []).append(j)
        # Written order first, then most urgent first; reverse sorts are stable too, so
        # this is the order of engine.fired_red_flags. C-level keys: this runs per answer.
        if len(fired) > 1:
            fired.sort()
            fired.sort(key=self._flag_urgency.__getitem__, reverse=True)
        scored: list[tuple[int, float, tuple[int, ...]]] = []
        for index_, weights in enumerate(self._weights):
            counted = counted_by_cause.get(index_)
            if counted is None:
                scored.append((index_, 0, ()))
                continue
            if len(counted) > 1:
                counted.sort()
            score: float = 0  # the same sum, in the same order, as engine.score_causes
            for j in counted:
                score += weights[j]
            scored.append((index_, score, tuple(counted)))
        # Stable: equal scores keep the pack's written order (the tie rule).
        scored.sort(key=_second, reverse=True)
        likely = None
        if scored and scored[0][1] > 0 and scored[0][1] >= self.likely_threshold:
            likely = scored[0][0]
        likely_id = None if likely is None else self.causes[likely].cause.id
        for i, test in self._complex_rules:
            if test(full, likely_id) is True:
                rules.append(i)
        if len(rules) > 1:
            rules.sort()
            rules.sort(key=self._rule_urgency.__getitem__, reverse=True)
        if fired or rules:
            setters = [self.red_flags[i] for i in fired] + [self.rules[i] for i in rules]
            setters.sort(key=_second, reverse=True)
            level = LEVELS[setters[0][1]]
            reasons = tuple([f.id for f, _ in setters])
        else:
            level, reasons = LEVELS[0], ()
        return _outcome(
            Outcome, (tuple(fired), tuple(scored), likely, tuple(rules), level, reasons)
        )


_CACHE: dict[int, CompiledPack] = {}
_CACHE_SIZE = 8


def compiled(pack: RulePack) -> CompiledPack:
    """The compiled form of ``pack``, built on first use and kept while the pack is in use.

    Keyed on the pack object itself (a pack is immutable); the entry holds the pack, so its
    id cannot be reused while cached. A few packs at most, the oldest dropped first.
    """
    entry = _CACHE.get(id(pack))
    if entry is not None and entry.pack is pack:
        return entry
    entry = CompiledPack(pack)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(pack)] = entry
    return entry
