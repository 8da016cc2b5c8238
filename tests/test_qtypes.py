"""Question types: one handler per type, and what the interview needs from each."""

from __future__ import annotations

import typing

import pytest

from spasmcheck.errors import UsageError
from spasmcheck.interview import flow as interview
from spasmcheck.pack import qtypes
from spasmcheck.pack.conditions import UNKNOWN
from spasmcheck.pack.model import Option, Question, QuestionType
from spasmcheck.pack.rulepack import RulePack


def question(kind: str, **more: typing.Any) -> Question:
    return Question(id="q", text="Q?", type=kind, help="Why.", **more)  # type: ignore[arg-type]


def test_every_question_type_has_a_handler() -> None:
    assert set(qtypes.TYPES) == set(typing.get_args(QuestionType))


def test_every_question_of_the_pack_lists_and_parses_its_values(pack: RulePack) -> None:
    for q in pack.questions:
        handler = qtypes.for_question(q)
        assert handler.allowed(q).endswith("unknown")
        for value in handler.values(q):
            assert handler.parse(q, value) == value


def test_the_interview_takes_every_form_a_script_may_pass(pack: RulePack) -> None:
    """One place per question type: the interview's prompt, error and parsing come from it."""
    for q in pack.questions:
        handler, step = qtypes.for_question(q), interview.Ask(q)
        assert interview.allowed_keys(step) == f"{handler.prompt_keys(q)} / {interview.KEYS}"
        assert handler.what_is_allowed(q) == interview.what_is_allowed(step)
        for value in [*handler.values(q), UNKNOWN]:
            assert handler.shown(q, value) == interview.shown_answer(step, value)
        for number, option in enumerate(q.options, 1):
            for typed in (str(number), option.id, option.label.lower()):
                assert handler.parse(q, typed) == interview.parse_reply(step, typed) == option.id


def test_number_parsing_and_domain() -> None:
    q = question("number", min=0, max=60, unit="minutes")
    handler = qtypes.for_question(q)
    assert handler.parse(q, "10") == 10
    assert handler.parse(q, 2.5) == 2.5
    for bad in ("61", "nan", "inf", True, "ten"):
        with pytest.raises(UsageError, match="a number from 0 to 60 minutes, or unknown"):
            handler.parse(q, bad)
    assert handler.domain(q, [10]) == [0, 9.5, 10, 10.5, 60, UNKNOWN]
    assert handler.check_value(q, 61) == "61 is outside the range of 'q' " + (
        "(a number from 0 to 60 minutes, or unknown)"
    )
    assert handler.prompt_keys(q) == "a number from 0 to 60 (minutes)"


def problems(q: Question) -> list[str]:
    return [message for _, message in qtypes.for_question(q).definition_problems(q)]


def test_definition_problems_per_type() -> None:
    opts = (Option(id="a", label="A"), Option(id="a", label="B"))
    assert problems(question("yes_no", min=1)) == [
        "only scale and number questions have min and max; 'q' is yes_no"
    ]
    assert problems(question("choice", options=opts)) == ["option 'a' appears twice in 'q'"] * 2
    digits = (Option(id="2", label="Two"), Option(id="1", label="One"))
    assert problems(question("choice", options=digits)) == [
        "option '2' of 'q' is a number other than its own (1): '2' would also name option 2",
        "option '1' of 'q' is a number other than its own (2): '1' would also name option 1",
    ]
    assert problems(question("scale", options=opts[:1], min=3, max=1)) == [
        "only choice questions have options; 'q' is scale",
        "question 'q': min must be below max",
    ]
