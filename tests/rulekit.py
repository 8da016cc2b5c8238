"""Test helpers for rule packs, in the spirit of yamllint's RuleTestCase: YAML text in,
problems or outcome out, one line per case."""

from __future__ import annotations

from pathlib import Path

from spasmcheck.errors import Problem, RulePackError
from spasmcheck.lint import lint
from spasmcheck.loader import load_rules

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


def check(folder: Path, rules: str, *expected: tuple[int, int, str, str]) -> None:
    """Assert the folder's problems: each expected is (line, column, severity, words in it)."""
    found = mine(problems_of(write_pack(folder, rules)), folder)
    assert len(found) == len(expected), found
    for got, (line, column, severity, words) in zip(found, expected, strict=True):
        assert got[:3] == (line, column, severity), found
        assert words in got[3], found


STATIN_QUESTION = """\
format: 1
questions:
  - id: takes_statins
    text: Do you take a statin?
    type: yes_no
    help: Statins can cause muscle aches.
"""
"""A one-question pack that extends the built-in one; tests add sections below it."""
