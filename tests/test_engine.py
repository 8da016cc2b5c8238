"""The engine as a library: ``from spasmcheck import load_rules, assess``."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from spasmcheck import assess, load_rules, next_question, parse_answers
from spasmcheck.engine import remaining_at_most
from spasmcheck.pack.levels import LEVELS
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render.json import to_dict

from .helpers import MINI_PACK, write_pack


@pytest.fixture
def mini(tmp_path: Path) -> RulePack:
    return load_rules(write_pack(tmp_path, {"pack.yaml": MINI_PACK}), builtin=False)


def run(pack: RulePack, **raw: object):
    return assess(pack, parse_answers(pack, raw))


def test_no_answers_is_self_care_with_general_advice(mini: RulePack) -> None:
    result = run(mini)
    assert result.triage.level == "self_care"
    assert result.likely_cause is None
    assert [a.text for a in result.immediate_relief] == ["Stretch gently."]
    assert set(result.unanswered) == {"danger", "sore", "tired", "how_often", "pain"}


def test_red_flag_wins_over_any_cause(mini: RulePack) -> None:
    result = run(mini, danger="yes", sore="yes")
    assert result.triage.level == "emergency"
    assert result.triage.reasons == ("danger",)
    assert [f.id for f in result.red_flags] == ["danger"]
    assert result.likely_cause == "alpha"  # causes are still scored and shown


def test_likely_cause_carries_its_evidence(mini: RulePack) -> None:
    result = run(mini, sore="yes")
    top = result.causes[0]
    assert (top.id, top.score) == ("alpha", 2)
    assert [(e.question, e.answer, e.weight) for e in top.evidence] == [("sore", "yes", 2)]
    assert [a.text for a in result.immediate_relief] == ["Rest alpha."]


def test_negative_evidence_lowers_a_cause(mini: RulePack) -> None:
    result = run(mini, sore="yes", tired="yes")
    scores = {c.id: c.score for c in result.causes}
    assert scores == {"alpha": 1, "beta": 2}
    assert result.likely_cause == "beta"


def test_too_little_evidence_names_no_cause(mini: RulePack) -> None:
    result = run(mini, sore="no")  # beta gets 1 from "not sore", under the threshold of 2
    assert result.causes[0].id == "beta"
    assert result.likely_cause is None


def test_unknown_counts_for_nothing_even_under_not(mini: RulePack) -> None:
    result = run(mini, sore="unknown", tired="unknown")
    assert all(c.score == 0 and not c.evidence for c in result.causes)


def test_ties_go_to_the_cause_written_first(tmp_path: Path) -> None:
    tied = MINI_PACK.replace(
        "{when: {question: tired, is: yes}, weight: 2}",
        "{when: {question: sore, is: yes}, weight: 2}",
    )
    pack = load_rules(write_pack(tmp_path, {"pack.yaml": tied}), builtin=False)
    result = run(pack, sore="yes", tired="no")
    assert [c.id for c in result.causes] == ["alpha", "beta"]
    assert result.likely_cause == "alpha"


def test_triage_rule_raises_level_and_is_a_reason(mini: RulePack) -> None:
    result = run(mini, how_often="daily")
    assert result.triage.level == "see_doctor"
    assert result.triage.reasons == ("daily",)


def test_reasons_are_most_urgent_first(mini: RulePack) -> None:
    result = run(mini, how_often="daily", danger="yes")
    assert result.triage.reasons == ("danger", "daily")


PAIN_COUNTS = MINI_PACK.replace(
    "{when: {question: tired, is: yes}, weight: -1}",
    "{when: {question: tired, is: yes}, weight: -1}\n"
    "      - {when: {question: pain, at_least: 7}, weight: 1}",
)
"""The mini pack with an answer to ``pain`` that counts, so that asking it can matter."""


def test_next_question_screens_first_and_follows_conditions(tmp_path: Path) -> None:
    mini = load_rules(write_pack(tmp_path, {"pack.yaml": PAIN_COUNTS}), builtin=False)
    assert next_question(mini, {}).id == "danger"
    assert next_question(mini, {"danger": "no"}).id == "sore"
    answers = {"danger": "no", "sore": "no", "tired": "yes", "how_often": "rarely"}
    assert next_question(mini, answers) is None  # "pain" is only asked when sore
    answers["sore"] = "yes"  # alpha 1 against beta 2: a bad pain would tie them, and win
    assert next_question(mini, answers).id == "pain"


def test_a_question_that_nothing_reads_is_never_asked(mini: RulePack) -> None:
    """``pain`` moves no score, level or advice in the mini pack: asking it would only
    lengthen the interview."""
    answers = {"danger": "no", "sore": "yes", "tired": "no", "how_often": "rarely"}
    assert next_question(mini, answers) is None


def test_next_question_stops_once_nothing_can_change(mini: RulePack) -> None:
    """Sore and tired settle the cause and "daily" the level: "how often" is still asked
    because "daily" would raise the level; once answered, nothing is left that matters."""
    assert next_question(mini, {"danger": "no", "sore": "yes", "tired": "no"}).id == "how_often"
    answers = {"danger": "no", "sore": "yes", "tired": "no", "how_often": "daily"}
    assert next_question(mini, answers) is None


def test_next_question_stops_on_emergency(mini: RulePack) -> None:
    assert next_question(mini, {"danger": "yes"}) is None


def test_remaining_is_an_upper_bound(tmp_path: Path) -> None:
    mini = load_rules(write_pack(tmp_path, {"pack.yaml": PAIN_COUNTS}), builtin=False)
    assert remaining_at_most(mini, {}) == 5
    assert remaining_at_most(mini, {"danger": "no", "sore": "no"}) == 2


def test_assessment_is_deterministic(pack: RulePack) -> None:
    """The same answers give the same JSON, byte for byte: whatever order they are given
    in, however often they are assessed, and from a freshly loaded copy of the pack."""
    rng = random.Random(7)
    fresh = load_rules()
    yes_no = [q.id for q in pack.questions if q.type == "yes_no"]
    for _ in range(30):  # several red flags, triage rules and causes firing at once
        answers = {q: rng.choice(["yes", "yes", "no", "unknown"]) for q in yes_no}
        answers["frequency"] = rng.choice(["weekly", "daily", "unknown"])
        expected = json.dumps(assess(pack, parse_answers(pack, answers)).to_dict())
        for _ in range(3):
            items = list(answers.items())
            rng.shuffle(items)
            for engine_pack in (pack, fresh):
                got = assess(engine_pack, parse_answers(engine_pack, dict(items))).to_dict()
                assert json.dumps(got) == expected


def test_json_contract_keys(pack: RulePack) -> None:
    data = to_dict(assess(pack, parse_answers(pack, {"radiating_pain": "yes"})))
    required = {
        "schema_version", "triage", "red_flags", "causes", "likely_cause", "immediate_relief",
        "prevention", "answers", "unanswered", "disclaimer",
    }  # fmt: skip
    assert required <= data.keys()
    assert data["schema_version"] == 1
    assert set(data["triage"]) >= {"level", "reasons"}
    assert all({"id", "name", "score", "evidence"} <= c.keys() for c in data["causes"])
    assert all({"text", "source"} <= a.keys() for a in data["immediate_relief"])


# The red-flag safety property over the built-in pack (any other answers) is in
# tests/test_clinical_pack.py::test_red_flag_wins_over_any_other_answers.


def test_every_level_is_reachable(pack: RulePack) -> None:
    seen = {
        run(pack).triage.level,
        run(pack, frequency="daily").triage.level,
        run(pack, recent_injury="yes").triage.level,
        run(pack, saddle_numbness="yes").triage.level,
    }
    assert seen == set(LEVELS)
