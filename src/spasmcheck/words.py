"""Every sentence spasmcheck says that is not in a rule file, in one place.

Each output format and the interview take their words from here, so a level, a section
title or an emergency number reads the same in colour, plain text, Markdown and the
interview, and a translation has one seam: this module.
"""

from __future__ import annotations

from typing import NamedTuple


class Region(NamedTuple):
    """Where the person is: the emergency number and the names of local services.

    Every sentence that names a number or a service is built from one of these; the
    command line decides which (``--region``, ``SPASMCHECK_REGION``, the locale)."""

    code: str
    name: str
    """The region in a word or two, as the welcome shows it."""
    emergency: str
    """The number to call in an emergency."""
    emergency_department: str
    gp: str
    """The family doctor, as in "see a GP"."""
    urgent_care: str
    """Where to go the same day without an appointment."""
    physio: str
    helpline: str | None
    """A health advice line to call, if the region has one everyone knows."""


REGIONS = {
    "uk": Region(
        "uk", "UK", "999", "A&E", "GP", "an urgent treatment centre", "physiotherapist", "NHS 111"
    ),
    "eu": Region(
        "eu",
        "Europe",
        "112",
        "the emergency department",
        "doctor",
        "an out-of-hours doctor",
        "physiotherapist",
        None,
    ),
    "us": Region("us", "US", "911", "the ER", "doctor", "urgent care", "physical therapist", None),
    "au": Region(
        "au",
        "Australia",
        "000",
        "the emergency department",
        "GP",
        "an after-hours GP",
        "physiotherapist",
        "healthdirect (1800 022 222)",
    ),
}
"""The regions spasmcheck knows, by the code ``--region`` takes."""

DEFAULT_REGION = "uk"
"""The region when neither an option, the environment nor the locale says (the built-in
rules follow UK sources)."""


class LevelText(NamedTuple):
    """How a triage level is shown: never by colour alone."""

    symbol: str
    word: str
    action: str
    when: str
    """The time frame, as NHS 111 gives it."""
    if_worse: str
    """What to do if things change before then."""
    colour: str


def level_texts(region: Region) -> dict[str, LevelText]:
    """Each triage level's words, with the region's numbers and services."""
    r = region
    today = (
        f"call {r.helpline}" if r.helpline else f"go to {r.urgent_care}"
    )  # when no appointment today
    where = [f"your {r.gp}", r.urgent_care, *([r.helpline] if r.helpline else [])]
    places = f"{', '.join(where[:-1])} or {where[-1]}"
    return {
        "emergency": LevelText(
            "!!!",
            "EMERGENCY",
            f"Call emergency services now ({r.emergency}) or go to {r.emergency_department}.",
            "Now. Do not drive yourself.",
            "Do not wait to see if it gets better.",
            "bold white on red",
        ),
        "urgent": LevelText(
            "!!",
            "URGENT",
            f"See a doctor today: {places}.",
            f"Today. If you cannot get an appointment today, {today}.",
            f"If it gets much worse, or a new warning sign appears, call {r.emergency}.",
            # orange1, not dark_orange: a 16-colour terminal shows it bright yellow, where
            # dark_orange became bright red, a second red beside EMERGENCY's
            "bold black on orange1",
        ),
        "see_doctor": LevelText(
            "!",
            "SEE A DOCTOR",
            f"Book an appointment with a {r.gp} or {r.physio}.",
            "In the next few days, and within 2 weeks.",
            "If it gets worse before then, or a warning sign appears, get help today "
            f"(your {r.gp}{f' or {r.helpline}' if r.helpline else ''}).",
            "bold black on yellow",
        ),
        "self_care": LevelText(
            "OK",
            "SELF-CARE",
            "You can look after this at home with the advice below.",
            f"If it is not getting better within 2 weeks, see a {r.gp}.",
            "If it gets worse, or any warning sign appears, get help at once.",
            "bold black on green",
        ),
    }


LEVEL_TEXT = level_texts(REGIONS[DEFAULT_REGION])
"""The levels' words in the default region (symbols, words and colours are the same in
every region)."""

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
    "checked_by_gp": "These should be checked by a GP",
}
"""Section titles, shared by every format."""

UNSURE_INTRO = "If any of these turns out to apply:"
PROVENANCE = "Rules: {name} {version}, sha256 {sha256}, engine {engine}"
"""The one-line footer of the human formats; the JSON carries the full hash."""

CHECKLIST_TITLE = {
    "emergency": "Warning signs first. Do any of these apply to you now?",
    "urgent": "Some more warning signs. Do any of these apply to you?",
}
"""The question over each grouped warning-sign list, by the level of its signs."""

CHECK_TITLE = "Check your answers"
CHECK_INTRO = "Before your summary, check what you told us."
CHECK_GROUP = {
    "emergency": "Any of the first list of warning signs?",
    "urgent": "Any of the second list of warning signs?",
}
"""How the check-your-answers screen names a grouped warning-sign list's reply."""


def checklist_help(region: Region) -> dict[str, str]:
    """What ``?`` says at a grouped list, by the level of its signs: true of every sign on it."""
    return {
        "emergency": f"Each of these can be an emergency: if one applies, call {region.emergency}.",
        "urgent": "Each of these needs a doctor today, so they come before the other questions.",
        "see_doctor": "Each of these should be checked by a doctor, so they come first.",
        "self_care": "These help decide how soon to get help.",
    }


def region_line(region: Region) -> str:
    """The welcome's line on where the numbers are for, and how to change it."""
    advice = f", {region.helpline} for advice" if region.helpline else ""
    return (
        f"Region: {region.name} ({region.emergency} for emergencies{advice}). "
        "Elsewhere? Use --region uk, eu, us or au."
    )
