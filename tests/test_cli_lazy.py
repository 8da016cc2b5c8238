"""The command table: a sub-command's module is imported only when it is run or listed."""

from __future__ import annotations

import pytest
import typer.main

from spasmcheck.cli import COMMANDS, app
from spasmcheck.cli.lazy import LazyCommands, lazy_group

from .helpers import fresh_imports, invoke

JSON_RUN = ("assess", "--no-input", "-a", "recent_strenuous_exercise=yes", "--format", "json")


def test_running_assess_imports_no_other_command() -> None:
    code, out, modules = fresh_imports(*JSON_RUN)
    assert code == 0
    assert out.startswith("{")
    assert "spasmcheck.cli.assess" in modules
    assert not modules & {"spasmcheck.cli.rules", "spasmcheck.cli.questions"}


def test_help_lists_every_command_of_the_table_in_its_order() -> None:
    code, out, modules = fresh_imports("--help")
    assert code == 0
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == [name for name in COMMANDS if " " not in name]
    assert {"spasmcheck.cli.rules", "spasmcheck.cli.questions"} <= modules


def test_every_entry_builds_the_command_it_names() -> None:
    root = typer.main.get_command(app)
    for name in COMMANDS:
        command = root
        for word in name.split():
            command = command.commands[word]  # type: ignore[attr-defined]
        assert command.name == name.split()[-1]
        assert (command.help or "").strip()


def test_a_mistyped_command_is_still_suggested_without_building_it() -> None:
    result = invoke("asess")
    assert result.exit_code == 2
    assert "No such command 'asess'. Did you mean 'assess'?" in result.stderr
    assert "Did you mean 'validate'?" in invoke("rules", "valdate").stderr


def test_a_group_sub_command_can_be_one_line_of_the_table() -> None:
    table = {
        "rules": "spasmcheck.cli.rules:rules_app",
        "rules again": "spasmcheck.cli.questions:questions",
        "missing": "spasmcheck.cli.no_such_module:command",
    }
    lazy = typer.Typer(cls=lazy_group(table))
    lazy.callback()(lambda: None)
    group = typer.main.get_command(lazy)
    commands = group.commands  # type: ignore[attr-defined]
    assert list(commands) == ["rules", "missing"]  # known before anything is built
    assert isinstance(commands, LazyCommands)
    rules = commands["rules"]
    assert list(rules.commands)[-1] == "again"
    assert rules.commands["again"].name == "again"
    assert "validate" in rules.commands
    with pytest.raises(ModuleNotFoundError):
        commands["missing"]
    with pytest.raises(KeyError):
        commands["nothing"]
