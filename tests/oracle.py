"""The reference engine: obviously correct, not fast.

It walks each condition tree with the textbook three-valued logic and assembles the
result the long way. ``spasmcheck.engine`` (compiled closures) must agree with it on
every answer set; tests/test_oracle.py checks that on thousands of generated ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spasmcheck import __version__
from spasmcheck.engine.result import (
    Assessment,
    CauseScore,
    CitedAdvice,
    EvidenceItem,
    FiredRedFlag,
    FiredRule,
    Provenance,
    Triage,
    UnsureRedFlag,
)
from spasmcheck.pack.conditions import (
    UNKNOWN,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    LikelyCause,
    Not,
    questions_in,
)
from spasmcheck.pack.levels import LEVELS, urgency
from spasmcheck.pack.rulepack import RulePack


def truth(condition: Condition, answers: Mapping[str, Any], likely: str | None = None) -> Any:
    """Kleene's three-valued logic, by the book: None is unknown."""
    if isinstance(condition, AllOf):
        values = [truth(i, answers, likely) for i in condition.items]
        return False if False in values else (None if None in values else True)
    if isinstance(condition, AnyOf):
        values = [truth(i, answers, likely) for i in condition.items]
        return True if True in values else (None if None in values else False)
    if isinstance(condition, Not):
        value = truth(condition.item, answers, likely)
        return None if value is None else not value
    if isinstance(condition, LikelyCause):
        return likely == condition.cause
    assert isinstance(condition, Compare)
    answer = answers.get(condition.question, UNKNOWN)
    if condition.op == "unknown":
        return (answer == UNKNOWN) == condition.value
    if condition.op == "answered":
        return (answer != UNKNOWN) == condition.value
    if answer == UNKNOWN:
        return None
    return {
        "is": lambda: answer == condition.value,
        "one_of": lambda: answer in condition.value,
        "at_least": lambda: answer >= condition.value,
        "at_most": lambda: answer <= condition.value,
        "above": lambda: answer > condition.value,
        "below": lambda: answer < condition.value,
    }[condition.op]()


def assess(pack: RulePack, answers: Mapping[str, Any]) -> Assessment:
    """The assessment as DESIGN.md states it, step by step."""
    full = {q.id: answers.get(q.id, UNKNOWN) for q in pack.questions}
    flags = [
        FiredRedFlag(r.id, r.level, r.title, r.advice, pack.sources[r.source], r.codes)
        for r in pack.red_flags
        if truth(r.when, full) is True
    ]
    flags = sorted(flags, key=lambda f: -urgency(f.level))

    def could_ask(question_id: str) -> bool:
        ask_if = pack.question(question_id).ask_if
        return ask_if is None or truth(ask_if, full) is not False

    unsure = [
        UnsureRedFlag(r.id, r.level, r.title, r.if_unsure or r.advice)
        for r in pack.red_flags
        if truth(r.when, full) is None
        and any(full[q] == UNKNOWN and could_ask(q) for q in questions_in(r.when))
    ]
    ranked = []
    for cause in pack.causes:
        items = []
        if cause.only_if is not None and truth(cause.only_if, full) is not True:
            ranked.append(CauseScore(cause.id, cause.name, 0, (), cause.codes))
            continue
        for e in cause.evidence:
            if truth(e.when, full) is True:
                read = {q: full[q] for q in questions_in(e.when)}
                first = next(iter(read), "")
                items.append(
                    EvidenceItem(first, read.get(first, UNKNOWN), e.weight, e.because, read)
                )
        ranked.append(
            CauseScore(
                cause.id, cause.name, sum(i.weight for i in items), tuple(items), cause.codes
            )
        )
    ranked = sorted(ranked, key=lambda c: -c.score)
    top = ranked[0] if ranked else None
    threshold = pack.info.likely_threshold
    likely = top.id if top and top.score > 0 and top.score >= threshold else None
    rules = sorted(
        (
            FiredRule(r.id, r.level, r.reason, pack.sources[r.source])
            for r in pack.triage_rules
            if truth(r.when, full, likely) is True
        ),
        key=lambda r: -urgency(r.level),
    )
    setters = [(f.id, f.level) for f in flags] + [(r.id, r.level) for r in rules]
    level = max((lvl for _, lvl in setters), key=urgency, default=LEVELS[0])
    reasons = tuple(i for i, _ in sorted(setters, key=lambda s: -urgency(s[1])))
    holder = next((c for c in pack.causes if c.id == likely), pack.general_advice)
    fired = {f.id for f in flags} | {r.id for r in rules}
    suppressed = {
        kind
        for item in (*pack.red_flags, *pack.triage_rules)
        if item.id in fired
        for kind in item.suppress_advice
    }
    extra = [a for a in pack.additional_advice if truth(a.when, full) is True]

    def cite(kind: str) -> tuple[CitedAdvice, ...]:
        if kind in suppressed:
            return ()
        out: list[CitedAdvice] = []
        for a in [*getattr(holder, kind), *(i for e in extra for i in getattr(e, kind))]:
            if a.avoid_if is not None and truth(a.avoid_if, full) is True:
                continue
            if a.text not in [o.text for o in out]:
                out.append(CitedAdvice(a.text, pack.sources[a.source]))
        return tuple(out)

    return Assessment(
        triage=Triage(level, reasons),
        red_flags=tuple(flags),
        triage_rules=tuple(rules),
        causes=tuple(ranked),
        likely_cause=likely,
        immediate_relief=cite("relief"),
        prevention=cite("prevention"),
        see_professional=cite("see_professional"),
        answers=full,
        unanswered=tuple(q.id for q in pack.questions if q.id not in answers),
        disclaimer=pack.info.disclaimer,
        likely_threshold=threshold,
        unsure_red_flags=tuple(sorted(unsure, key=lambda u: -urgency(u.level))),
        provenance=Provenance(pack.info.name, pack.info.version, pack.sha256, __version__),
    )
