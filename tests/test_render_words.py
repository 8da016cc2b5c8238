"""The summaries for people speak in words: no question ids, and "should be checked by a
GP" said once however many reasons say it (issue #14)."""

from __future__ import annotations

import re

import pytest

from spasmcheck import assess
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render import Format, render
from spasmcheck.render.summary import GP_CHECK, answer_words, grouped_reasons
from spasmcheck.words import TITLES

from .helpers import invoke

PEOPLE = (Format.rich, Format.plain, Format.markdown)

NERVE = {
    "frequency": "daily",
    "no_improvement_with_self_care": "yes",
    "radiating_pain": "yes",
    "numbness_tingling": "yes",
    "muscle_weakness": "yes",
    "recent_strenuous_exercise": "yes",
    "calf_swelling_redness": "unknown",
}
"""A pinched nerve with four "see a GP" reasons, an unsure warning sign and runner-ups."""


def ids_in(text: str, pack: RulePack) -> list[str]:
    """The ids in ``text`` that could only be ids (``pregnant`` is also a word)."""
    return [q.id for q in pack.questions if "_" in q.id and re.search(rf"\b{q.id}\b", text)]


@pytest.mark.parametrize("fmt", PEOPLE)
def test_no_question_id_in_a_summary_for_people(pack: RulePack, fmt: Format) -> None:
    result = assess(pack, NERVE)
    assert result.likely is not None
    assert result.likely.evidence
    text = render(result, fmt, width=100, pack=pack)
    assert ids_in(text, pack) == []
    question = pack.question("radiating_pain")
    flat = " ".join(text.split())  # the summaries use its short label, the report its wording
    assert question.text in flat or (question.short is not None and question.short in flat)


def test_json_keeps_the_ids(pack: RulePack) -> None:
    text = render(assess(pack, NERVE), Format.json, pack=pack)
    assert "radiating_pain" in text


def test_the_cli_words_its_summaries(pack: RulePack) -> None:
    args = [arg for k, v in NERVE.items() for arg in ("-a", f"{k}={v}")]
    for fmt in ("plain", "rich", "markdown"):
        done = invoke("assess", "--no-input", "-f", fmt, *args)
        assert done.exit_code == 0, done.stderr
        assert ids_in(done.stdout, pack) == [], fmt


def test_answers_in_words_short_label_wording_option_and_dont_know(pack: RulePack) -> None:
    sign = next(q for q in pack.questions if q.short)
    assert answer_words(sign.id, "yes", pack) == f"{sign.short}: yes"
    freq = pack.question("frequency")
    daily = next(o for o in freq.options if o.id == "daily")
    assert answer_words("frequency", "daily", pack) == f"{freq.text} {daily.label}"
    assert answer_words("frequency", "unknown", pack).endswith(" don't know")


def test_without_a_pack_the_id_is_all_there_is() -> None:
    assert answer_words("some_question", "unknown", None) == "some_question: don't know"


@pytest.mark.parametrize("fmt", [Format.rich, Format.plain])
def test_checked_by_a_gp_is_said_once_with_every_reason_and_source(
    pack: RulePack, fmt: Format
) -> None:
    result = assess(pack, NERVE)
    alone, together = grouped_reasons(result)
    assert len(together) >= 2
    text = " ".join(render(result, fmt, width=200, pack=pack).split())
    assert text.count("checked by a GP") == 1
    assert TITLES["checked_by_gp"] in text
    for why, rule in (*together, *((r.reason, r) for r in alone)):
        assert f"{why} [{rule.source.label}]" in text
    for flag in result.red_flags:
        assert flag.advice in text


def test_a_single_gp_reason_is_said_as_written(pack: RulePack) -> None:
    result = assess(pack, {"frequency": "daily"})
    alone, together = grouped_reasons(result)
    assert together == ()
    assert alone == result.triage_rules


def test_every_reason_reads_as_a_sentence_without_the_phrase(pack: RulePack) -> None:
    """Taking "should be checked by a GP" out of any of the pack's reasons leaves a
    sentence: capital first, a full stop last, no stray comma."""
    found = [r for r in pack.triage_rules if GP_CHECK.search(r.reason)]
    assert len(found) >= 4
    for rule in found:
        short = GP_CHECK.sub("", rule.reason, count=1)
        assert short[0].isupper(), short
        assert short.endswith("."), short
        assert ",." not in short, short
        assert " ." not in short, short
