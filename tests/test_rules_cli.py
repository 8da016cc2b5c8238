"""The `rules` commands and `assess --explain`, through CliRunner."""

from __future__ import annotations

import json
from itertools import takewhile
from pathlib import Path

from .helpers import invoke, write_pack

cli = invoke


# The built-in triage rules on likely_cause alone warn until they are rewritten (issue #9);
# the tests about a folder's own problems leave that check out.
def test_validate_builtin_is_clean() -> None:
    # warnings do not fail it
    assert cli("rules", "validate").exit_code == 0
    result = cli("rules", "validate")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.endswith("0 error(s), 0 warning(s)\n")


def test_validate_json(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", "format: 1\nremove_red_flags: [cold_pale_limb]\n")
    result = cli("rules", "validate", str(folder), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    # the removal, and the question no red flag reads any more
    assert (data["errors"], data["warnings"]) == (0, 2)
    # built-in files first, then the folder on top of them: the order packs are layered in
    assert [p["severity"] for p in data["problems"]] == ["warning", "warning"]
    assert data["problems"][-1]["path"] == str(folder / "rules.yaml")
    assert cli("rules", "validate", str(folder), "--strict").exit_code == 1


def test_validate_text_is_path_line_column_severity_message(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", "format: 1\nquestions:\n  - id: x\n    txt: Hi\n")
    result = cli("rules", "validate", str(folder))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{folder / 'rules.yaml'}:3:5: error: question is missing the required key 'type'",
        f"{folder / 'rules.yaml'}:3:5: error: question is missing the required key 'help'",
        f"{folder / 'rules.yaml'}:4:5: error: unknown key 'txt' in question (did you mean 'text'?)",
    ]


def test_init_then_validate_and_test_pass(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    assert cli("rules", "init", str(target)).exit_code == 0
    first = (target / "rules.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/rules.schema.json"
    assert (target / "schema" / "rules.schema.json").is_file()
    assert cli("rules", "validate", str(target), "--strict").exit_code == 0
    tested = cli("rules", "test", str(target), "--coverage")
    assert tested.exit_code == 0, tested.output
    assert "1 passed, 0 failed" in tested.stdout
    assert "coverage: 2 of 2 exercised" in tested.stdout
    again = cli("rules", "init", str(target))
    assert again.exit_code == 2
    assert "already exists and is not an empty folder" in again.stderr


def test_test_failure_shows_where_what_and_why(tmp_path: Path) -> None:
    folder = write_pack(
        tmp_path / "p",
        "format: 1\n",
        "format: 1\ncases:\n  - name: wrong\n    answers: {radiating_pain: yes}\n"
        "    expect: {triage: urgent, likely_cause: null}\n",
    )
    result = cli("rules", "test", str(folder))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{folder / 'tests' / 'cases.yaml'}:3:5: FAIL wrong"
    assert "    triage: expected urgent, got see_doctor" in lines
    assert "    likely_cause: expected null (none), got pinched_nerve" in lines
    assert "    | cause pinched_nerve: score 3 (radiating_pain=yes +3)" in lines
    assert lines[-1] == "0 passed, 1 failed"


def test_one_test_file_runs_against_its_pack(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    cli("rules", "init", str(target))
    result = cli("rules", "test", str(target / "tests" / "rules.yaml"), "--coverage")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 passed, 0 failed\ncoverage: 2 of 2 exercised\n"


def test_builtin_rule_tests_pass_with_full_coverage() -> None:
    result = cli("rules", "test", "--coverage")
    assert result.exit_code == 0, result.stdout
    assert ", 0 failed" in result.stdout
    assert "not covered" not in result.stdout


def test_no_cases_is_bad_usage(tmp_path: Path) -> None:
    result = cli("rules", "test", str(write_pack(tmp_path / "p", "format: 1\n")))
    assert result.exit_code == 2
    assert "no rule test cases found" in result.stderr


def test_list_and_show() -> None:
    listed = cli("rules", "list")
    assert listed.exit_code == 0
    row = next(x for x in listed.stdout.splitlines() if x.startswith("red flag") and "saddle" in x)
    assert "emergency" in row
    assert "built-in" in row
    shown = cli("rules", "show", "pinched_nerve")
    assert shown.exit_code == 0
    assert shown.stdout.startswith("# cause 'pinched_nerve' from the built-in pack, at ")
    assert "  - id: pinched_nerve\n    name: A pinched nerve\n" in shown.stdout
    missing = cli("rules", "show", "pinched_nerv")
    assert missing.exit_code == 2
    assert "did you mean 'pinched_nerve'?" in missing.stderr


def test_explain_goes_to_stderr_and_json_stays_valid() -> None:
    result = cli(
        "assess", "--no-input", "-a", "radiating_pain=yes", "-a", "frequency=daily",
        "--format", "json", "--explain",
    )  # fmt: skip
    assert result.exit_code == 0
    assert json.loads(result.stdout)["likely_cause"] == "pinched_nerve"
    err = result.stderr.splitlines()
    assert "  daily_cramps (see_doctor): FIRED" in err
    assert "      [held] frequency is daily (answer: daily)" in err
    assert "  saddle_numbness (emergency): did not fire" in err
    assert "      [unknown] saddle_numbness is yes (answer: unknown)" in err
    assert "  pinched_nerve: score 3, likely" in err


def test_every_rules_command_has_help() -> None:
    for command in ("validate", "test", "schema", "init", "list", "show"):
        result = cli("rules", command, "--help")
        assert result.exit_code == 0
        assert "--no-builtin-rules" in result.stdout or command in ("schema", "init")


def test_explain_shows_only_if_and_counts_no_evidence_when_it_fails() -> None:
    result = cli(
        "assess", "--no-input", "-a", "cramp_location=hand_or_arm", "-a", "night_cramps=yes",
        "-f", "json", "--explain",
    )  # fmt: skip
    after = result.stderr.split("\n  night_leg_cramps:")[1].splitlines()[1:]
    block = "\n".join(takewhile(lambda line: line.startswith("    "), after))
    assert "only_if: does not apply: no evidence counts" in block
    assert " counted" not in block.replace("not counted", "")


def test_validate_and_test_take_rules_like_list_and_show(tmp_path: Path) -> None:
    bad = write_pack(tmp_path / "bad", "format: 1\nquestions:\n  - id: x\n    txt: Hi\n")
    by_argument = cli("rules", "validate", str(bad))
    by_option = cli("rules", "validate", "--rules", str(bad))
    assert by_option.exit_code == by_argument.exit_code == 1
    assert by_option.stdout == by_argument.stdout != ""
    # repeatable, and together with a folder argument
    target = tmp_path / "mine"
    cli("rules", "init", str(target))
    both = cli("rules", "validate", str(target), "--rules", str(bad))
    assert both.exit_code == 1
    assert both.stdout == by_argument.stdout

    alone = cli("rules", "test", str(target))
    layered = cli("rules", "test", "--rules", str(target), "--coverage")
    builtin = cli("rules", "test")
    assert alone.stdout == "1 passed, 0 failed\n"
    assert layered.exit_code == 0, layered.output
    passed = int(builtin.stdout.split(" passed")[0].splitlines()[-1])
    assert f"{passed + 1} passed, 0 failed" in layered.stdout
    assert "coverage: 2 of 2 exercised" in layered.stdout  # of the --rules folder's rules
