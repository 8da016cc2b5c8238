"""What every human-readable format shows, decided once: the formats only draw it.

Which sections appear, what the level's action says, how strong a cause's evidence is
and which runner-ups are worth naming are decisions about content, not layout, so the
rich, plain and Markdown summaries cannot disagree about them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spasmcheck.engine.result import Assessment, CauseScore, CitedAdvice, FiredRule
from spasmcheck.pack import qtypes
from spasmcheck.pack.conditions import UNKNOWN, Answer
from spasmcheck.words import (
    LEVEL_TEXT,
    PROVENANCE,
    SELF_CARE_WITH_UNSURE_SIGNS,
    TITLES,
    LevelText,
    Region,
    level_texts,
)

if TYPE_CHECKING:
    from spasmcheck.pack.rulepack import RulePack


def shows_self_care(assessment: Assessment) -> bool:
    """Whether to show causes and self-care advice: not in an emergency, where stretching
    tips under a "call 999" banner could only distract or falsely reassure. (The JSON
    keeps every key, for scripts.)"""
    return assessment.triage.level != "emergency"


def levels(region: Region | None) -> dict[str, LevelText]:
    """The levels' words for ``region`` (the default region's when ``None``)."""
    return LEVEL_TEXT if region is None else level_texts(region)


def action(assessment: Assessment, region: Region | None = None) -> str:
    """What to do, for the level; never "look after it at home" without a caveat while
    warning signs are unanswered."""
    level = assessment.triage.level
    if level == "self_care" and assessment.unsure_red_flags:
        return SELF_CARE_WITH_UNSURE_SIGNS
    return levels(region)[level].action


def strength(cause: CauseScore, threshold: float) -> str:
    """Evidence strength in words, relative to the pack's threshold for naming a cause."""
    if cause.score >= 2 * threshold:
        return "strong evidence"
    if cause.score >= threshold:
        return "moderate evidence"
    return "weak evidence"


RUNNER_UPS = 2
"""At most this many other causes are named: more would bury the likely one."""


def runner_ups(assessment: Assessment) -> list[CauseScore]:
    """The next causes with some evidence for them, for a brief "also possible" line."""
    others = [c for c in assessment.causes if c.id != assessment.likely_cause and c.score > 0]
    return others[:RUNNER_UPS]


def advice_sections(assessment: Assessment) -> list[tuple[str, tuple[CitedAdvice, ...]]]:
    """(title, items) of each advice section that has something to say, in order."""
    sections = [
        (TITLES["relief"], assessment.immediate_relief),
        (TITLES["prevention"], assessment.prevention),
        (TITLES["see_professional"], assessment.see_professional),
    ]
    return [(title, items) for title, items in sections if items]


SHORT_HASH = 12
"""Hex digits of the pack's SHA-256 in the human formats' footer: 48 bits tell packs
apart and keep the line short; the JSON carries all 64."""


def provenance_line(assessment: Assessment) -> str | None:
    """The footer naming the rules and engine behind the result (None if not known)."""
    p = assessment.provenance
    if p is None:
        return None
    return PROVENANCE.format(
        name=p.name, version=p.version, sha256=p.sha256[:SHORT_HASH], engine=p.engine_version
    )


def recap(assessment: Assessment, region: Region | None = None) -> str:
    """The one line a summary ends with, so the verdict is on screen at its bottom even
    when its box has scrolled off an 80x24 terminal: level, likely cause, time frame."""
    level = levels(region)[assessment.triage.level]
    likely = assessment.likely
    cause = (
        f" Likely cause: {likely.name}."
        if likely is not None and shows_self_care(assessment)
        else ""
    )
    return f"Result: {level.word} ({level.symbol}).{cause} {level.when}"


def answer_words(question_id: str, answer: Answer, pack: RulePack | None) -> str:
    """An answer as a person reads it: the question's short label (or its wording) and
    the answer in words ("yes", an option's label, "don't know"). Ids are for JSON and
    ``--explain``; only a summary made without its pack falls back to the id."""
    question = pack.question_index.get(question_id) if pack is not None else None
    if question is None:
        shown = "don't know" if answer == UNKNOWN else str(answer)
        return f"{question_id}: {shown}"
    label = question.short or question.text
    shown = qtypes.for_question(question).shown(question, answer)
    return f"{label} {shown}" if label.endswith("?") else f"{label}: {shown}"


GP_CHECK = re.compile(r",?\s+(?:should be checked by a GP|are worth checking with a GP)(?=[.,;])")
"""The advice that several triage rules' reasons end in: said once over them, as
``TITLES["checked_by_gp"]``, when two or more of them fire."""


def grouped_reasons(
    assessment: Assessment,
) -> tuple[tuple[FiredRule, ...], tuple[tuple[str, FiredRule], ...]]:
    """The triage rules that fired: (those said as written, those said under one "should
    be checked by a GP" line, each as (its reason without that phrase, the rule)).

    Only the phrase is taken out: everything else a reason says (what else to do, when to
    call 999) stays, with its source; a single such rule is said as written."""
    matching = [r for r in assessment.triage_rules if GP_CHECK.search(r.reason)]
    if len(matching) < 2:
        return assessment.triage_rules, ()
    grouped = {r.id for r in matching}
    alone = tuple(r for r in assessment.triage_rules if r.id not in grouped)
    return alone, tuple((GP_CHECK.sub("", r.reason, count=1), r) for r in matching)
