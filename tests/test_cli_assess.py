"""``spasmcheck assess`` and ``questions`` for scripts, through CliRunner; one real process."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import Result

from spasmcheck import __version__

from .helpers import invoke, run_program, write_pack

SCRIPT = ["assess", "--no-input", "-a", "radiating_pain=yes", "-a", "numbness_tingling=y"]
spasmcheck = invoke


def assert_clean_error(result: Result, code: int, *needles: str) -> None:
    """One line on stderr naming the problem, nothing on stdout, no traceback."""
    assert result.exit_code == code, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no crash
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0]


def assert_script_json(stdout: str) -> None:
    data = json.loads(stdout)
    assert data["schema_version"] == 1
    assert data["likely_cause"] == "pinched_nerve"
    assert data["triage"]["level"] == "see_doctor"
    assert data["answers"]["radiating_pain"] == "yes"
    assert data["answers"]["numbness_tingling"] == "yes"
    assert "saddle_numbness" in data["unanswered"]
    assert data["answers"]["saddle_numbness"] == "unknown"


def test_script_gets_json_and_nothing_else_on_stdout() -> None:
    result = spasmcheck(*SCRIPT, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert_script_json(result.stdout)
    assert result.stderr == ""


PROBE = """\
import runpy, sys
where = sys.argv.pop(1)
try:
    runpy.run_module("spasmcheck", run_name="__main__", alter_sys=True)
finally:
    with open(where, "w") as file:
        file.write(" ".join(sorted(sys.modules)))
"""


@pytest.mark.slow
def test_real_process_json_run_never_imports_rich(tmp_path: Path) -> None:
    """Smoke test of the installed program as a script runs it: JSON alone on stdout,
    nothing on stderr, exit 0, and start-up never pays for Rich."""
    modules = tmp_path / "modules.txt"
    result = run_program("-c", PROBE, str(modules), *SCRIPT, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert_script_json(result.stdout)
    assert result.stderr == ""
    loaded = set(modules.read_text().split())
    assert "spasmcheck.engine" in loaded  # the probe really ran an assessment
    assert not {m for m in loaded if m.split(".")[0] == "rich"}
    assert "spasmcheck.interview" not in loaded


def test_answers_file_yaml_with_natural_booleans(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("numbness_tingling: no\nfrequency: daily\nradiating_pain: yes\n")
    result = spasmcheck("assess", "--no-input", "--answers", str(answers), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"]["numbness_tingling"] == "no"
    assert data["answers"]["radiating_pain"] == "yes"
    assert data["answers"]["frequency"] == "daily"
    assert "daily_cramps" in data["triage"]["reasons"]


def test_answers_json_from_stdin_and_flags_override() -> None:
    stdin = json.dumps({"radiating_pain": True, "recent_strenuous_exercise": "yes"})
    result = spasmcheck(
        "assess", "--answers", "-", "-a", "radiating_pain=no", "-f", "json", input=stdin
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answers"]["radiating_pain"] == "no"
    assert data["answers"]["recent_strenuous_exercise"] == "yes"


def test_plain_format_has_no_colour_codes() -> None:
    result = spasmcheck(*SCRIPT, "--format", "plain")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "SEE A DOCTOR" in result.stdout
    assert "Likely cause: A pinched nerve" in result.stdout
    assert "not a diagnosis" in result.stdout


def test_markdown_format() -> None:
    result = spasmcheck(*SCRIPT, "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# spasmcheck: a report for your doctor")
    assert "## Likely cause" in result.stdout


def test_version() -> None:
    result = spasmcheck("--version")
    assert (result.exit_code, result.stdout) == (0, f"spasmcheck {__version__}\n")


def test_questions_json_lists_every_question_with_allowed_values() -> None:
    result = spasmcheck("questions", "--format", "json")
    assert result.exit_code == 0
    questions = {q["id"]: q for q in json.loads(result.stdout)["questions"]}
    assert questions["frequency"]["allowed"] == [
        "first_time",
        "occasional",
        "weekly",
        "daily",
        "unknown",
    ]
    assert questions["saddle_numbness"]["screening"] is True
    assert questions["radiating_pain"]["allowed"] == ["yes", "no", "unknown"]
    assert questions["during_or_after_exercise"]["asked_when"] == "recent_strenuous_exercise is yes"
    assert all(q["text"] and q["type"] for q in questions.values())


def test_questions_table_for_people() -> None:
    result = spasmcheck("questions")
    assert result.exit_code == 0
    assert "frequency  [choice: first_time, occasional, weekly, daily, unknown]" in result.stdout


# --- bad input: one line, the right code, nothing on stdout, no traceback ----------------


def test_unknown_question_id_suggests_closest() -> None:
    result = spasmcheck("assess", "--no-input", "-a", "radiatng_pain=yes")
    assert_clean_error(
        result, 2, "unknown question id 'radiatng_pain'", "did you mean 'radiating_pain'?"
    )


def test_invalid_value_says_what_is_allowed() -> None:
    result = spasmcheck("assess", "--no-input", "-a", "frequency=hourly")
    assert_clean_error(
        result, 2, "invalid value for frequency", "first_time, occasional, weekly, daily (or their"
    )


@pytest.mark.parametrize("value", ["daily", "4", "Every day", "EVERY DAY"])
def test_a_choice_flag_takes_id_number_or_label(value: str) -> None:
    result = invoke(
        "assess", "--no-input", "-f", "json", "-a", f"frequency={value}", "-a", "affects_sleep=Y"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"]["frequency"] == "daily"


def test_malformed_assignment() -> None:
    assert_clean_error(
        spasmcheck("assess", "--no-input", "-a", "radiating_pain"), 2, "expected ID=VALUE"
    )


def test_unreadable_answers_file(tmp_path: Path) -> None:
    result = spasmcheck("assess", "--no-input", "--answers", str(tmp_path / "missing.yaml"))
    assert_clean_error(result, 2, "missing.yaml: cannot read answers file")


def test_malformed_answers_file_has_position(tmp_path: Path) -> None:
    bad = tmp_path / "answers.yaml"
    bad.write_text("radiating_pain: yes\nfrequency: [daily\n")
    assert_clean_error(
        spasmcheck("assess", "--no-input", "--answers", str(bad)),
        2,
        "answers.yaml:3:1: invalid YAML",
    )


def test_answers_file_not_a_mapping(tmp_path: Path) -> None:
    bad = tmp_path / "answers.json"
    bad.write_text('["radiating_pain"]')
    assert_clean_error(
        spasmcheck("assess", "--no-input", "--answers", str(bad)), 2, "expected a mapping"
    )


@pytest.mark.parametrize("stdin", ["", "{not json", "just text"])
def test_malformed_stdin(stdin: str) -> None:
    result = spasmcheck("assess", "--answers", "-", input=stdin)
    assert_clean_error(result, 2, "<stdin>")


def test_missing_rules_folder(tmp_path: Path) -> None:
    result = spasmcheck("assess", "--no-input", "--rules", str(tmp_path / "nope"))
    assert_clean_error(result, 2, "rules folder not found")


def test_empty_rules_folder(tmp_path: Path) -> None:
    assert_clean_error(
        spasmcheck("assess", "--no-input", "--rules", str(tmp_path)), 2, "no rule files"
    )


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("format: 1\npack: [unclosed\n", "bad.yaml:3:1: invalid YAML"),
        ("format: 1\nformat: 1\n", "bad.yaml:2:1: duplicate key 'format'"),
        (
            "format: 1\nred_flags:\n  - {id: x, when: {question: nope, is: yes}, level: urgent, "
            "title: X, advice: Y, source: nhs_leg_cramps}\n",
            "bad.yaml:3:30: unknown question 'nope'",
        ),
    ],
    ids=["syntax", "duplicate-key", "unknown-reference"],
)
def test_invalid_rule_pack_exits_3_with_positions(tmp_path: Path, text: str, needle: str) -> None:
    write_pack(tmp_path, {"bad.yaml": text})
    result = spasmcheck("assess", "--no-input", "--rules", str(tmp_path))
    assert result.exit_code == 3
    assert isinstance(result.exception, SystemExit)  # an expected error, not a crash
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert needle in result.stderr.replace(f"{tmp_path}/", "")


def test_errors_never_echo_other_answers() -> None:
    result = spasmcheck(
        "assess", "--no-input", "-a", "saddle_numbness=yes", "-a", "frequency=hourly"
    )
    assert "saddle_numbness" not in result.stderr


def test_no_terminal_and_no_answers_exits_2_at_once() -> None:
    result = spasmcheck("assess")
    assert_clean_error(result, 2, "no terminal", "--no-input")


def test_output_file_is_private_and_complete(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    result = spasmcheck(*SCRIPT, "--format", "markdown", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text().startswith("# spasmcheck: a report for your doctor")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary left behind


def test_nothing_written_without_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = spasmcheck(*SCRIPT, "--format", "json")
    assert result.exit_code == 0
    assert list(tmp_path.iterdir()) == []


def test_no_terminal_is_fine_when_nothing_is_left_to_ask() -> None:
    """An emergency answer ends the questions, so there is nothing to wait for."""
    result = spasmcheck("assess", "-a", "saddle_numbness=yes", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("r.json", '{\n  "schema_version": 1'),
        ("R.JSON", '{\n  "schema_version": 1'),
        ("r.md", "# spasmcheck: a report for your doctor"),
        ("r.txt", "[!] SEE A DOCTOR"),
        ("r", "[!] SEE A DOCTOR"),  # no extension: plain, as before
    ],
)
def test_output_format_comes_from_the_extension(tmp_path: Path, name: str, starts: str) -> None:
    target = tmp_path / name
    result = spasmcheck(*SCRIPT, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text().startswith(starts)


def test_format_option_wins_over_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    result = spasmcheck(*SCRIPT, "--output", str(target), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert target.read_text().startswith("# spasmcheck: a report for your doctor")


@pytest.mark.parametrize("name", ["r.html", "R.HTM"])
def test_html_output_is_the_report_for_a_doctor(tmp_path: Path, name: str) -> None:
    """Same renderer as ``spasmcheck report``, for one assessment: private, in words."""
    target = tmp_path / name
    result = spasmcheck(*SCRIPT, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "SEE A DOCTOR" in page
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_existing_output_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text("keep me")
    refused = spasmcheck(*SCRIPT, "--output", str(target))
    assert refused.exit_code == 2
    assert refused.stderr == f"spasmcheck: {target} exists; use --force to replace it\n"
    assert target.read_text() == "keep me"
    replaced = spasmcheck(*SCRIPT, "--output", str(target), "--force")
    assert replaced.exit_code == 0, replaced.stderr
    assert json.loads(target.read_text())["schema_version"] == 1
    alone = spasmcheck(*SCRIPT, "--force")
    assert_clean_error(alone, 2, "--force only applies with --output")
