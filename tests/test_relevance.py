"""The shortened interview ends where the whole questionnaire would (issue #15).

The interview skips a question once no answer to it can change the result
(``engine.relevance``). These properties check that promise on the built-in pack over
many answer paths, not only the cases someone thought of. A person is an *answer sheet*:
an answer for every question, given whenever it is asked. For each sheet:

1. the shortened interview and the whole questionnaire (every question in the pack's
   order whose ``ask_if`` holds, as before issue #15), both driven through ``Interview``,
   end with the same triage level; unless that is an emergency (both stop at once, and
   the stop may come at a different sign), also with the same red flags, likely cause
   and advice;
2. the counter ("question N of at most M") is honest and stable: M never grows from one
   step to the next, and no interview runs past it.

Sheets are drawn by Hypothesis, deterministically (``derandomize=True``), as in
tests/test_monotonic.py: warning signs are "yes" only now and then, or nearly every sheet
would be an emergency and the rest of the pack would go untested. The full runs (300
sheets, every rule case) are ``slow``; the quick loop checks a few of each.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasmcheck import assess, parse_answers
from spasmcheck.engine import next_in_order, next_question
from spasmcheck.engine.possible import values
from spasmcheck.interview import Group, Interview
from spasmcheck.pack.conditions import UNKNOWN, Answer
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.pack.ruletests import Case

from .helpers import builtin_pack, load_script, rule_case_params, rule_cases

ROOT = Path(__file__).resolve().parents[1]
PACK: RulePack = builtin_pack()
RED_FLAG_IDS = {r.id for r in PACK.red_flags}
EXAMPLES = int(os.environ.get("RELEVANCE_EXAMPLES", 300))
"""Sheets in the full (slow) run; the quick loop checks ``SAMPLE`` of them."""
SAMPLE = 10


SCRIPT = load_script("interview_length")
"""scripts/interview_length.py: the personas, and what a person types."""


def run(
    sheet: Mapping[str, Answer], *, whole: bool = False, replies: dict[str, int] | None = None
) -> tuple[dict[str, Answer], list]:
    """The interview driven by ``sheet``: its answers and the (N, M) shown at each step.
    ``whole`` asks every question, as the interview did before issue #15. ``replies``
    counts how often the pack's lists were answered "y", "n" and "" (don't know)."""
    shown = []
    asking = next_in_order if whole else next_question
    state = Interview(PACK, {}, asking=asking, grouped=not whole)
    while (step := state.current()) is not None:
        if not whole:
            shown.append(state.progress())
        assert len(state.history) < 200, "the interview does not end"
        typed = SCRIPT.reply(step, sheet)
        if isinstance(step, Group) and step.level is None and replies is not None:
            replies[typed] = replies.get(typed, 0) + 1
        state.reply(step, typed)
    return state.answers, shown


def outcome(answers: Mapping[str, Answer]) -> tuple[Any, ...]:
    """What must not change: level, and (below an emergency) red flags, likely cause and
    every piece of advice shown."""
    result = assess(PACK, answers)
    if result.triage.level == "emergency":
        return ("emergency",)
    advice = [a.text for a in (*result.immediate_relief, *result.prevention)]
    advice += [a.text for a in result.see_professional]
    return (
        result.triage.level,
        tuple(f.id for f in result.red_flags),
        result.likely_cause,
        tuple(advice),
    )


@st.composite
def sheets(draw: Callable[..., Any]) -> dict[str, Answer]:
    """An answer for every question. Worrying questions (warning signs and ``concern``
    ones) are "yes" by the sheet's temper: never (a calm person: the self-care paths,
    where most questions can be skipped), rarely, or often (a warning sign never more than
    1 in 40); the rest are drawn evenly from their answers, ``unknown`` included."""
    odds = draw(st.sampled_from([0, 30, 6]))  # 1 in odds is "yes"; 0: never
    sheet: dict[str, Answer] = {}
    for question in PACK.questions:
        options = values(question)
        assert options is not None, "the built-in pack has no number questions"
        if question.type == "yes_no" and (question.screening or question.concern):
            sign = question.screening or question.id in RED_FLAG_IDS
            chance = max(odds, 40) if sign and odds else odds
            roll = draw(st.integers(0, max(chance, 3) - 1))
            yes = chance and roll == 0
            sheet[question.id] = "yes" if yes else ("no", "no", UNKNOWN)[roll % 3]
        else:
            sheet[question.id] = draw(st.sampled_from(options))
    return sheet


def check(sheet: Mapping[str, Answer], replies: dict[str, int] | None = None) -> None:
    short, shown = run(sheet, replies=replies)
    whole, _ = run(sheet, whole=True)
    assert outcome(short) == outcome(whole), {
        q: short.get(q) for q in whole if short.get(q) != whole[q]
    }
    bounds = [at_most for _, at_most in shown]
    assert [number for number, _ in shown] == list(range(1, len(shown) + 1))
    assert bounds == sorted(bounds, reverse=True), bounds  # never grows
    assert all(bound >= len(shown) for bound in bounds), bounds  # never below the truth


def check_sheets(count: int) -> dict[str, int]:
    """``check`` on ``count`` sheets drawn by Hypothesis (the same ones every run); how
    often the pack's lists were answered each way."""
    replies: dict[str, int] = {}

    @settings(
        max_examples=count,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(sheets())
    def each(sheet: dict[str, Answer]) -> None:
        check(sheet, replies)

    each()
    return replies


def test_a_few_sheets_end_as_the_whole_questionnaire() -> None:
    """The quick loop's sample of the property below: a few sheets, drawn the same way."""
    check_sheets(SAMPLE)


@pytest.mark.slow
def test_the_short_interview_ends_as_the_whole_questionnaire() -> None:
    """The sheets also reach the pack's lists with each reply: "no" answers every question
    on it, "yes" and "don't know" ask each in turn (the comparison is then meaningful)."""
    replies = check_sheets(EXAMPLES)
    assert {"y", "n", ""} <= replies.keys(), replies


def test_personas_end_as_the_whole_questionnaire() -> None:
    """The people of scripts/interview_length.py, everything else "no", then everything
    else "don't know"."""
    for rest in ("no", UNKNOWN):
        for persona in SCRIPT.PERSONAS:
            sheet = {q.id: rest if q.type == "yes_no" else UNKNOWN for q in PACK.questions}
            check({**sheet, **persona.answers})


def test_each_persona_stays_within_its_budget() -> None:
    """The interview is no longer than each persona's budget in steps, and shorter than
    the whole questionnaire for the self-care ones (issue #15)."""
    for persona in SCRIPT.PERSONAS:
        steps, _ = SCRIPT.length(SCRIPT.walk(PACK, persona.answers))
        whole, _ = SCRIPT.length(SCRIPT.walk(PACK, persona.answers, whole=True))
        assert steps <= persona.budget, persona.name
        if "self-care" in persona.name:
            assert steps < whole, persona.name
            assert assess(PACK, SCRIPT.walk(PACK, persona.answers).answers).triage.level == (
                "self_care"
            )


def test_the_script_prints_what_docs_interview_md_shows(capsys: Any) -> None:
    """The table in docs/interview.md is the script's real output."""
    assert SCRIPT.main([]) == 0
    table = capsys.readouterr().out
    assert all(persona.name in table for persona in SCRIPT.PERSONAS)
    page = (ROOT / "docs" / "interview.md").read_text(encoding="utf-8")
    command = "$ python scripts/interview_length.py\n"
    shown = page.split(command, 1)[1].split("```", 1)[0]
    assert shown == table


@pytest.mark.parametrize("cases", rule_case_params(chunks=2))
def test_the_rule_test_cases_end_as_the_whole_questionnaire(cases: tuple[Case, ...]) -> None:
    """Every case of rules/tests/*.yaml (the clinical vignettes) as a person: the case's
    answers, and "no" (or the first option) to everything else. ``RELEVANCE_UNSURE=1``
    also runs each with "don't know" to everything else (slower; run before a release)."""
    assert len(rule_cases()) >= 200
    for rest in ("no", UNKNOWN) if os.environ.get("RELEVANCE_UNSURE") else ("no",):
        for case in cases:
            sheet: dict[str, Answer] = {
                q.id: rest if q.type == "yes_no" or rest == UNKNOWN else q.options[0].id
                for q in PACK.questions
            }
            check({**sheet, **parse_answers(PACK, dict(case.answers))})
