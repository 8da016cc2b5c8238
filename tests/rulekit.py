"""Test helpers for rule packs, in the spirit of yamllint's RuleTestCase: YAML text in,
problems or outcome out, one line per case."""

from __future__ import annotations

from pathlib import Path

from spasmcheck.errors import Problem, RulePackError
from spasmcheck.pack.lint import lint
from spasmcheck.pack.loader import load_rules

from .helpers import write_pack


def problems_of(folder: Path, *, builtin: bool = True) -> list[Problem]:
    """Every problem ``rules validate`` would report for a folder on the built-in pack."""
    try:
        return lint(load_rules(folder, builtin=builtin))
    except RulePackError as error:
        return list(error.problems)


def mine(problems: list[Problem], folder: Path) -> list[tuple[int, int, str, str]]:
    """(line, column, severity, message) of the problems in the folder's own files."""
    return [
        (p.line, p.column, p.severity, p.message)
        for p in problems
        if p.path.startswith(str(folder))
    ]


Expected = tuple[int, int, str | None] | tuple[int, int, str | None, str]


def check(folder: Path, rules: str, *expected: Expected) -> None:
    """Assert the folder's problems, one per expected (line, column, check id[, words]).

    The check id is ``None`` for a problem of loading.
    """
    found = [p for p in problems_of(write_pack(folder, rules)) if p.path.startswith(str(folder))]
    assert [(p.line, p.column, p.check) for p in found] == [e[:3] for e in expected], found
    for got, want in zip(found, expected, strict=True):
        if len(want) > 3:
            assert want[3] in got.message, found


STATIN_QUESTION = """\
format: 1
questions:
  - id: takes_statins
    text: Do you take a statin?
    type: yes_no
    help: Statins can cause muscle aches.
"""
"""A one-question pack that extends the built-in one; tests add sections below it."""
