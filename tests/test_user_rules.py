"""User rule folders: --rules, SPASMCHECK_RULES and the per-user folder, layered explicitly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spasmcheck.errors import RulePackError, UsageError
from spasmcheck.pack.folders import ENV_VAR, folders_in_use, load_in_use
from spasmcheck.pack.loader import load_rules

from .helpers import invoke, write_pack
from .rulekit import STATIN_QUESTION, mine, problems_of

NEW_QUESTION = STATIN_QUESTION

LOWER_FLAG = """\
format: 1
red_flags:
  - id: saddle_numbness
    replace: true
    when: {question: saddle_numbness, is: yes}
    level: urgent
    title: Saddle numbness
    advice: See a doctor today.
    source: nhs_cauda_equina
"""


def test_a_folder_adds_to_the_builtin_pack(tmp_path: Path) -> None:
    pack = load_rules(write_pack(tmp_path / "clinic", NEW_QUESTION))
    assert "takes_statins" in pack.question_index
    assert "saddle_numbness" in pack.question_index
    assert pack.origin(pack.question("takes_statins").pos) == str(tmp_path / "clinic")
    assert pack.origin(pack.question("saddle_numbness").pos) == "built-in"


def test_reusing_a_builtin_id_without_replace_is_an_error(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", LOWER_FLAG.replace("    replace: true\n", ""))
    [(line, column, severity, message)] = mine(problems_of(folder), folder)
    assert (line, column, severity) == (3, 5, "error")
    assert "red flag 'saddle_numbness' is defined twice (first at " in message
    assert "write 'replace: true'" in message


def test_replace_without_an_earlier_definition_is_an_error(tmp_path: Path) -> None:
    folder = write_pack(
        tmp_path / "p", LOWER_FLAG.replace("id: saddle_numbness", "id: sadle_numbness")
    )
    [(_, _, severity, message)] = mine(problems_of(folder), folder)
    assert severity == "error"
    assert "no earlier pack defines it (did you mean 'saddle_numbness'?)" in message


def test_lowering_a_red_flag_is_explicit_and_warned(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", LOWER_FLAG)
    pack = load_rules(folder)
    flag = next(r for r in pack.red_flags if r.id == "saddle_numbness")
    assert flag.level == "urgent"
    [(line, _, severity, message)] = mine(problems_of(folder), folder)
    assert (line, severity) == (3, "warning")
    assert "lowered from emergency to urgent" in message


def test_replace_keeps_the_original_place(tmp_path: Path, pack) -> None:
    pack2 = load_rules(write_pack(tmp_path / "p", LOWER_FLAG))
    assert [r.id for r in pack2.red_flags] == [r.id for r in pack.red_flags]


def test_removing_a_red_flag_is_explicit_and_warned(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", "format: 1\nremove_red_flags: [recent_injury]\n")
    pack = load_rules(folder)
    assert "recent_injury" not in {r.id for r in pack.red_flags}
    problems = mine(problems_of(folder), folder)
    assert [p[:3] for p in problems] == [(2, 20, "warning")]
    assert "'recent_injury' (urgent," in problems[0][3]
    assert "is removed" in problems[0][3]


def test_removing_an_unknown_red_flag_is_an_error(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", "format: 1\nremove_red_flags: [recent_injry]\n")
    with pytest.raises(RulePackError) as caught:
        load_rules(folder)
    assert "did you mean 'recent_injury'?" in str(caught.value)


def test_pack_metadata_in_a_later_pack_needs_replace(tmp_path: Path) -> None:
    meta = "format: 1\npack:\n  name: Clinic\n  version: '1'\n  disclaimer: Not a diagnosis.\n"
    folder = write_pack(tmp_path / "p", meta)
    [(_, _, _, message)] = mine(problems_of(folder), folder)
    assert "pack metadata ('pack:') is already given" in message
    replaced = write_pack(tmp_path / "q", meta + "  replace: true\n")
    assert load_rules(replaced).info.name == "Clinic"


def test_no_builtin_rules_runs_only_the_given_folders(tmp_path: Path) -> None:
    meta = "pack:\n  name: Alone\n  version: '1'\n  disclaimer: Not a diagnosis.\n"
    pack = load_rules(write_pack(tmp_path / "p", NEW_QUESTION + meta), builtin=False)
    assert [q.id for q in pack.questions] == ["takes_statins"]


def test_folders_in_use_order_user_then_env_then_flags(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    env = {ENV_VAR: os.pathsep.join([str(tmp_path / "a"), "", str(tmp_path / "b")])}
    found = folders_in_use([tmp_path / "c"], env=env, user_dir=user)
    assert found == [user, tmp_path / "a", tmp_path / "b", tmp_path / "c"]
    assert folders_in_use([], env={}, user_dir=tmp_path / "missing") == []


def test_env_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="rules folder not found"):
        load_in_use(env={ENV_VAR: str(tmp_path / "nope")}, user_dir=tmp_path / "none")


def test_user_folder_from_platformdirs_is_used_when_it_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    write_pack(tmp_path / "spasmcheck" / "rules", NEW_QUESTION)
    assert "takes_statins" in load_in_use().question_index


def test_cli_env_var_and_no_builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_pack(tmp_path / "p", NEW_QUESTION)
    monkeypatch.setenv(ENV_VAR, str(folder))
    result = invoke("questions", "--format", "json")
    assert result.exit_code == 0
    assert "takes_statins" in result.stdout
    listed = invoke("rules", "list")
    assert listed.exit_code == 0
    row = next(line for line in listed.stdout.splitlines() if "takes_statins" in line)
    assert str(folder) in row
    alone = invoke("questions", "--no-builtin-rules")
    assert alone.exit_code == 3  # the folder alone has no pack metadata
    assert "one file must have it" in alone.stderr


REMOVE_INJURY = "format: 1\nremove_red_flags: [recent_injury]\n"
INJURED = ("assess", "--no-input", "-a", "recent_injury=yes", "--format", "json")


def test_assess_names_the_per_user_folder_and_the_red_flags_it_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    user = write_pack(tmp_path / "spasmcheck" / "rules", REMOVE_INJURY)
    result = invoke(*INJURED)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"spasmcheck: also using rules from {user}; "
        "they remove the warning sign(s) recent_injury (urgent)\n"
    )
    assert "recent_injury" not in result.stdout.split('"triage"')[1].split("]")[0]


def test_the_per_user_folder_given_again_with_rules_is_one_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    user = write_pack(tmp_path / "spasmcheck" / "rules", NEW_QUESTION)
    for again in (str(user), f"{user}/../rules"):  # the same folder, however it is spelt
        result = invoke("assess", "--no-input", "--format", "json", "--rules", again)
        assert result.exit_code == 0, result.stderr
        assert "defined twice" not in result.stderr
        assert result.stderr == f"spasmcheck: also using rules from {user}\n"
        assert invoke("rules", "validate", "--rules", again).exit_code == 0
        assert invoke("rules", "list", "--rules", again).exit_code == 0


def test_a_folder_typed_with_rules_is_named_only_when_it_removes_a_red_flag(
    tmp_path: Path,
) -> None:
    adds = write_pack(tmp_path / "adds", NEW_QUESTION)
    quiet = invoke("assess", "--no-input", "--format", "json", "--rules", str(adds))
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    removes = write_pack(tmp_path / "removes", REMOVE_INJURY)
    loud = invoke(*INJURED, "--rules", str(removes))
    assert loud.exit_code == 0
    assert loud.stderr == (
        f"spasmcheck: also using rules from {removes}; "
        "they remove the warning sign(s) recent_injury (urgent)\n"
    )
