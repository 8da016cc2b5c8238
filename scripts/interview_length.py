"""How long the interview is for a few typical people, against a budget (issue #15).

Usage: python scripts/interview_length.py [--whole] [RULES_FOLDER ...]

Each persona is an answer sheet: the answers given, and "no" (yes/no questions) or the
first option (choice questions) to everything else. The interview is driven through
``spasmcheck.interview.Interview``, exactly as at a terminal, and two numbers are
reported: *steps* (screens the person answers; a list is one step) and
*questions* (questions answered, each question on a list counted). ``--whole`` counts the
questionnaire as it was before questions could be skipped or grouped: every question whose
``ask_if`` holds, in order (the warning signs still in their lists). Rule folders are
loaded on top of the built-in pack, as ``--rules``.
Exits 1 when a persona needs more steps than its budget.
Pure library use: no CLI, no Rich.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import NamedTuple

from spasmcheck import load_rules
from spasmcheck.engine import next_in_order, next_question
from spasmcheck.interview import Group, Interview
from spasmcheck.interview.flow import Step
from spasmcheck.pack.conditions import Answer
from spasmcheck.pack.rulepack import RulePack


class Persona(NamedTuple):
    """A typical person: what they answer, and the most steps their interview may take."""

    name: str
    answers: Mapping[str, Answer]
    budget: int


ADULT = {"age_group": "16_to_64", "cramp_location": "leg_or_foot"}
PERSONAS = (
    Persona(
        "calf cramp after a run (self-care)",
        {**ADULT, "recent_strenuous_exercise": "yes", "during_or_after_exercise": "yes"},
        9,
    ),
    Persona(
        "night calf cramps at 70 (self-care)",
        {**ADULT, "age_group": "65_or_over", "night_cramps": "yes", "frequency": "occasional"},
        10,
    ),
    Persona("saddle numbness (emergency)", {"age_group": "16_to_64", "saddle_numbness": "yes"}, 4),
    Persona("stroke signs (emergency)", {"age_group": "16_to_64", "stroke_signs": "yes"}, 8),
)
"""The budgets are today's counts: a change that lengthens an interview fails the test."""


def sheet(pack: RulePack, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """``answers``, and "no" or the first option to every other question."""
    rest = {q.id: q.options[0].id if q.options else "no" for q in pack.questions}
    return {**rest, **answers}


def reply(step: Step, answers: Mapping[str, Answer]) -> str:
    """What the person types: to a list, "no" only when each question on it is answered
    "no", "yes" when one is "yes", else "don't know" (Enter; then each in turn); to a
    question, their answer."""
    if isinstance(step, Group):
        given = {answers[q.id] for q in step.questions}
        return "n" if given == {"no"} else "y" if "yes" in given else ""
    return str(answers[step.question.id])


def walk(pack: RulePack, answers: Mapping[str, Answer], *, whole: bool = False) -> Interview:
    """The finished interview of a person who answers as ``answers`` says."""
    person = sheet(pack, answers)
    asking = next_in_order if whole else next_question
    state = Interview(pack, {}, asking=asking, grouped=not whole)
    while (step := state.current()) is not None:
        state.reply(step, reply(step, person))
    return state


def length(state: Interview) -> tuple[int, int]:
    """(steps, questions) of a finished interview: a list answered "no" answers each of
    its questions; a list answered otherwise answers none (each is then asked alone)."""
    questions = 0
    for done in state.history:
        if not isinstance(done.step, Group):
            questions += 1
        elif done.value == "no":
            questions += len(done.step.questions)
    return len(state.history), questions


def main(argv: list[str]) -> int:
    """Print a Markdown table of steps and questions per persona; 1 if over budget."""
    whole = "--whole" in argv
    pack = load_rules(*(a for a in argv if a != "--whole"))
    print("| persona | steps | questions | budget |")
    print("| --- | ---: | ---: | ---: |")
    over = 0
    for persona in PERSONAS:
        steps, questions = length(walk(pack, persona.answers, whole=whole))
        over += steps > persona.budget
        print(f"| {persona.name} | {steps} | {questions} | {persona.budget} |")
    return 1 if over and not whole else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
