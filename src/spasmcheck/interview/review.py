"""The deciding half of the "check your answers" screen (like NHS 111's), before the summary.

It lists the steps answered in the interview, in the order asked, and changes one by
going back to it with the interview's own ``back``: every answer given after it is
undone, so a follow-up that no longer applies is dropped with it. The replies undone are
remembered, and a step asked again afterwards with nothing changed about it takes its
remembered reply without asking; only what the change made new is asked.
Answers given on the command line are not listed: they were not asked.
"""

from __future__ import annotations

from spasmcheck.words import CHECK_GROUP

from .flow import Done, Group, Interview, Reply, Step


def answered(interview: Interview) -> list[tuple[str, str]]:
    """(what was asked, the answer in words) for each step answered, in order."""
    return [(_label(done.step), done.shown) for done in interview.history]


def _label(step: Step) -> str:
    if isinstance(step, Group):
        if step.level is None:  # a pack list: name what it asked about
            return "Any of: " + ", ".join(q.short or q.text for q in step.questions) + "?"
        return CHECK_GROUP.get(step.level, "Any of these warning signs")
    return step.question.text


def change(interview: Interview, number: int) -> list[Done]:
    """Go back to step ``number`` (1-based) so that it is asked next, with its answer
    offered again; return the later steps' replies, undone, for ``replay``."""
    if not 1 <= number <= len(interview.history):
        raise ValueError(f"no answer {number} to change")
    later: list[Done] = []
    while len(interview.history) > number:
        later.append(interview.history[-1])
        interview.back()
    interview.back()
    return later[::-1]


def replay(interview: Interview, step: Step, later: list[Done]) -> bool:
    """Answer ``step`` with its remembered reply, if it has one and is not being asked
    again on purpose (``back``); True when it did."""
    if interview.previous_answer() is not None:
        return False
    done = next((d for d in later if d.step == step), None)
    if done is None:
        return False
    later.remove(done)
    # A remembered reply was valid for its step, so it is valid again: ANSWERED.
    return interview.reply(step, str(done.value)) is Reply.ANSWERED
