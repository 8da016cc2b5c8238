"""``--format markdown``: a report a person can paste into a message to their doctor."""

from __future__ import annotations

from spasmcheck.engine.result import Assessment, CitedAdvice
from spasmcheck.words import EMERGENCY_FOCUS, LEVEL_TEXT, runner_ups, self_care_shown, strength


def _escape(text: str) -> str:
    """Rule text is not Markdown: keep characters that would restyle it literal."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _advice(title: str, items: tuple[CitedAdvice, ...]) -> list[str]:
    if not items:
        return []
    lines = ["", f"## {title}", ""]
    lines += [f"- {_escape(a.text)} ([{_escape(a.source.label)}]({a.source.url}))" for a in items]
    return lines


def render(assessment: Assessment) -> str:
    level = LEVEL_TEXT[assessment.triage.level]
    lines = [
        "# spasmcheck self-assessment",
        "",
        f"**Urgency: {level.word}** ({level.symbol}). {level.action}",
    ]
    if assessment.red_flags:
        lines += ["", "## Warning signs", ""]
        lines += [
            f"- **{_escape(f.title)}** ({LEVEL_TEXT[f.level].word}): {_escape(f.advice)}"
            for f in assessment.red_flags
        ]
    for rule in assessment.triage_rules:
        lines += ["", f"- {LEVEL_TEXT[rule.level].word}: {_escape(rule.reason)}"]
    if not self_care_shown(assessment):
        lines += ["", f"**{EMERGENCY_FOCUS}**"]
        return "\n".join(
            [*lines, *_answers(assessment), "", f"_{_escape(assessment.disclaimer)}_", ""]
        )
    lines += ["", "## Likely cause", ""]
    likely = assessment.likely
    if likely is None:
        lines.append("No single cause stands out from the answers.")
    else:
        evidence = strength(likely, assessment.likely_threshold)
        lines.append(f"**{_escape(likely.name)}** ({evidence}), because:")
        lines.append("")
        for e in likely.evidence:
            sign = "for" if e.weight > 0 else "against"
            why = f": {_escape(e.because)}" if e.because else ""
            lines.append(f"- {sign}: `{e.question}` = {e.answer}{why}")
    others = runner_ups(assessment)
    if others:
        lines += ["", "Also possible: " + ", ".join(_escape(c.name) for c in others)]
    lines += _advice("What to do now", assessment.immediate_relief)
    lines += _advice("Preventing the next one", assessment.prevention)
    lines += _advice("When to see a professional", assessment.see_professional)
    lines += _answers(assessment)
    lines += ["", f"_{_escape(assessment.disclaimer)}_", ""]
    return "\n".join(lines)


def _answers(assessment: Assessment) -> list[str]:
    """The answers given, for the doctor reading the report."""
    answered = {k: v for k, v in assessment.answers.items() if v != "unknown"}
    if not answered:
        return []
    return ["", "## Answers given", "", *(f"- `{k}`: {v}" for k, v in answered.items())]
