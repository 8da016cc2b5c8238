"""Advice that fits the person, and safety-netting: avoid_if, suppress_advice,
additional_advice, only_if and if_unsure, through the engine as a library."""

from __future__ import annotations

from pathlib import Path

import pytest

from spasmcheck import assess, load_rules, parse_answers
from spasmcheck.errors import RulePackError
from spasmcheck.pack.rulepack import RulePack

from .helpers import write_pack

PACK = """\
format: 1
pack: {name: advice, version: "1", disclaimer: Not a diagnosis., likely_threshold: 2}
sources:
  - {id: src, publisher: NHS, title: Leg cramps, url: "https://www.nhs.uk/conditions/leg-cramps/"}
questions:
  - {id: swollen_calf, text: Is one calf swollen?, type: yes_no, screening: true, help: A clot.}
  - {id: pregnant, text: Are you pregnant?, type: yes_no, help: Pregnancy changes advice.}
  - {id: sore, text: Is it sore?, type: yes_no, help: Soreness.}
  - {id: night, text: At night?, type: yes_no, help: Night cramps.}
red_flags:
  - id: swollen_calf
    when: {question: swollen_calf, is: yes}
    level: urgent
    title: One calf swollen
    advice: See a doctor today.
    source: src
    if_unsure: If your calf becomes swollen, red or warm, get help today.
    suppress_advice: [relief]
causes:
  - id: sore_muscle
    name: Sore muscle
    description: A sore muscle.
    evidence:
      - {when: {question: sore, is: yes}, weight: 3}
    relief:
      - {text: Massage the muscle., source: src}
      - text: Take ibuprofen for soreness afterwards.
        source: src
        avoid_if: {question: pregnant, is: yes}
    prevention: [{text: Stretch every day., source: src}]
  - id: pregnancy_cramps
    name: Leg cramps in pregnancy
    description: Common in later pregnancy.
    only_if: {question: pregnant, is: yes}
    evidence:
      - {when: {question: night, is: yes}, weight: 5}
    relief: [{text: Flex your foot up., source: src}]
additional_advice:
  - id: pregnancy
    when: {question: pregnant, is: yes}
    relief: [{text: "In pregnancy, paracetamol rather than ibuprofen.", source: src}]
    see_professional: [{text: Tell your midwife about cramps., source: src}]
"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> RulePack:
    return load_rules(write_pack(tmp_path_factory.mktemp("p"), {"p.yaml": PACK}), builtin=False)


def shown(pack: RulePack, **answers: str) -> list[str]:
    result = assess(pack, parse_answers(pack, answers))
    return [
        a.text for a in (*result.immediate_relief, *result.prevention, *result.see_professional)
    ]


def test_avoid_if_leaves_the_item_out_only_when_it_holds(pack: RulePack) -> None:
    assert "Take ibuprofen for soreness afterwards." in shown(pack, sore="yes", pregnant="no")
    assert "Take ibuprofen for soreness afterwards." not in shown(pack, sore="yes", pregnant="yes")


def test_avoid_if_keeps_the_item_when_the_answer_is_unknown(pack: RulePack) -> None:
    assert "Take ibuprofen for soreness afterwards." in shown(pack, sore="yes")


def test_additional_advice_is_added_whatever_the_cause(pack: RulePack) -> None:
    texts = shown(pack, sore="yes", pregnant="yes")
    assert texts[:1] == ["Massage the muscle."]  # the cause's own advice first
    assert "In pregnancy, paracetamol rather than ibuprofen." in texts
    assert "Tell your midwife about cramps." in texts
    assert not any("midwife" in t for t in shown(pack, sore="yes", pregnant="no"))


def test_a_fired_red_flag_suppresses_the_advice_it_makes_unsafe(pack: RulePack) -> None:
    texts = shown(pack, sore="yes", swollen_calf="yes")
    assert "Massage the muscle." not in texts  # no massage for a possible clot
    assert "Stretch every day." in texts  # prevention is not suppressed by this flag


def test_only_if_keeps_a_cause_from_counting(pack: RulePack) -> None:
    for pregnant in ("no", "unknown"):
        result = assess(pack, parse_answers(pack, {"night": "yes", "pregnant": pregnant}))
        assert result.likely_cause is None
        score = next(c for c in result.causes if c.id == "pregnancy_cramps")
        assert (score.score, score.evidence) == (0, ())
    result = assess(pack, parse_answers(pack, {"night": "yes", "pregnant": "yes"}))
    assert result.likely_cause == "pregnancy_cramps"


def test_unknown_warning_sign_is_listed_with_its_safety_net(pack: RulePack) -> None:
    result = assess(pack, {})
    assert [(u.id, u.if_unsure) for u in result.unsure_red_flags] == [
        ("swollen_calf", "If your calf becomes swollen, red or warm, get help today.")
    ]
    assert result.to_dict()["unsure_red_flags"][0]["id"] == "swollen_calf"
    for answer in ("yes", "no"):
        assert assess(pack, {"swollen_calf": answer}).unsure_red_flags == ()


def test_advice_conditions_are_checked_like_any_other(tmp_path: Path) -> None:
    bad = PACK.replace(
        "avoid_if: {question: pregnant, is: yes}", "avoid_if: {question: pregnat, is: yes}"
    )
    bad = bad.replace("suppress_advice: [relief]", "suppress_advice: [massage]")
    with pytest.raises(RulePackError) as caught:
        load_rules(write_pack(tmp_path, {"p.yaml": bad}), builtin=False)
    messages = [p.message for p in caught.value.problems]
    assert any("suppress_advice must be one of relief, prevention" in m for m in messages), messages


def test_engine_agrees_with_the_oracle_on_every_answer_set(pack: RulePack) -> None:
    from itertools import product

    from . import oracle

    ids = [q.id for q in pack.questions]
    for values in product(("yes", "no", "unknown"), repeat=len(ids)):
        answers = dict(zip(ids, values, strict=True))
        assert assess(pack, answers) == oracle.assess(pack, answers)
