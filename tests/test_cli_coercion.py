"""Option values taken without Pydantic come out exactly as Typer's own conversion gives."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main
from typer._coercion import build_runtime_param

from spasmcheck.cli import app
from spasmcheck.cli.coercion import QuickCoercion

from .helpers import fresh_imports, invoke


def _every_param() -> list[tuple[str, Any, Any]]:
    """(command words, parameter, context) for every option and argument, -h included."""
    found = []

    def walk(command: Any, words: str) -> None:
        ctx = typer.Context(command, info_name=words)
        found.extend((f"{words} {p.name}", p, ctx) for p in command.get_params(ctx))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{words} {name}")

    walk(typer.main.get_command(app), "spasmcheck")
    return found


PARAMS = _every_param()
VALUES: list[Any] = [None, "", "json", "JSON", "x=y", "zz", "uk", "table", "text", ".", "1"]
VALUES += [("a=b", "c"), ["."], (), True, False, 3, b"json"]


def _outcome(convert: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return "value", convert.coerce(value, param=param, ctx=ctx)
    except Exception as error:
        return type(error).__name__, str(error)


@pytest.mark.parametrize(("name", "param", "ctx"), PARAMS, ids=[p[0] for p in PARAMS])
def test_quick_conversion_agrees_with_typers_own(name: str, param: Any, ctx: Any) -> None:
    assert param.type_descriptor  # every parameter is Typer's
    samples = [
        *VALUES,
        param.default,
        *(getattr(param.type_descriptor.annotation, "__members__", {}).values()),
    ]
    for value in samples:
        typers = _outcome(build_runtime_param(param.type_descriptor), value, param, ctx)
        param._runtime_param = None
        quick = _outcome(QuickCoercion(), value, param, ctx)
        assert quick == typers, (name, value)
        assert type(quick[1]) is type(typers[1]), (name, value)


def test_the_json_run_never_imports_pydantic_but_a_wrong_value_is_still_explained() -> None:
    run = ("assess", "--no-input", "-a", "recent_strenuous_exercise=yes", "--format", "json")
    code, _, modules = fresh_imports(*run)
    assert code == 0
    assert "spasmcheck.engine" in modules  # the run really assessed
    assert not {m for m in modules if m.split(".")[0] in ("pydantic", "pydantic_core")}
    wrong = invoke("assess", "--no-input", "--format", "xml")
    assert wrong.exit_code == 2
    assert "Invalid value for '--format' / '-f': Value error, 'xml' is not one of 'rich', " in (
        wrong.stderr
    )
