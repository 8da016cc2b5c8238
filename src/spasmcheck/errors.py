"""The one exception hierarchy: each error knows its exit code and a one-line message.

Only ``spasmcheck.cli`` turns these into exit codes; the library raises them and never exits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import Any, NamedTuple

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""C0 and C1 control characters and DEL: the raw material of terminal escape sequences."""


def printable(text: str) -> str:
    """``text`` with every control character escaped (``\\n``, ``\\x1b``), newline and tab
    included: for file names and messages printed on one line, where a name holding a
    newline or ESC could forge a problem line or drive the terminal."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char, f"\\x{ord(char):02x}")


class ExitCode(IntEnum):
    """Exit codes of the command line (DESIGN.md, "Exit codes")."""

    OK = 0
    CHECK_FAILED = 1
    BAD_INPUT = 2
    BAD_RULES = 3
    INTERRUPTED = 130


class Problem(NamedTuple):
    """One finding about a rule file, pointing at the YAML node it is about.

    A named tuple, not a dataclass: this module is imported by every command, and a
    dataclass ``exec()``s its methods at import."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"
    check: str | None = None
    """The id of the named lint check that found it (``rules validate --disable ID``);
    ``None`` for a problem of loading, which no option can switch off."""

    @classmethod
    def at(
        cls, pos: Any, message: str, severity: str = "error", check: str | None = None
    ) -> Problem:
        """A problem at a ``Pos`` (anything with path, line and column)."""
        return cls(pos.path, pos.line, pos.column, message, severity, check)

    def __str__(self) -> str:
        """``path:line:column: message``, control characters escaped (``printable``)."""
        return printable(f"{self.path}:{self.line}:{self.column}: {self.message}")

    def with_severity(self) -> str:
        """``path:line:column: severity: message [check]``, the form of ``rules validate``."""
        named = f" [{self.check}]" if self.check else ""
        where = f"{self.path}:{self.line}:{self.column}"
        return printable(f"{where}: {self.severity}: {self.message}{named}")


class SpasmcheckError(Exception):
    """Base of every expected error; ``str(error)`` is the line shown to the user."""

    exit_code: ExitCode = ExitCode.BAD_INPUT


class UsageError(SpasmcheckError):
    """Bad usage or bad input: an unknown id, a value the question does not allow, a bad file."""

    exit_code = ExitCode.BAD_INPUT


class RulePackError(SpasmcheckError):
    """The rule pack cannot be used; carries every problem found, not just the first."""

    exit_code = ExitCode.BAD_RULES

    def __init__(self, problems: Sequence[Problem], files: Sequence[str] = ()) -> None:
        self.problems = tuple(problems)
        self.files = tuple(files)  # in the order packs are layered: the order to report in
        super().__init__("\n".join(str(p) for p in self.problems))


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word``, if any is close enough to be a likely typo."""
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a message, or nothing when no choice is close."""
    match = closest(word, choices)
    return f" (did you mean {match!r}?)" if match else ""
