"""The engine's remembered outcomes (engine/plan.py, engine/tables.py) change nothing:
every result is the one tests/oracle.py works out the long way, however full the tables
are."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasmcheck import load_rules
from spasmcheck.engine import complete, plan, tables
from spasmcheck.engine.assess import assess_parsed
from spasmcheck.pack.conditions import UNKNOWN
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render.json import to_dict

from . import oracle
from .helpers import examples, write_pack

PACK: RulePack = load_rules()
MISSING = None


@st.composite
def answer_sets(draw: Any, pack: RulePack = PACK) -> dict[str, Any]:
    """Any answer or none to each question: every option, yes, no and unknown alike."""
    answers: dict[str, Any] = {}
    for q in pack.questions:
        if q.type == "choice":
            values: list[Any] = [o.id for o in q.options]
        elif q.type == "yes_no":
            values = ["yes", "no"]
        else:
            assert q.min is not None
            assert q.max is not None
            values = [q.min, q.max, int(q.min), (q.min + q.max) / 2]
        value = draw(st.sampled_from([*values, UNKNOWN, MISSING]))
        if value is not MISSING:
            answers[q.id] = value
    return answers


SETS = settings(
    max_examples=examples(300),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETS
@given(answers=answer_sets())
def test_the_engine_is_the_oracle_with_tables_warm_or_cold(answers: dict[str, Any]) -> None:
    expected = oracle.assess(PACK, answers)
    assert assess_parsed(PACK, answers) == expected  # tables filled by earlier examples
    assert assess_parsed(PACK, answers) == expected  # and now from this one's entries


@SETS
@given(answers=answer_sets())
def test_without_details_the_rest_is_whole(answers: dict[str, Any]) -> None:
    whole, bare = assess_parsed(PACK, answers), assess_parsed(PACK, answers, details=False)
    assert bare.unsure_red_flags == bare.immediate_relief == bare.see_professional == ()
    for key in ("triage", "red_flags", "triage_rules", "causes", "likely_cause", "unanswered"):
        assert getattr(bare, key) == getattr(whole, key)


@settings(SETS, max_examples=examples(100))
@given(answers=answer_sets())
def test_full_tables_work_each_outcome_out_again(answers: dict[str, Any]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tables, "LIMIT", 0)
        patch.setattr(plan, "_PLANS", {})  # a new plan, whose tables stay empty
        assert assess_parsed(PACK, answers) == oracle.assess(PACK, answers)
        assert all(not table for _, table, *_ in plan.plan(PACK).flags)


NUMBERS = """\
format: 1
pack: {name: numbers, version: "1", disclaimer: Not a diagnosis., likely_threshold: 1}
sources:
  - {id: src, publisher: NHS, title: Leg cramps, url: "https://www.nhs.uk/conditions/leg-cramps/"}
questions:
  - {id: pain, text: How bad?, type: scale, min: 0, max: 10, help: How bad it is.}
  - {id: sore, text: Sore?, type: yes_no, help: Soreness., ask_if: {question: pain, above: 2}}
red_flags:
  - id: agony
    when: {all: [{question: pain, at_least: 9}, {question: sore, is: yes}]}
    level: urgent
    title: Agony
    advice: See a doctor today.
    source: src
causes:
  - id: strain
    name: Strain
    description: A strain.
    evidence:
      - {when: {question: pain, at_least: 5}, weight: 2}
      - {when: {any: [{question: sore, is: yes}, {question: pain, above: 7}]}, weight: 1}
    relief: [{text: Rest., source: src}]
triage_rules:
  - {id: strained, when: {likely_cause: strain}, level: see_doctor, reason: Why., source: src}
general_advice:
  relief: [{text: Stretch gently., source: src, avoid_if: {question: pain, above: 8}}]
"""


@pytest.fixture(scope="module")
def numbers(tmp_path_factory: pytest.TempPathFactory) -> RulePack:
    folder = write_pack(tmp_path_factory.mktemp("numbers"), NUMBERS)
    return load_rules(folder, builtin=False)


@settings(SETS, max_examples=examples(200))
@given(data=st.data())
def test_number_answers_match_the_oracle(numbers: RulePack, data: st.DataObject) -> None:
    answers = data.draw(answer_sets(numbers))
    assert assess_parsed(numbers, answers) == oracle.assess(numbers, answers)


def test_evidence_shows_each_number_as_given(numbers: RulePack) -> None:
    """5 and 5.0 read alike in a condition but are written differently: never swapped."""
    whole, decimal = (assess_parsed(numbers, {"pain": v}) for v in (5, 5.0))
    assert [e.answer for e in whole.causes[0].evidence] == [5]
    assert [type(e.answer) for e in decimal.causes[0].evidence] == [float]
    assert to_dict(whole)["causes"][0]["evidence"][0]["answer"] == 5
    assert repr(to_dict(decimal)["causes"][0]["evidence"][0]["answers"]) == "{'pain': 5.0}"


def test_shared_evidence_answers_are_read_only_but_copy_and_pickle(pack: RulePack) -> None:
    answers = {"radiating_pain": "yes", "numbness_tingling": "yes"}
    first, second = assess_parsed(pack, answers), assess_parsed(pack, answers)
    read = first.causes[0].evidence[0].answers
    assert read is second.causes[0].evidence[0].answers  # made once, shared
    assert read == {"radiating_pain": "yes"}
    with pytest.raises(TypeError, match="read-only"):
        read["radiating_pain"] = "no"
    assert pickle.loads(pickle.dumps(first)) == first
    one, two = to_dict(first), to_dict(second)
    one["causes"][0]["evidence"][0]["answers"]["radiating_pain"] = "no"
    one["red_flags"].append("x")
    assert to_dict(second) == two
    assert two["causes"][0]["evidence"][0]["answers"] == read


def test_complete_keeps_the_pack_order_and_drops_other_keys(pack: RulePack) -> None:
    full = complete(pack, {"frequency": "daily", "not_a_question": "yes"})
    assert list(full) == [q.id for q in pack.questions]
    assert full["frequency"] == "daily"
    assert set(full.values()) == {"daily", UNKNOWN}


def test_a_new_pack_object_gets_its_own_plan(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, NUMBERS)
    first = load_rules(folder, builtin=False)
    second = load_rules(folder, builtin=False)
    assert plan.plan(first) is plan.plan(first)
    assert plan.plan(first) is not plan.plan(second)
