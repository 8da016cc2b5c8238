"""``--format markdown``: a report a person can paste into a message to their doctor."""

from __future__ import annotations

from spasmcheck.engine.result import Assessment, CitedAdvice
from spasmcheck.pack.conditions import UNKNOWN
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
    levels,
    provenance_line,
    runner_ups,
    shows_self_care,
    strength,
)


def escape(text: str) -> str:
    """Rule text is not Markdown: keep characters that would restyle it literal."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _link(text: str, url: str) -> str:
    """A link whose text and address cannot break out of the Markdown around them."""
    return f"[{escape(text)}](<{url.replace('<', '%3C').replace('>', '%3E')}>)"


def _items(items: tuple[CitedAdvice, ...]) -> list[str]:
    return [f"- {escape(a.text)} ({_link(a.source.label, a.source.url)})" for a in items]


def render(assessment: Assessment, *, region: Region | None = None) -> str:
    """The report as Markdown text."""
    level = levels(region)[assessment.triage.level]
    lines = [
        "# spasmcheck self-assessment",
        "",
        f"**Urgency: {level.word}** ({level.symbol}). {escape(action(assessment, region))}",
        "",
        f"- {TITLES['when']}: {escape(level.when)}",
        f"- {TITLES['if_worse']}: {escape(level.if_worse)}",
    ]
    if assessment.stopped_early:
        lines += ["", f"_{STOPPED_EARLY}_"]
    if assessment.red_flags or assessment.triage_rules:
        lines += ["", f"## {TITLES['why']}", ""]
        lines += [
            f"- **{escape(f.title)}** ({LEVEL_TEXT[f.level].word}): {escape(f.advice)} "
            f"({_link(f.source.label, f.source.url)})"
            for f in assessment.red_flags
        ]
        lines += [
            f"- {LEVEL_TEXT[r.level].word}: {escape(r.reason)} "
            f"({_link(r.source.label, r.source.url)})"
            for r in assessment.triage_rules
        ]
    if not shows_self_care(assessment):
        lines += ["", f"**{EMERGENCY_FOCUS}**"]
        ending = ["", f"_{escape(assessment.disclaimer)}_", *_footer(assessment)]
        return "\n".join([*lines, *_answers(assessment), *ending])
    if assessment.unsure_red_flags:
        lines += ["", f"## {TITLES['unsure']}", "", UNSURE_INTRO, ""]
        lines += [
            f"- **{escape(u.title)}**: {escape(u.if_unsure)}" for u in assessment.unsure_red_flags
        ]
    lines += ["", f"## {TITLES['likely']}", ""]
    likely = assessment.likely
    if likely is None:
        lines.append(NO_CAUSE)
    else:
        evidence = strength(likely, assessment.likely_threshold)
        lines.append(f"**{escape(likely.name)}** ({evidence}), because:")
        lines.append("")
        for e in likely.evidence:
            sign = "for" if e.weight > 0 else "against"
            why = f": {escape(e.because)}" if e.because else ""
            lines.append(f"- {sign}: `{e.question}` = {e.answer}{why}")
    others = runner_ups(assessment)
    if others:
        lines += ["", f"{TITLES['also']}: " + ", ".join(escape(c.name) for c in others)]
    for title, items in advice_sections(assessment):
        lines += ["", f"## {title}", "", *_items(items)]
    lines += _answers(assessment)
    lines += ["", f"_{escape(assessment.disclaimer)}_"]
    return "\n".join(lines + _footer(assessment))


def _footer(assessment: Assessment) -> list[str]:
    """The provenance line (its own paragraph), then the final newline."""
    line = provenance_line(assessment)
    return ["", escape(line), ""] if line is not None else [""]


def _answers(assessment: Assessment) -> list[str]:
    """The answers given, for the doctor reading the report."""
    answered = {k: v for k, v in assessment.answers.items() if v != UNKNOWN}
    if not answered:
        return []
    return ["", f"## {TITLES['answers']}", "", *(f"- `{k}`: {v}" for k, v in answered.items())]
