"""``--format plain``: the summary as plain text, no colour, readable by a screen reader."""

from __future__ import annotations

import textwrap

from spasmcheck.engine.result import Assessment, CitedAdvice
from spasmcheck.words import EMERGENCY_FOCUS, LEVEL_TEXT, runner_ups, self_care_shown, strength


def render(assessment: Assessment, *, width: int = 80) -> str:
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

    def advice(title: str, items: tuple[CitedAdvice, ...]) -> None:
        if not items:
            return
        out.append("")
        out.append(title)
        for item in items:
            para(f"{item.text} [{item.source.label}]", "    ", "  - ")

    level = LEVEL_TEXT[assessment.triage.level]
    out.append(f"[{level.symbol}] {level.word}")
    para(level.action)
    if assessment.stopped_early:
        para("The questions stopped early because of the warning sign below.")
    for flag in assessment.red_flags:
        out.append("")
        para(f"Warning sign ({LEVEL_TEXT[flag.level].word}): {flag.title}")
        para(f"{flag.advice} [{flag.source.label}]", "    ", "  ")
    for rule in assessment.triage_rules:
        out.append("")
        para(f"{rule.reason} [{rule.source.label}]", "    ", f"{LEVEL_TEXT[rule.level].word}: ")

    out.append("")
    if not self_care_shown(assessment):
        para(EMERGENCY_FOCUS)
        out.append("")
        para(assessment.disclaimer)
        return "\n".join(out) + "\n"
    likely = assessment.likely
    if likely is not None:
        para(f"Likely cause: {likely.name} ({strength(likely, assessment.likely_threshold)})")
        for e in likely.evidence:
            sign = "+" if e.weight > 0 else "-"
            why = f": {e.because}" if e.because else ""
            para(f"{e.question} = {e.answer}{why}", "      ", f"  {sign} ")
    else:
        para("No single cause stands out from your answers.")
    others = runner_ups(assessment)
    if others:
        para("Also possible: " + ", ".join(f"{c.name} (score {c.score:g})" for c in others))

    advice("What to do now:", assessment.immediate_relief)
    advice("To prevent the next one:", assessment.prevention)
    advice("When to see a professional:", assessment.see_professional)
    out.append("")
    para(assessment.disclaimer)
    return "\n".join(out) + "\n"
