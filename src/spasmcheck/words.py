"""Every sentence spasmcheck says that is not in a rule file, in one place.

Each output format and the interview take their words from here, so a level, a section
title or an emergency number reads the same in colour, plain text, Markdown and the
interview, and a translation has one seam: this module.
"""

from __future__ import annotations

from dataclasses import dataclass

EMERGENCY_NUMBERS = "999 (UK), 112 (Europe) or 911 (US)"


@dataclass(frozen=True)
class LevelText:
    """How a triage level is shown: never by colour alone."""

    symbol: str
    word: str
    action: str
    when: str
    """The time frame, as NHS 111 gives it."""
    if_worse: str
    """What to do if things change before then."""
    colour: str


LEVEL_TEXT = {
    "emergency": LevelText(
        "!!!",
        "EMERGENCY",
        f"Call emergency services now ({EMERGENCY_NUMBERS}) or go to the emergency department.",
        "Now. Do not drive yourself.",
        "Do not wait to see if it gets better.",
        "bold white on red",
    ),
    "urgent": LevelText(
        "!!",
        "URGENT",
        "See a doctor today: your GP, an urgent care centre, or NHS 111.",
        "Today. If you cannot get an appointment today, call NHS 111.",
        f"If it gets much worse, or a new warning sign appears, call {EMERGENCY_NUMBERS}.",
        "bold black on dark_orange",
    ),
    "see_doctor": LevelText(
        "!",
        "SEE A DOCTOR",
        "Book an appointment with a GP or physiotherapist.",
        "In the next few days, and within 2 weeks.",
        "If it gets worse before then, or a warning sign appears, get help today "
        "(your GP or NHS 111).",
        "bold black on yellow",
    ),
    "self_care": LevelText(
        "OK",
        "SELF-CARE",
        "You can look after this at home with the advice below.",
        "If it is not getting better within 2 weeks, see a GP.",
        "If it gets worse, or any warning sign appears, get help at once.",
        "bold black on green",
    ),
}

SELF_CARE_WITH_UNSURE_SIGNS = (
    "You can look after this at home for now, but you were not sure about some warning "
    "signs: check the list below."
)
"""Replaces the self-care action when warning signs were answered "don't know": a
summary with unanswered warning signs never says it is safe."""

EMERGENCY_FOCUS = "Self-care advice is left out on purpose: get emergency help first."
STOPPED_EARLY = "The questions stopped early because of a warning sign."
NO_CAUSE = "No single cause stands out from your answers, so the advice below is general."

TITLES = {
    "why": "Why this urgency",
    "unsure": "Warning signs you were not sure about",
    "likely": "Likely cause",
    "relief": "What to do now",
    "prevention": "To prevent the next one",
    "see_professional": "When to see a professional",
    "when": "When",
    "if_worse": "If things change",
    "answers": "Answers given",
    "also": "Also possible",
    "why_cause": "Why",
}
"""Section titles, shared by every format."""

UNSURE_INTRO = "If any of these turns out to apply:"

CHECKLIST_TITLE = {
    "emergency": "Warning signs first. Do any of these apply to you now?",
    "urgent": "Some more warning signs. Do any of these apply to you?",
}
"""The question over each grouped warning-sign list, by the level of its signs."""

CHECKLIST_HELP = {
    "emergency": f"Each of these can be an emergency: if one applies, call {EMERGENCY_NUMBERS}.",
    "urgent": "Each of these needs a doctor today, so they come before the other questions.",
    "see_doctor": "Each of these should be checked by a doctor, so they come first.",
    "self_care": "These help decide how soon to get help.",
}
"""What ``?`` says at a grouped list: true of every sign on it."""
