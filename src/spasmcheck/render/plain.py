"""``--format plain``: the summary as plain text, no colour, readable by a screen reader."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

from spasmcheck.engine.result import Assessment
from spasmcheck.pack.levels import urgency
from spasmcheck.words import (
    EMERGENCY_FOCUS,
    LEVEL_TEXT,
    NO_CAUSE,
    STOPPED_EARLY,
    TITLES,
    UNSURE_INTRO,
    Region,
)

from .summary import (
    action,
    advice_sections,
    answer_words,
    grouped_reasons,
    levels,
    provenance_line,
    recap,
    runner_ups,
    shows_self_care,
    strength,
)

if TYPE_CHECKING:
    from spasmcheck.pack.rulepack import RulePack


def render(
    assessment: Assessment,
    *,
    width: int = 80,
    region: Region | None = None,
    pack: RulePack | None = None,
) -> str:
    """The summary as plain text wrapped to ``width`` columns; answers worded from
    ``pack`` (``summary.answer_words``)."""
    width = max(width, 40)
    out: list[str] = []

    def para(text: str, indent: str = "", first: str | None = None) -> None:
        out.extend(
            textwrap.wrap(
                text,
                width,
                initial_indent=indent if first is None else first,
                subsequent_indent=indent,
            )
            or [""]
        )

    level = levels(region)[assessment.triage.level]
    out.append(f"[{level.symbol}] {level.word}")
    para(action(assessment, region))
    para(f"{TITLES['when']}: {level.when}")
    para(f"{TITLES['if_worse']}: {level.if_worse}")
    if assessment.stopped_early:
        para(STOPPED_EARLY)
    for flag in assessment.red_flags:
        out.append("")
        para(f"Warning sign ({LEVEL_TEXT[flag.level].word}): {flag.title}")
        para(f"{flag.advice} [{flag.source.label}]", "    ", "  ")
    alone, together = grouped_reasons(assessment)
    for rule in alone:
        out.append("")
        para(f"{rule.reason} [{rule.source.label}]", "    ", f"{LEVEL_TEXT[rule.level].word}: ")
    if together:
        out.append("")
        most = max((r.level for _, r in together), key=urgency)
        para(f"{LEVEL_TEXT[most].word}: {TITLES['checked_by_gp']}:")
        for why, rule in together:
            para(f"{why} [{rule.source.label}]", "    ", "  - ")

    out.append("")
    if not shows_self_care(assessment):
        para(EMERGENCY_FOCUS)
        out.append("")
        para(assessment.disclaimer)
        _footer(assessment, para)
        out.append("")
        para(recap(assessment, region))
        return "\n".join(out) + "\n"
    if assessment.unsure_red_flags:
        out.append(f"{TITLES['unsure']}:")
        para(UNSURE_INTRO, "  ")
        for unsure in assessment.unsure_red_flags:
            para(f"{unsure.title}: {unsure.if_unsure}", "    ", "  - ")
        out.append("")
    likely = assessment.likely
    if likely is not None:
        para(f"Likely cause: {likely.name} ({strength(likely, assessment.likely_threshold)})")
        for e in likely.evidence:
            sign = "+" if e.weight > 0 else "-"
            said = answer_words(e.question, e.answer, pack)
            para(f"{e.because} ({said})" if e.because else said, "      ", f"  {sign} ")
    else:
        para(NO_CAUSE)
    others = runner_ups(assessment)
    if others:
        names = "; ".join(f"{c.name}: {strength(c, assessment.likely_threshold)}" for c in others)
        para(f"{TITLES['also']}: {names}")
    for title, items in advice_sections(assessment):
        out.append("")
        out.append(f"{title}:")
        for item in items:
            para(f"{item.text} [{item.source.label}]", "    ", "  - ")
    out.append("")
    para(assessment.disclaimer)
    _footer(assessment, para)
    out.append("")
    para(recap(assessment, region))
    return "\n".join(out) + "\n"


def _footer(assessment: Assessment, para: Callable[[str], None]) -> None:
    """The provenance line, wrapped like the rest (nothing when it is not known)."""
    line = provenance_line(assessment)
    if line is not None:
        para(line)
