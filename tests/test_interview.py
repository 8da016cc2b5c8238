"""The interview driven through StringIO: what is asked, in what order, and what replies do."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from spasmcheck import load_rules
from spasmcheck.interview import Ask, Group, Interview, Reply, run_interview, screening_level
from spasmcheck.pack.rulepack import RulePack

from .helpers import write_pack

TINY_PACK = """\
format: 1
pack:
  name: tiny
  version: "1"
  disclaimer: Not a diagnosis [really].
  likely_threshold: 2
sources:
  - {id: src, publisher: "Pub", title: "Title [x]", url: "https://example.org/"}
questions:
  - id: danger
    text: "Is it [bold]dangerous[/bold]?"
    short: Danger [now]
    type: yes_no
    screening: true
    help: "Danger help [red]text[/red]."
  - id: other_sign
    text: Any other sign?
    short: Other sign
    type: yes_no
    screening: true
    help: Other help.
  - id: pain
    text: How bad is the pain?
    type: scale
    min: 0
    max: 10
    help: Pain help.
  - id: minutes
    text: How long did it last?
    type: number
    min: 0
    max: 120
    unit: minutes
    help: Minutes help.
red_flags:
  - id: danger
    when: {question: danger, is: yes}
    level: emergency
    title: Danger [now]
    advice: Call [help].
    source: src
  - id: other_sign
    when: {question: other_sign, is: yes}
    level: emergency
    title: Other sign
    advice: Call for help.
    source: src
causes:
  - id: strain
    name: Strain [of muscle]
    description: A strain.
    evidence:
      - when: {question: pain, at_least: 5}
        weight: 3
        because: it hurts [a lot]
      - when: {question: minutes, at_least: 10}
        weight: 3
        because: it lasts
    relief:
      - {text: "Rest [a bit].", source: src}
general_advice:
  relief:
    - {text: "Stretch.", source: src}
"""


@pytest.fixture
def tiny(tmp_path: Path) -> RulePack:
    return load_rules(write_pack(tmp_path, {"pack.yaml": TINY_PACK}), builtin=False)


ADULT = {"age_group": "16_to_64"}
"""The first question of the built-in pack, answered, so a test starts at the warning signs."""


def interview(
    pack: RulePack, replies: list[str], answers: dict | None = None, *, check: bool = False
):
    """Run the interview on ``replies``; end of input after them (EOFError if it asks more).
    On the built-in pack the age is given, as ``ADULT``, unless ``answers`` says otherwise.
    The check-your-answers screen only when ``check`` (test_interview_review.py)."""
    console = Console(file=StringIO(), width=100, color_system=None, force_terminal=False)
    stream = StringIO("".join(f"{r}\n" for r in replies))
    given = {**(ADULT if "age_group" in pack.question_index else {}), **(answers or {})}
    got, stopped = run_interview(pack, given, console=console, stream=stream, check=check)
    assert stream.read() == "", "not every reply was used"
    return got, stopped, console.file.getvalue()


def screening_ids(pack: RulePack) -> list[str]:
    return [q.id for q in pack.questions if q.screening]


def no_to_all_but_warning_signs(pack: RulePack) -> dict[str, str]:
    """Every question but the warning signs and ``frequency`` answered, as a settled adult
    with a leg cramp would: tests of one question start right before it."""
    answers = {q.id: "no" for q in pack.questions if not q.screening and q.type == "yes_no"}
    return {**answers, **ADULT, "cramp_location": "leg_or_foot"}


# --- the deciding half, without any I/O ------------------------------------------------


def by_level(pack: RulePack, level: str) -> list[str]:
    return [q.id for q in pack.questions if q.screening and screening_level(pack, q) == level]


def test_warning_signs_come_first_as_two_short_lists_by_level(pack: RulePack) -> None:
    state = Interview(pack, dict(ADULT))
    first = state.current()
    assert isinstance(first, Group)
    assert first.level == "emergency"
    assert [q.id for q in first.questions] == by_level(pack, "emergency")
    state.reply(first, "n")
    second = state.current()
    assert isinstance(second, Group)
    assert second.level == "urgent"
    assert [q.id for q in second.questions] == by_level(pack, "urgent")
    assert by_level(pack, "emergency") + by_level(pack, "urgent") == screening_ids(pack)


def test_no_to_both_lists_records_every_warning_sign_as_no(pack: RulePack) -> None:
    state = Interview(pack, dict(ADULT))
    assert state.reply(state.current(), "n") is Reply.ANSWERED
    assert state.reply(state.current(), "no") is Reply.ANSWERED
    assert {i: state.answers[i] for i in screening_ids(pack)} == dict.fromkeys(
        screening_ids(pack), "no"
    )
    step = state.current()
    assert isinstance(step, Ask)
    assert not step.question.screening
    assert state.progress()[0] == 3


@pytest.mark.parametrize("reply", ["y", "yes", "", "don't know", "not sure"])
def test_yes_or_unsure_at_a_list_drills_down_one_at_a_time(pack: RulePack, reply) -> None:
    state = Interview(pack, dict(ADULT))
    state.reply(state.current(), reply)
    assert not set(screening_ids(pack)) & set(state.answers)
    step = state.current()
    assert isinstance(step, Ask)
    assert step.question.id == screening_ids(pack)[0]


def test_back_out_of_the_drill_down_returns_to_the_list(pack: RulePack) -> None:
    state = Interview(pack, dict(ADULT))
    state.reply(state.current(), "y")
    state.reply(state.current(), "n")
    assert state.reply(state.current(), "b") is Reply.BACK
    assert state.current().question.id == screening_ids(pack)[0]
    assert state.previous_answer() == "no"
    assert state.reply(state.current(), "back") is Reply.BACK
    assert isinstance(state.current(), Group)
    assert state.answers == ADULT


def test_back_on_the_first_step_has_nowhere_to_go(pack: RulePack) -> None:
    state = Interview(pack, dict(ADULT))
    assert state.reply(state.current(), "b") is Reply.NO_BACK
    assert isinstance(state.current(), Group)


def test_a_single_pending_warning_sign_is_asked_on_its_own(pack: RulePack) -> None:
    emergency = by_level(pack, "emergency")
    given = {**ADULT, **dict.fromkeys(emergency[1:], "no")}
    step = Interview(pack, given).current()
    assert isinstance(step, Ask)
    assert step.question.id == emergency[0]


def test_progress_counts_down_honestly(pack: RulePack) -> None:
    """The bound never grows and is never below the questions actually asked (a "no" may
    rule out follow-ups that a "yes" would open, so the bound is "at most", not exact)."""
    state = Interview(pack, dict(ADULT))
    bounds = []
    while (step := state.current()) is not None:
        number, at_most = state.progress()
        assert number == len(bounds) + 1
        bounds.append(at_most)
        if isinstance(step, Group):
            state.reply(step, "n")
        else:
            state.reply(step, "1" if step.question.type == "choice" else "n")
    assert bounds == sorted(bounds, reverse=True), bounds
    assert all(bound >= len(bounds) for bound in bounds)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("1", "first_time"), ("4", "daily"), ("weekly", "weekly"), ("Every day", "daily")],
)
def test_choice_takes_a_number_an_id_or_the_label(pack: RulePack, reply, expected) -> None:
    state = Interview(pack, dict(ADULT))
    step = Ask(pack.question("frequency"))
    assert state.reply(step, reply) is Reply.ANSWERED
    assert state.answers["frequency"] == expected


@pytest.mark.parametrize("reply", ["0", "5", "yes", "often"])
def test_choice_refuses_what_it_does_not_offer(pack: RulePack, reply) -> None:
    state = Interview(pack, dict(ADULT))
    assert state.reply(Ask(pack.question("frequency")), reply) is Reply.INVALID
    assert "frequency" not in state.answers


def test_scale_and_number_take_a_number_in_range(tiny: RulePack) -> None:
    state = Interview(tiny, {})
    assert state.reply(Ask(tiny.question("pain")), "11") is Reply.INVALID
    assert state.reply(Ask(tiny.question("pain")), "seven") is Reply.INVALID
    assert state.reply(Ask(tiny.question("pain")), "7") is Reply.ANSWERED
    assert state.reply(Ask(tiny.question("minutes")), "2.5") is Reply.ANSWERED
    assert state.answers == {"pain": 7, "minutes": 2.5}


# --- the whole interview through StringIO ----------------------------------------------


def test_opening_screen_gives_emergency_numbers_and_the_keys(pack: RulePack) -> None:
    given = {**dict.fromkeys(screening_ids(pack), "no"), **no_to_all_but_warning_signs(pack)}
    _, _, text = interview(pack, ["1"], given)
    assert "not a diagnosis" in text
    assert "call 999." in text  # the default region: the UK
    assert "Region: UK (999 for emergencies, NHS 111 for advice)." in text
    assert "--region uk, eu, us or au" in text
    assert "y = yes, n = no, Enter = don't know, ? = why we ask, b = back" in text


def planned_replies(pack: RulePack, yes: set[str]) -> list[str]:
    """The replies for a whole interview: "none" at each grouped list (the warning signs
    and the pack's lists), then "y" to the questions in ``yes``, the first option or "n"
    to the rest, in the interview's order (so the test follows the pack as it grows)."""
    state = Interview(pack, dict(ADULT))
    replies: list[str] = []
    while (step := state.current()) is not None:
        if isinstance(step, Group):
            reply = "n"
        elif step.question.type == "choice":
            reply = "1"
        else:
            reply = "y" if step.question.id in yes else "n"
        replies.append(reply)
        state.reply(step, reply)
    return replies


def test_full_interview_answers_every_question(pack: RulePack) -> None:
    replies = planned_replies(pack, {"recent_strenuous_exercise", "during_or_after_exercise"})
    got, stopped, text = interview(pack, replies)
    assert not stopped
    assert got["recent_strenuous_exercise"] == "yes"
    assert got["during_or_after_exercise"] == "yes"
    assert got["frequency"] == "first_time"
    assert "no_improvement_with_self_care" not in got  # only asked for repeated cramps
    assert got["takes_statin"] == "no"  # answered by the list "about you"
    assert "About you and your medicines" in text
    assert "question 1 of at most" in text
    assert "that was the last question" in text


def test_follow_up_is_asked_only_when_its_condition_holds(pack: RulePack) -> None:
    # With a weaker muscle, whether the cramp came with exercise decides whether a GP
    # should check it (rule cramps_with_weakness), so the follow-up matters here.
    given = {
        **dict.fromkeys(screening_ids(pack), "no"),
        **no_to_all_but_warning_signs(pack),
        "frequency": "first_time",
        "muscle_weakness": "yes",
    }
    del given["recent_strenuous_exercise"]
    del given["during_or_after_exercise"]
    got, _, text = interview(pack, ["n"], given)
    assert "during_or_after_exercise" not in got
    assert pack.question("during_or_after_exercise").text not in text
    got, _, text = interview(pack, ["y", "n"], given)
    assert got["during_or_after_exercise"] == "no"
    assert pack.question("during_or_after_exercise").text in text


def test_a_follow_up_that_cannot_change_the_result_is_skipped(pack: RulePack) -> None:
    """Without weakness, hard exercise already makes tired muscles the likely cause and
    nothing else can move: "did it start during exercise?" is not asked (issue #15)."""
    given = {
        **dict.fromkeys(screening_ids(pack), "no"),
        **no_to_all_but_warning_signs(pack),
        "frequency": "first_time",
    }
    del given["recent_strenuous_exercise"]
    del given["during_or_after_exercise"]
    got, _, text = interview(pack, ["y"], given)
    assert got["recent_strenuous_exercise"] == "yes"
    assert "during_or_after_exercise" not in got
    assert pack.question("during_or_after_exercise").text not in text


def test_bad_input_says_what_is_allowed_and_asks_again(pack: RulePack) -> None:
    given = {**dict.fromkeys(screening_ids(pack), "no"), **no_to_all_but_warning_signs(pack)}
    got, _, text = interview(pack, ["sometimes", "3"], given)
    assert "Please type a number from 1 to 4" in text
    assert text.count(pack.question("frequency").text) == 2
    assert got["frequency"] == "weekly"


def test_question_mark_shows_why_then_takes_the_answer(pack: RulePack) -> None:
    given = {**dict.fromkeys(screening_ids(pack), "no"), **no_to_all_but_warning_signs(pack)}
    got, _, text = interview(pack, ["?", "2"], given)
    assert pack.question("frequency").help in text
    assert got["frequency"] == "occasional"


def test_empty_reply_records_unknown(pack: RulePack) -> None:
    given = {**dict.fromkeys(screening_ids(pack), "no"), **no_to_all_but_warning_signs(pack)}
    got, _, _ = interview(pack, [""], given)
    assert got["frequency"] == "unknown"


def test_emergency_answer_stops_at_once(pack: RulePack) -> None:
    first, second = screening_ids(pack)[:2]
    got, stopped, text = interview(pack, ["y", "n", "y"])
    assert stopped
    assert got == {**ADULT, "any_warning_sign": "yes", first: "no", second: "yes"}
    assert "EMERGENCY" in text
    assert "question 4 " not in text


def test_prefilled_emergency_asks_nothing_and_says_so(pack: RulePack) -> None:
    first = screening_ids(pack)[0]
    got, stopped, text = interview(pack, [], {first: "yes"})
    assert stopped
    assert got == {**ADULT, first: "yes"}
    assert "EMERGENCY" in text
    assert "question 1 of" not in text


def test_prefilled_answers_are_not_asked(pack: RulePack) -> None:
    given = {**dict.fromkeys(screening_ids(pack), "no"), **no_to_all_but_warning_signs(pack)}
    _, _, text = interview(pack, ["1"], given)
    assert "question 1 of at most 1" in text
    assert pack.question("localized_sharp_pain").text not in text


def test_end_of_input_raises_eof(pack: RulePack) -> None:
    console = Console(file=StringIO(), width=80, color_system=None)
    with pytest.raises(EOFError):
        run_interview(pack, {}, console=console, stream=StringIO("n\n"))


def test_rule_text_is_never_rich_markup(tiny: RulePack) -> None:
    _, _, text = interview(tiny, ["?", "y", "?", "y"])
    assert "Danger [now]" in text
    assert "Danger help [red]text[/red]." in text
    assert "Is it [bold]dangerous[/bold]?" in text
    assert "Call [help]." in text


def test_scale_prompt_shows_its_range(tiny: RulePack) -> None:
    got, _, text = interview(tiny, ["n", "12", "4", ""])  # minutes still matter at pain 4
    assert "a number from 0 to 10" in text
    assert "Please type a number from 0 to 10" in text
    assert "a number from 0 to 120 (minutes)" in text
    assert got["pain"] == 4
    assert got["minutes"] == "unknown"


CHECKLIST_PACK = TINY_PACK.replace(
    "questions:\n",
    "questions:\n"
    "  - {id: any_sign, text: Any warning sign?, type: yes_no, checklist: true, help: List.}\n",
    1,
)


@pytest.fixture
def with_checklist(tmp_path: Path) -> RulePack:
    (tmp_path / "pack.yaml").write_text(CHECKLIST_PACK, encoding="utf-8")
    return load_rules(tmp_path, builtin=False)


def test_a_yes_to_the_list_is_kept_even_when_no_sign_is_named(with_checklist: RulePack) -> None:
    state = Interview(with_checklist, {})
    state.reply(state.current(), "y")  # "one of these applies"
    state.reply(state.current(), "")  # danger: don't know
    state.reply(state.current(), "")  # other sign: don't know
    assert state.answers["any_sign"] == "yes"
    assert state.answers["danger"] == "unknown"


def test_the_checklist_question_is_never_asked_on_its_own(with_checklist: RulePack) -> None:
    state = Interview(with_checklist, {})
    state.reply(state.current(), "n")
    assert state.answers["any_sign"] == "no"
    while (step := state.current()) is not None:
        assert isinstance(step, Ask)
        assert step.question.id != "any_sign"
        state.reply(step, "")


def test_back_restores_the_checklist_answer(with_checklist: RulePack) -> None:
    state = Interview(with_checklist, {})
    state.reply(state.current(), "n")
    assert state.reply(state.current(), "b") is Reply.BACK
    assert "any_sign" not in state.answers
    assert "danger" not in state.answers


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("nope", "no"), ("Yep", "yes"), ("maybe", "unknown"), ("not sure", "unknown")],
)
def test_everyday_words_are_understood(pack: RulePack, typed: str, expected: str) -> None:
    question = next(q for q in pack.questions if q.type == "yes_no" and not q.checklist)
    state = Interview(pack, dict(ADULT))
    assert state.reply(Ask(question), typed) is Reply.ANSWERED
    assert state.answers[question.id] == expected


def test_quit_stops_like_ctrl_c(pack: RulePack) -> None:
    state = Interview(pack, dict(ADULT))
    for typed in ("q", "quit"):
        assert state.reply(state.current(), typed) is Reply.QUIT
    assert state.answers == ADULT


def test_enter_keeps_the_earlier_answer_after_going_back(pack: RulePack) -> None:
    state = Interview(pack, dict(ADULT))
    state.reply(state.current(), "n")  # the emergency list
    step = state.current()
    state.reply(step, "y")  # the urgent list: drill down
    first = state.current()
    state.reply(first, "y")
    state.reply(state.current(), "b")
    assert state.current() == first
    assert state.reply(first, "") is Reply.ANSWERED
    assert state.answers[first.question.id] == "yes"  # kept, not turned into "don't know"


# --- the pack's own grouped lists (issue #15) --------------------------------------------

RUNNER = {
    **ADULT,
    "cramp_location": "leg_or_foot",
    "recent_strenuous_exercise": "yes",
    "during_or_after_exercise": "yes",
    "frequency": "first_time",
}
"""A calf cramp after a run, up to the list "about the cramp"."""


def at_the_cramp_list(pack: RulePack) -> Interview:
    state = Interview(pack, {**dict.fromkeys(screening_ids(pack), "no"), **RUNNER})
    step = state.current()
    assert isinstance(step, Group)
    assert step.key == "about_the_cramp"
    assert step.level is None
    return state


def test_no_to_a_pack_list_answers_each_question_no_in_one_step(pack: RulePack) -> None:
    state = at_the_cramp_list(pack)
    step = state.current()
    assert isinstance(step, Group)
    before = state.progress()
    assert state.reply(step, "n") is Reply.ANSWERED
    assert all(state.answers[q.id] == "no" for q in step.questions)
    assert "any_warning_sign" not in state.answers  # only warning-sign lists record it
    after = state.progress()
    assert after[0] == before[0] + 1
    assert after[1] <= before[1]
    assert isinstance(state.current(), Group)  # then the list "about you"


@pytest.mark.parametrize("reply", ["y", ""])
def test_yes_or_dont_know_to_a_pack_list_asks_each_in_turn(pack: RulePack, reply: str) -> None:
    state = at_the_cramp_list(pack)
    step = state.current()
    assert isinstance(step, Group)
    state.reply(step, reply)
    assert not any(q.id in state.answers for q in step.questions)
    asked = []
    while isinstance(nxt := state.current(), Ask) and nxt.question.list == step.key:
        asked.append(nxt.question.id)
        state.reply(nxt, "n")
    assert asked[:2] == ["radiating_pain", "numbness_tingling"]
    assert {q.id for q in step.questions} <= set(asked)


def test_back_undoes_a_pack_list(pack: RulePack) -> None:
    state = at_the_cramp_list(pack)
    step = state.current()
    assert isinstance(step, Group)
    state.reply(step, "n")
    assert state.reply(state.current(), "b") is Reply.BACK  # type: ignore[arg-type]
    assert state.current() == step
    assert not any(q.id in state.answers for q in step.questions)


def test_a_pack_list_with_one_question_left_asks_it_alone(pack: RulePack) -> None:
    members = [q.id for q in pack.questions if q.list == "about_the_cramp"]
    answers = {**dict.fromkeys(screening_ids(pack), "no"), **RUNNER}
    answers.update(dict.fromkeys(members[1:], "no"))
    step = Interview(pack, answers).current()
    assert isinstance(step, Ask)
    assert step.question.id == members[0]


def test_the_whole_questionnaire_asks_list_questions_alone(pack: RulePack) -> None:
    answers = {**dict.fromkeys(screening_ids(pack), "no"), **RUNNER}
    step = Interview(pack, answers, grouped=False).current()
    assert isinstance(step, Ask)
    assert step.question.id == "radiating_pain"


def test_a_pack_list_shows_its_labels_and_its_help(pack: RulePack) -> None:
    members = [q for q in pack.questions if q.list == "about_the_cramp"]
    given = {**no_to_all_but_warning_signs(pack), **RUNNER}
    given.update({**dict.fromkeys(screening_ids(pack), "no")})
    for q in members:
        del given[q.id]
    step = Interview(pack, given).current()
    assert isinstance(step, Group)
    assert len(step.questions) >= 2
    _, _, text = interview(pack, ["?", "n"], given)
    assert "About the cramp and the last few days. Do any of these apply to you?" in text
    assert all(f"  - {q.short}" in text for q in step.questions)
    about = next(item for item in pack.lists if item.id == "about_the_cramp")
    assert f"Why we ask: {about.help}"[:60] in " ".join(text.split())
    assert "None of these." in text
