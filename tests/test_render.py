"""Renderers: every format handled, levels in words, rule text kept literal."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path

import pytest

from spasmcheck import assess, load_rules, parse_answers
from spasmcheck.pack.levels import LEVELS
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render import Format, render
from spasmcheck.render.json import to_dict
from spasmcheck.render.summary import action
from spasmcheck.words import EMERGENCY_FOCUS, LEVEL_TEXT

from .helpers import CASES, MINI_PACK, write_pack


def result_for(pack: RulePack, level: str):
    result = assess(pack, parse_answers(pack, CASES[level]))
    assert result.triage.level == level
    return result


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_is_handled(pack: RulePack, fmt: Format) -> None:
    text = render(result_for(pack, "self_care"), fmt, color=False, width=80, pack=pack)
    assert text.strip()


def test_fhir_needs_the_pack(pack: RulePack) -> None:
    with pytest.raises(ValueError, match="needs the pack"):
        render(result_for(pack, "self_care"), Format.fhir)


def test_an_unknown_format_is_refused_not_ignored(pack: RulePack) -> None:
    with pytest.raises(AssertionError, match="xml"):
        render(result_for(pack, "self_care"), "xml", width=80)  # type: ignore[arg-type]


def test_the_cli_format_option_is_the_one_format_enum() -> None:
    from spasmcheck.cli.assess import assess

    hint = typing.get_type_hints(assess, include_extras=True)["fmt"]
    assert typing.get_args(hint)[0] == Format | None


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_is_accepted_by_the_cli(fmt: Format) -> None:
    from typer.testing import CliRunner

    from spasmcheck.cli import app

    result = CliRunner().invoke(app, ["assess", "--no-input", "--no-color", "-f", fmt.value])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()


@pytest.mark.parametrize("level", LEVELS)
def test_plain_output_states_level_in_words(pack: RulePack, level: str) -> None:
    """Colour is never the only signal: the word and the symbol are in the text."""
    result = result_for(pack, level)
    text = render(result, Format.plain, width=80)
    words = LEVEL_TEXT[level]
    assert text.startswith(f"[{words.symbol}] {words.word}\n")
    assert action(result).split()[0] in text
    assert "\x1b[" not in text


def test_plain_fits_the_width(pack: RulePack) -> None:
    for width in (40, 60, 80):
        text = render(result_for(pack, "emergency"), Format.plain, width=width)
        assert max(len(line) for line in text.splitlines()) <= width


def test_plain_shows_the_evidence_and_the_sources(pack: RulePack) -> None:
    text = render(result_for(pack, "self_care"), Format.plain, width=100, pack=pack)
    assert "Likely cause: Tired or overused muscles" in text
    wording = pack.question("recent_strenuous_exercise").text
    assert f"({wording} yes)" in " ".join(text.split())
    assert "[NHS:" in text or "[Mayo Clinic:" in text


def test_plain_says_when_no_cause_stands_out(pack: RulePack) -> None:
    text = render(assess(pack, {}), Format.plain, width=80)
    assert "No single cause stands out" in text


def test_json_is_the_contract_object(pack: RulePack) -> None:
    result = result_for(pack, "urgent")
    assert json.loads(render(result, Format.json)) == to_dict(result)


def test_markdown_layout(pack: RulePack) -> None:
    """A report a doctor can read: dated, questions in words, never by id."""
    text = render(result_for(pack, "emergency"), Format.markdown, pack=pack)
    assert text.startswith("# spasmcheck: a report for your doctor\n")
    assert re.search(r"Report made \d{4}-\d\d-\d\d \d\d:\d\d\. Rules: spasmcheck", text)
    assert "**Urgency: EMERGENCY**" in text
    assert "## Why this urgency" in text
    wording = pack.question("saddle_numbness").text
    assert f"**{wording}:** yes" in text
    assert "saddle_numbness" not in text


MARKUP = r"a *b* _c_ `d` [e](f) <g> #h |i| \j"
ESCAPED = r"a \*b\* \_c\_ \`d\` \[e\](f) \<g\> \#h \|i\| \\j"


def test_markdown_escapes_rule_text(tmp_path: Path) -> None:
    """Rule text that looks like Markdown is shown as written, not restyled."""
    quoted = '"' + MARKUP.replace("\\", "\\\\") + '"'
    text = MINI_PACK
    for old in ("title: Danger", "advice: Call for help.", "disclaimer: Not a diagnosis.",
                "name: Alpha", "text: Rest alpha."):  # fmt: skip
        key = old.split(":")[0]
        assert old in text
        text = text.replace(old, f"{key}: {quoted}", 1)
    mini = load_rules(write_pack(tmp_path, {"pack.yaml": text}), builtin=False)
    emergency = render(assess(mini, {"danger": "yes"}), Format.markdown)
    likely = render(assess(mini, {"danger": "no", "sore": "yes"}), Format.markdown)
    assert emergency.count(ESCAPED) == 3  # the warning sign's title and advice, the disclaimer
    assert likely.count(ESCAPED) == 3  # the cause's name, its advice, the disclaimer
    assert MARKUP not in emergency + likely


@pytest.mark.parametrize("fmt", [Format.plain, Format.rich, Format.markdown])
def test_an_emergency_summary_leaves_out_self_care_advice(pack: RulePack, fmt: Format) -> None:
    """Under "call 999", stretching tips could only distract or falsely reassure."""
    emergency = render(result_for(pack, "emergency"), fmt, width=100)
    assert EMERGENCY_FOCUS in emergency
    assert "What to do now" not in emergency
    assert "prevent" not in emergency.lower()
    urgent = render(result_for(pack, "urgent"), fmt, width=100)
    assert EMERGENCY_FOCUS not in urgent
    assert "What to do now" in urgent


def test_an_emergency_keeps_every_json_key(pack: RulePack) -> None:
    data = json.loads(render(result_for(pack, "emergency"), Format.json))
    assert data["immediate_relief"]  # scripts decide for themselves what to show
