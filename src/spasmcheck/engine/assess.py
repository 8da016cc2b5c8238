"""The assessment: a pure function from a rule pack and answers to a result.

Order of precedence, which is the safety argument of the tool:
1. red flags: a triggered warning sign sets at least its level, whatever else is true;
2. triage rules (e.g. daily cramps need a doctor), which may read the likely cause;
3. causes, ranked by transparent scores; ties go to the cause written first in the pack.

Advice follows the level, never the other way round: a warning sign or rule may leave
out advice it makes unsafe (``suppress_advice``), an item is left out for whom it could
harm (``avoid_if``), and advice for some people (``additional_advice``) is added
whatever the cause.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import import_module

from spasmcheck.pack import qtypes
from spasmcheck.pack.conditions import UNKNOWN, Answer, Condition, Truth
from spasmcheck.pack.levels import LEVELS, urgency
from spasmcheck.pack.model import Advice, Question, Source
from spasmcheck.pack.rulepack import RulePack

from .result import (
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


def complete(pack: RulePack, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """Every question of the pack with its answer, ``unknown`` where none was given."""
    return {q.id: answers.get(q.id, UNKNOWN) for q in pack.questions}


def assess(
    pack: RulePack, answers: Mapping[str, Answer], *, stopped_early: bool = False
) -> Assessment:
    """Assess normalised answers (see ``spasmcheck.parse_answers``) against a pack.

    Answers not in normal form (``True``, ``"Y"``, ``"3"``, a misspelt id) are passed
    through ``parse_answers`` first, so they count as they would on the command line or
    raise ``UsageError``; compared raw, ``True`` would silently not be ``"yes"`` and a
    warning sign would be missed.
    """
    return assess_parsed(pack, _normalised(pack, answers), stopped_early=stopped_early)


def assess_parsed(
    pack: RulePack,
    answers: Mapping[str, Answer],
    *,
    stopped_early: bool = False,
    details: bool = True,
) -> Assessment:
    """``assess`` of answers exactly as ``parse_answers`` returns them, not checked again
    (batch mode has just parsed them: checking costs a fifth of an assessment).

    ``details=False`` leaves out what only a reader of the advice or of the unsure warning
    signs needs (both empty): a batch asking for neither (``--fields``) skips their cost.
    Triage, red flags, rules and causes are always whole."""
    full = complete(pack, answers)
    sources = pack.sources
    flags: list[FiredRedFlag] = []
    unsure: list[UnsureRedFlag] = []
    suppressed: set[str] = set()
    for flag in pack.red_flags:
        holds = flag.when.test(full, None)
        if holds is True:
            flags.append(
                FiredRedFlag(
                    flag.id, flag.level, flag.title, flag.advice, sources[flag.source], flag.codes
                )
            )
            suppressed.update(flag.suppress_advice)
        elif holds is None and details and _applies(pack, flag.when, full):
            what = flag.if_unsure or flag.advice
            unsure.append(UnsureRedFlag(flag.id, flag.level, flag.title, what))
    flags.sort(key=lambda f: -urgency(f.level))  # stable: written order among equals
    unsure.sort(key=lambda f: -urgency(f.level))
    causes = _score(pack, full)
    best = causes[0] if causes else None
    threshold = pack.info.likely_threshold
    likely = best if best is not None and best.score > 0 and best.score >= threshold else None
    likely_id = likely.id if likely is not None else None
    rules: list[FiredRule] = []
    for rule in pack.triage_rules:
        if rule.when.test(full, likely_id) is True:
            rules.append(FiredRule(rule.id, rule.level, rule.reason, sources[rule.source]))
            suppressed.update(rule.suppress_advice)
    rules.sort(key=lambda r: -urgency(r.level))
    setters: list[FiredRedFlag | FiredRule] = [*flags, *rules]
    setters.sort(key=lambda s: -urgency(s.level))
    level = setters[0].level if setters else LEVELS[0]
    holder = pack.general_advice if likely_id is None else pack.cause(likely_id)
    extra = [a for a in pack.additional_advice if details and a.when.test(full, likely_id) is True]

    def advice(kind: str) -> tuple[CitedAdvice, ...]:
        if kind in suppressed or not details:
            return ()
        items = [*getattr(holder, kind), *(i for a in extra for i in getattr(a, kind))]
        return _cite(pack, full, items)

    return Assessment(
        triage=Triage(level, tuple(s.id for s in setters)),
        red_flags=tuple(flags),
        triage_rules=tuple(rules),
        causes=tuple(causes),
        likely_cause=likely_id,
        immediate_relief=advice("relief"),
        prevention=advice("prevention"),
        see_professional=advice("see_professional"),
        answers=full,
        unanswered=tuple(q for q in full if q not in answers),
        disclaimer=pack.info.disclaimer,
        likely_threshold=threshold,
        stopped_early=stopped_early,
        unsure_red_flags=tuple(unsure),
        provenance=provenance(pack),
    )


ENGINE_VERSION: str = import_module("spasmcheck").__version__
"""``spasmcheck.__version__``, read without a static import: mypy trips over the cycle
``spasmcheck`` -> ``engine`` -> ``spasmcheck`` (the package is loaded already)."""


def provenance(pack: RulePack) -> Provenance:
    """The pack's name, version and SHA-256 (hashed once, at load) and the engine's version."""
    return Provenance(pack.info.name, pack.info.version, pack.sha256, ENGINE_VERSION)


def _normalised(pack: RulePack, answers: Mapping[str, Answer]) -> Mapping[str, Answer]:
    """``answers`` if every one is already in normal form (the usual case, checked
    cheaply), else ``parse_answers(pack, answers)``."""
    index = pack.question_index
    if isinstance(answers, Mapping):
        for key, value in answers.items():
            question = index.get(key) if type(key) is str else None
            if question is None or not qtypes.for_question(question).is_normal(question, value):
                break
        else:
            return answers
    from .answers import parse_answers

    return parse_answers(pack, answers)


def is_asked(question: Question, answers: Mapping[str, Answer]) -> Truth:
    """True if the question applies, False if it cannot, None while that is not yet known."""
    if question.ask_if is None:
        return True
    return question.ask_if.test(answers, None)


def _applies(pack: RulePack, condition: Condition, full: Mapping[str, Answer]) -> bool:
    """Whether an unknown warning sign was one to ask about: some question it reads is
    unanswered and could have been asked (a pregnancy sign is not unknown when the
    person is not pregnant: it does not apply)."""
    index = pack.question_index
    return any(
        full[q] == UNKNOWN and is_asked(index[q], full) is not False for q in condition.reads
    )


def _score(pack: RulePack, full: Mapping[str, Answer]) -> list[CauseScore]:
    """Every cause with its score and the evidence that counted, best first."""
    scored = []
    for cause in pack.causes:
        items = []
        applies = cause.only_if is None or cause.only_if.test(full, None) is True
        for evidence in cause.evidence if applies else ():
            if evidence.when.test(full, None) is True:
                read = {q: full.get(q, UNKNOWN) for q in evidence.when.reads}
                first = next(iter(read), "")
                answer = read.get(first, UNKNOWN)
                items.append(EvidenceItem(first, answer, evidence.weight, evidence.because, read))
        score: float = 0
        for item in items:
            score += item.weight
        scored.append(CauseScore(cause.id, cause.name, score, tuple(items), cause.codes))
    # sorted() is stable, so equal scores keep the pack's written order: the stated tie rule.
    scored.sort(key=lambda c: -c.score)
    return scored


def _cite(
    pack: RulePack, full: Mapping[str, Answer], advice: Iterable[Advice]
) -> tuple[CitedAdvice, ...]:
    """Advice with its source, leaving out each item whose ``avoid_if`` holds; each text
    once, in order, as a cause and additional advice may say the same thing."""
    shown: dict[str, CitedAdvice] = {}
    for item in advice:
        if item.avoid_if is not None and item.avoid_if.test(full, None) is True:
            continue
        if item.text not in shown:
            shown[item.text] = _cited(item.text, pack.sources[item.source])
    return tuple(shown.values())


_CITED: dict[tuple[str, Source], CitedAdvice] = {}
"""Each piece of advice with its source, made once: advice is the same for every answer
set, and building it again cost a third of an assessment in batch runs. Keyed by the
text and the source itself (not its id), so a pack that redefines a source never gets
another pack's."""


def _cited(text: str, source: Source) -> CitedAdvice:
    cited = _CITED.get((text, source))
    if cited is None:
        cited = CitedAdvice(text, source)
        if len(_CITED) < 10_000:  # a few packs' worth; beyond that, build as needed
            _CITED[text, source] = cited
    return cited
