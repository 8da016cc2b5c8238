"""Answers are coerced by question type; bad ones are named with what is allowed."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from spasmcheck.engine.answers import (
    parse_answers,
    parse_assignments,
    read_answers_text,
)
from spasmcheck.errors import UsageError
from spasmcheck.pack.qtypes import parse, whole
from spasmcheck.pack.rulepack import RulePack


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yes", "yes"), ("Y", "yes"), ("TRUE", "yes"), ("1", "yes"), (True, "yes"), (1, "yes"),
        ("no", "no"), ("n", "no"), ("False", "no"), ("0", "no"), (False, "no"), (0, "no"),
        ("unknown", "unknown"), ("", "unknown"), (None, "unknown"), (" yes ", "yes"),
    ],
)  # fmt: skip
def test_yes_no_values(pack: RulePack, raw: object, expected: str) -> None:
    assert parse(pack.question("radiating_pain"), raw) == expected


@pytest.mark.parametrize(
    "raw", ["daily", "Daily", "4", 4, 4.0, "Every day", "every  DAY", " every day "]
)
def test_choice_takes_option_id_number_or_label(pack: RulePack, raw: object) -> None:
    assert parse(pack.question("frequency"), raw) == "daily"


@pytest.mark.parametrize("raw", ["hourly", "0", "5", 0, True, "-1", "daily!"])
def test_choice_error_lists_every_accepted_form(pack: RulePack, raw: object) -> None:
    allowed = (
        "allowed: first_time, occasional, weekly, daily (or their number 1-4 or label) or unknown"
    )
    with pytest.raises(UsageError, match=re.escape(allowed)):
        parse(pack.question("frequency"), raw)


YES_NO = {"yes": "yes", "y": "yes", "true": "yes", "1": "yes",
          "no": "no", "n": "no", "false": "no", "0": "no", "unknown": "unknown"}  # fmt: skip
"""The documented forms of a yes/no answer (any case, surrounding blanks ignored)."""


def any_case(word: str) -> st.SearchStrategy[str]:
    flips = st.lists(st.booleans(), min_size=len(word), max_size=len(word))
    return flips.map(
        lambda up: "".join(c.upper() if u else c for c, u in zip(word, up, strict=True))
    )


documented = st.sampled_from(sorted(YES_NO)).flatmap(any_case)
near_misses = st.one_of(
    st.tuples(st.text(max_size=2), documented, st.text(max_size=2)).map("".join),  # yess, 0n
    st.text(alphabet="yesnotrufalkwYESNOTRUFALKW01 ", max_size=8),  # made of their letters
    st.text(max_size=12),
)


@given(documented, st.sampled_from(["", " ", "\t", "\n "]))
@settings(max_examples=30, deadline=None)
def test_documented_yes_no_forms_in_any_case(pack: RulePack, word: str, blank: str) -> None:
    question = pack.question("radiating_pain")
    assert parse(question, blank + word + blank) == YES_NO[word.lower()]


# Words people type for "not sure" or "sort of": each would be a guess, so each is refused.
@example("maybe")
@example("perhaps")
@example("sometimes")
@example("yep")
@example("nope")
@example("ok")
@example("none")
@example("n/a")
@example("2")
@example("-1")
@example("1.5")
@example("01")
@example("1_0")
@example("on")
@example("off")
@given(  # 1.0 and 0.0 are the numbers 1 and 0 (a pandas 0/1 column with blanks is float)
    near_misses.filter(lambda t: t.strip().lower() not in {*YES_NO, ""} and whole(t) is None)
)
@settings(max_examples=60, deadline=None)
def test_any_other_text_is_refused_for_yes_no(pack: RulePack, text: str) -> None:
    with pytest.raises(UsageError, match=r"allowed: yes/y/true/1, no/n/false/0 or unknown$"):
        parse(pack.question("radiating_pain"), text)


def test_yaml_file_written_the_natural_way(pack: RulePack) -> None:
    raw = read_answers_text(
        "numbness_tingling: no\nfrequency: daily\nradiating_pain: yes\n", "a.yaml"
    )
    assert parse_answers(pack, raw) == {
        "numbness_tingling": "no",
        "frequency": "daily",
        "radiating_pain": "yes",
    }


def test_json_text_is_read_too(pack: RulePack) -> None:
    raw = read_answers_text('{"radiating_pain": true, "frequency": "weekly"}', "a.json")
    assert parse_answers(pack, raw) == {"radiating_pain": "yes", "frequency": "weekly"}


def test_file_errors_name_the_file(pack: RulePack) -> None:
    with pytest.raises(UsageError, match=r"^a\.yaml: invalid value for frequency"):
        parse_answers(pack, {"frequency": "hourly"}, where="a.yaml")


def test_duplicate_answer_in_a_file_is_refused() -> None:
    with pytest.raises(UsageError, match=r"a\.yaml:2:1: duplicate key 'frequency'"):
        read_answers_text("frequency: daily\nfrequency: weekly\n", "a.yaml")


def test_nested_values_are_refused() -> None:
    with pytest.raises(UsageError, match="single value"):
        read_answers_text("frequency: [daily]\n", "a.yaml")


def test_assignments_last_one_wins_and_need_an_equals_sign() -> None:
    assert parse_assignments(["a=1", "b = yes", "a=2"]) == {"a": "2", "b": " yes"}
    with pytest.raises(UsageError, match="expected ID=VALUE"):
        parse_assignments(["a"])


def test_every_path_accepts_the_same_forms(pack: RulePack) -> None:
    """Flags, files and JSON all go through the question's type: the same forms work."""
    flags = parse_answers(pack, parse_assignments(["frequency=3", "radiating_pain=TRUE"]))
    label = parse_answers(pack, parse_assignments(["frequency=Every week"]))
    raw = read_answers_text('{"frequency": 3, "radiating_pain": 1}', "a.json")
    assert flags == parse_answers(pack, raw) == {"frequency": "weekly", "radiating_pain": "yes"}
    assert label == {"frequency": "weekly"}


def test_error_never_echoes_other_answers(pack: RulePack) -> None:
    with pytest.raises(UsageError) as caught:
        parse_answers(pack, {"vomiting_or_diarrhea": "yes", "frequency": "nope"})
    assert "vomiting" not in str(caught.value)
    assert "\n" not in str(caught.value)
