"""Help that reads as written for people: ``-h`` everywhere, no Python types leaking."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from spasmcheck.cli import app

from .helpers import invoke


def _command_paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command, as the words that name it."""
    found = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += _command_paths(sub, (*path, name))
    return found


COMMANDS = _command_paths(typer.main.get_command(app))
TYPE_LEAK = re.compile(r"<[^>\s]+>|\{[^}\s]+\}")


def test_the_tree_has_every_command() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"", "assess", "questions", "rules", "rules validate", "rules test"} <= names
    assert {"rules show", "rules init", "rules list", "rules schema"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "spasmcheck")
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_of_every_command_has_no_type_names(path: tuple[str, ...], flag: str) -> None:
    result = invoke(*path, flag, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Usage: spasmcheck")
    assert "-h, --help" in result.stdout
    leaks = TYPE_LEAK.findall(result.stdout)
    assert not leaks, f"type names in help of {' '.join(path)!r}: {leaks}"
    assert "list[" not in result.stdout


def test_shell_completion_is_offered_on_the_root_command_only() -> None:
    root = invoke("--help").stdout
    assert "--install-completion" in root
    assert "--show-completion" in root
    assert "--install-completion" not in invoke("assess", "--help").stdout


def test_show_completion_prints_a_script_for_the_named_shell() -> None:
    result = CliRunner().invoke(app, ["--show-completion", "bash"], prog_name="spasmcheck")
    assert result.exit_code == 0
    assert result.stdout.startswith("_spasmcheck_completion() {")
    assert "_SPASMCHECK_COMPLETE=complete_bash" in result.stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [("spasmcheck rules va", "validate"), ("spasmcheck assess --form", "--format")],
)
def test_completion_completes_commands_and_options(words: str, expected: str) -> None:
    env = {
        "_SPASMCHECK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="spasmcheck")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [expected]
