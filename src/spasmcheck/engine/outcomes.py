"""How one outcome of an assessment is worked out from the compiled conditions: whether a
question could be asked, whether an unknown warning sign applies, a cause's score.

The engine's plan (``engine.plan``) calls these the first time it meets the answers an
outcome reads, and remembers the result; ``engine.assess`` reads the remembered ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module

from spasmcheck.pack.conditions import UNKNOWN, Answer, Condition, Truth
from spasmcheck.pack.model import Cause, Evidence, Question
from spasmcheck.pack.rulepack import RulePack

from .result import CauseScore, EvidenceItem

ENGINE_VERSION: str = import_module("spasmcheck").__version__
"""``spasmcheck.__version__``, read without a static import: mypy trips over the cycle
``spasmcheck`` -> ``engine`` -> ``spasmcheck`` (the package is loaded already)."""


def is_asked(question: Question, answers: Mapping[str, Answer]) -> Truth:
    """True if the question applies, False if it cannot, None while that is not yet known."""
    if question.ask_if is None:
        return True
    return question.ask_if.test(answers, None)


def applies(pack: RulePack, condition: Condition, full: Mapping[str, Answer]) -> bool:
    """Whether an unknown warning sign was one to ask about: some question it reads is
    unanswered and could have been asked (a pregnancy sign is not unknown when the
    person is not pregnant: it does not apply)."""
    index = pack.question_index
    return any(
        full[q] == UNKNOWN and is_asked(index[q], full) is not False for q in condition.reads
    )


def evidence_item(
    evidence: Evidence,
    full: Mapping[str, Answer],
    answers: Callable[[dict[str, Answer]], Mapping[str, Answer]] = dict,
) -> EvidenceItem:
    """A piece of evidence that counted, with the answers it read (``answers`` makes that
    mapping: ``engine.plan`` shares it, read-only)."""
    read = answers({q: full.get(q, UNKNOWN) for q in evidence.when.reads})
    first = next(iter(read), "")
    return EvidenceItem(first, read.get(first, UNKNOWN), evidence.weight, evidence.because, read)


def score_cause(
    cause: Cause,
    full: Mapping[str, Answer],
    item: Callable[[Evidence, Mapping[str, Answer]], EvidenceItem] = evidence_item,
) -> CauseScore:
    """A cause with its score and the evidence that counted (each made by ``item``)."""
    items = []
    applies = cause.only_if is None or cause.only_if.test(full, None) is True
    for evidence in cause.evidence if applies else ():
        if evidence.when.test(full, None) is True:
            items.append(item(evidence, full))
    score: float = 0
    for each in items:
        score += each.weight
    return CauseScore(cause.id, cause.name, score, tuple(items), cause.codes)
