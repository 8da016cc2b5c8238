"""The interactive interview: the only place that prompts (to stderr, never stdout)."""

from __future__ import annotations

from .engine import next_question
from .errors import UsageError
from .model import Answer, RulePack


def run_interview(
    pack: RulePack, answers: dict[str, Answer], *, color: bool = False
) -> tuple[dict[str, Answer], bool]:
    """Ask until the engine names no more; return the answers and whether it stopped early."""
    if next_question(pack, answers) is None:
        return answers, False
    raise UsageError("the interactive interview is not available yet; use --no-input")
