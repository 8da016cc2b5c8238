"""Docs that cannot drift: every page's commands and examples are the real ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spasmcheck import __version__

from . import consoledocs

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
"""Every page whose examples are run: a new page in docs/ joins by being there."""


def section(title: str, text: str = README) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section {title!r}"
    return match.group(1)


def code_blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    """Both make a virtual environment first: pip refuses to install outside one on
    many systems (PEP 668). CI runs the second line exactly as written."""
    (block,) = code_blocks(section("Quick start"), "sh")
    commands = block.strip().splitlines()
    assert len(commands) == 2
    venv = "python3 -m venv .venv && . .venv/bin/activate && "
    assert commands[0] == venv + "pip install . && spasmcheck assess"
    assert commands[1] == venv + 'pip install -e ".[test]" && python -m pytest'
    assert commands[1] in (ROOT / ".ci" / "run").read_text().splitlines()


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_example_prints_what_the_page_shows(page: Path, tmp_path: Path) -> None:
    """Each console block's commands, run in order in a folder of the page's own, print
    what the page shows; each python block runs (see tests/consoledocs.py)."""
    consoledocs.read(page, tmp_path)


def test_the_readme_links_every_page() -> None:
    documentation = section("Documentation")
    for page in PAGES[1:]:
        assert f"(docs/{page.name})" in documentation, page.name


def test_changelog_mentions_the_current_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog")
    assert f"## [{__version__}]" in changelog


def test_every_test_the_docs_name_exists() -> None:
    """docs/SAFETY.md points each hazard's control at a test: that test must exist."""
    for doc in (ROOT / "docs").glob("*.md"):
        for file, name in re.findall(r"(tests/\w+\.py)::(\w+)", doc.read_text(encoding="utf-8")):
            source = (ROOT / file).read_text(encoding="utf-8")
            assert re.search(rf"^\s*def {name}\(", source, re.M), f"{doc.name}: {file}::{name}"


def _commands() -> list[tuple[str, str | None]]:
    """Every command of the CLI as (invocation, help text), sub-commands included."""
    import typer.main

    from spasmcheck.cli import app

    root = typer.main.get_command(app)
    found = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        found.append((f"spasmcheck {name}", command.help))
        for sub, subcommand in getattr(command, "commands", {}).items():
            found.append((f"spasmcheck {name} {sub}", subcommand.help))
    return found


def test_every_command_has_help_and_is_in_the_docs() -> None:
    commands = _commands()
    assert len(commands) >= 9
    docs = "".join(page.read_text(encoding="utf-8") for page in PAGES)
    for invocation, help_text in commands:
        assert (help_text or "").strip(), f"{invocation} has no help"
        assert invocation in docs, f"no page mentions {invocation}"


def test_python_api_example_prints_what_it_says(capsys: pytest.CaptureFixture[str]) -> None:
    scripting = (ROOT / "docs" / "scripting.md").read_text(encoding="utf-8")
    blocks = code_blocks(section("From Python", scripting), "python")
    example = next(b for b in blocks if "parse_answers" in b)
    exec(compile(example, "scripting.md", "exec"), {})
    first_line = capsys.readouterr().out.splitlines()[0]
    assert first_line == "see_doctor pinched_nerve"


def test_every_module_and_public_name_has_a_docstring() -> None:
    """A stranger reads the package by its docstrings: every module, and every public
    class, function and method (nested helpers excepted), says in a line why it is there."""
    import ast

    missing = []
    for path in sorted((ROOT / "src" / "spasmcheck").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        if not ast.get_docstring(tree):
            missing.append(f"{where}: module")
        scopes = [tree, *(n for n in tree.body if isinstance(n, ast.ClassDef))]
        for scope in scopes:
            for node in scope.body:
                named = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                if named and not node.name.startswith("_") and not ast.get_docstring(node):
                    missing.append(f"{where}:{node.lineno}: {node.name}")
    assert missing == []


def test_license_file_is_the_mit_licence_pyproject_declares() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in pyproject
    assert '"LICENSE"' in pyproject  # shipped in the sdist
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 The spasmcheck developers" in text
