"""Triage levels, least urgent first: the one ordering every rule and result uses."""

from typing import Literal

Level = Literal["emergency", "urgent", "see_doctor", "self_care"]
LEVELS: tuple[Level, ...] = ("self_care", "see_doctor", "urgent", "emergency")
"""Triage levels, least urgent first, so a level's index is its urgency."""


def urgency(level: str) -> int:
    """Rank of a level, higher is more urgent."""
    return LEVELS.index(level)
