"""What ``assess`` does with the diary: save a result when asked, and read it (never
create it) to suggest an answer to ``frequency``."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from .common import say

if TYPE_CHECKING:
    from spasmcheck.engine.result import Assessment
    from spasmcheck.pack.conditions import Answer
    from spasmcheck.pack.rulepack import RulePack
    from spasmcheck.words import Region

FREQUENCY = "frequency"
"""The pack's question the diary can answer (DESIGN.md, default pack ids)."""


def save_assessment(result: Assessment, pack: RulePack, region: Region) -> None:
    """Save ``result`` as a diary entry (making the diary if needed) and say where."""
    from spasmcheck.diary.entry import assessment_data
    from spasmcheck.diary.store import Diary

    with Diary.open_or_create() as diary:
        entry = diary.add(
            "assessment", datetime.now(timezone.utc), assessment_data(result, pack, region)
        )
        say(f"spasmcheck: saved to your diary as entry {entry.id} ({diary.path})")


def frequency_suggestion(
    pack: RulePack, answers: dict[str, Answer]
) -> dict[str, tuple[Answer, str]]:
    """``{"frequency": (choice, sentence)}`` when the diary holds episodes and the pack
    asks ``frequency`` with that choice, else nothing. A diary that cannot be read is
    named on stderr and otherwise ignored: the assessment goes on."""
    from spasmcheck.diary import DiaryError
    from spasmcheck.diary.store import Diary
    from spasmcheck.diary.trends import frequency

    question = pack.question_index.get(FREQUENCY)
    if question is None or FREQUENCY in answers or not Diary.exists():
        return {}
    try:
        with Diary.open(readonly=True) as diary:
            found = frequency(diary.entries(), datetime.now(timezone.utc))
    except DiaryError as error:
        say(f"spasmcheck: the diary was not read: {error}")
        return {}
    option = next((o for o in question.options if o.id == (found and found.choice)), None)
    if found is None or option is None:
        return {}
    weeks = found.days // 7
    sentence = (
        f"Your diary shows {found.episodes} episode(s) in the last {weeks} weeks: "
        f"{option.label.lower()}."
    )
    return {FREQUENCY: (option.id, sentence)}
