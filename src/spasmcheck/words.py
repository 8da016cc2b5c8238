"""Words every format shares, so a level reads the same in colour, plain text or a screen reader."""

from __future__ import annotations

from dataclasses import dataclass

from .engine.result import Assessment, CauseScore


@dataclass(frozen=True)
class LevelText:
    symbol: str
    word: str
    action: str
    colour: str


LEVEL_TEXT = {
    "emergency": LevelText(
        "!!!",
        "EMERGENCY",
        "Call emergency services now (999 in the UK, 112 in Europe, 911 in the US) "
        "or go to the emergency department.",
        "bold white on red",
    ),
    "urgent": LevelText(
        "!!",
        "URGENT",
        "See a doctor today: your GP, an urgent care centre, or NHS 111.",
        "bold black on dark_orange",
    ),
    "see_doctor": LevelText(
        "!",
        "SEE A DOCTOR",
        "Book an appointment with a doctor or physiotherapist soon.",
        "bold black on yellow",
    ),
    "self_care": LevelText(
        "OK",
        "SELF-CARE",
        "This is likely safe to manage at home with the advice below.",
        "bold black on green",
    ),
}


EMERGENCY_FOCUS = "Self-care advice is left out on purpose: get emergency help first."


def self_care_shown(assessment: Assessment) -> bool:
    """Whether to show causes and self-care advice: not in an emergency, where stretching
    tips under a "call 999" banner could only distract or falsely reassure. (The JSON
    keeps every key, for scripts.)"""
    return assessment.triage.level != "emergency"


def strength(cause: CauseScore, threshold: float) -> str:
    """Evidence strength in words, relative to the pack's threshold for naming a cause."""
    if cause.score >= 2 * threshold:
        return "strong evidence"
    if cause.score >= threshold:
        return "moderate evidence"
    return "weak evidence"


def answer_text(value: object) -> str:
    return str(value)


def runner_ups(assessment: Assessment, limit: int = 2) -> list[CauseScore]:
    """The next causes with some evidence for them, for a brief "also possible" line."""
    return [c for c in assessment.causes if c.id != assessment.likely_cause and c.score > 0][:limit]
