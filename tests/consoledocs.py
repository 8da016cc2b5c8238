"""Run the examples of a Markdown page as a reader would, and say where they drift.

A page is read top to bottom in a scratch folder of its own, so later examples see what
earlier ones made. What is run:

- a `` ```console `` block: each line starting with ``$ `` is a command (a line ending in
  `` \\`` goes on to the next), the lines after it up to the next command are what it must
  print: stdout and stderr as a terminal shows them, trailing spaces ignored. A line that
  is just ``...`` stands for any number of lines (none included); a ``…`` within a
  line stands for any text in that line (a hash or a version that changes with the rules).
- a `` ```python `` block: run as it is (it must not raise).

What a page can say in an HTML comment (not shown on GitHub) on the line just before a
fenced block, or on a line of its own:

- ``<!-- file: PATH -->`` before a block: the block is the content of PATH, written when
  the reader gets there.
- ``<!-- edit PATH: "OLD" -> "NEW" -->``: replace the first OLD in PATH with NEW (JSON
  strings), for "say you typed this by mistake" steps.
- ``<!-- not-tested: REASON -->`` before a block: the block is not run; a reason is required.
- ``<!-- terminal -->`` before a console block: its ``spasmcheck`` commands run at a
  terminal, the replies typed being what follows each prompt's ``> `` in the block (a
  terminal echoes them), so an interview transcript is checked line by line. A transcript
  cannot elide a reply: write it whole.

``spasmcheck`` commands run in this process through Typer's ``CliRunner`` (with any
``NAME=value`` before them as their environment, and ``<``, ``>``, ``2>``, ``2>&1``
redirections); ``echo`` and ``cat`` are done here too; anything else in a pipeline
(``grep``, ``mv``) goes to ``sh``. A page may use only programs a fresh machine with Python
has, or mark the block not tested.

``SPASMCHECK_UPDATE_DOCS=1 python -m pytest -n 0 tests/test_docs.py`` rewrites each drifted
output in the page with what was printed instead of failing (``...`` elisions in a drifted
block are lost): review the diff like any other change.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spasmcheck.cli import app, main

from .docpage import PROMPT, commands, matches, split_pipeline, steps

__all__ = ["matches", "read", "split_pipeline", "steps"]


@dataclass
class Reader:
    """A reader at a terminal in ``folder``, typing a page's commands one after another."""

    folder: Path
    status: int = 0  # $? after the last command

    def run(self, command: str, replies: list[str] | None = None) -> str:
        """Run one command line; return what the terminal shows. With ``replies``,
        ``spasmcheck`` runs at a terminal and they are typed when it asks."""
        shown, piped = "", None
        stages = split_pipeline(command)
        for number, stage in enumerate(stages):
            last = number == len(stages) - 1
            words = shlex.split(stage)
            if _is_spasmcheck(words):
                if replies is not None:
                    shown += self._at_terminal(words, replies)
                    continue
                piped, tty = self._spasmcheck(words, piped, last)
                shown += tty
                continue
            if words[0] == "echo":
                out, err = " ".join(words[1:]).replace("$?", str(self.status)) + "\n", ""
                self.status = 0
            elif words[0] == "cat":
                out, err = "".join((self.folder / name).read_text() for name in words[1:]), ""
                out, self.status = out or piped or "", 0
            else:
                out, err = self._shell(stage, piped)
            shown += err + (out if last else "")
            piped = out
        return shown

    def _spasmcheck(self, words: list[str], piped: str | None, last: bool) -> tuple[str, str]:
        """Run ``[NAME=value ...] spasmcheck ARGS [redirections]`` with CliRunner; return
        what goes to the next stage of the pipeline, and what goes to the terminal."""
        at = words.index("spasmcheck")
        env = dict(w.split("=", 1) for w in words[:at])
        args, stdin = [], piped
        targets = {1: "tty" if last else "pipe", 2: "tty"}
        rest = iter(words[at + 1 :])
        for word in rest:
            redirect = re.fullmatch(r"([12]?)(>|<)(&[12])?(.*)", word)
            if not redirect:
                args.append(word)
                continue
            fd, arrow, dup, target = redirect.groups()
            target = target or ("" if dup else next(rest))
            if arrow == "<":
                stdin = (self.folder / target).read_text()
            elif dup:
                targets[int(fd or 1)] = targets[int(dup[1])]
            else:
                targets[int(fd or 1)] = "null" if target == "/dev/null" else target
        result = CliRunner().invoke(app, args, input=stdin, env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        self.status = result.exit_code
        streams = {"pipe": "", "tty": ""}
        if targets[1] == targets[2]:  # both to one place: in the order they were written
            written = {targets[1]: result.output}
        else:
            written = {targets[1]: result.stdout, targets[2]: result.stderr}
        for target, text in written.items():
            if target in streams:
                streams[target] += text
            elif target != "null":
                (self.folder / target).write_text(text)
        return streams["pipe"], streams["tty"]

    def _at_terminal(self, words: list[str], replies: list[str]) -> str:
        at = words.index("spasmcheck")
        screen = _Screen()
        with pytest.MonkeyPatch.context() as patch:
            for name, value in (w.split("=", 1) for w in words[:at]):
                patch.setenv(name, value)
            patch.setattr(sys, "argv", words[at:])
            patch.setattr(sys, "stdin", _Keyboard(screen, list(replies)))
            patch.setattr(sys, "stdout", screen)
            patch.setattr(sys, "stderr", screen)
            self.status = 0
            try:
                main()
            except SystemExit as done:
                self.status = int(done.code or 0)
        return screen.getvalue()

    def _shell(self, stage: str, piped: str | None) -> tuple[str, str]:
        program = shlex.split(stage)[0]
        if not shutil.which(program):
            raise AssertionError(
                f"`{program}` is not on this machine (CI has Python and pip only): "
                "use spasmcheck or python, or mark the block <!-- not-tested: REASON -->"
            )
        done = subprocess.run(
            ["sh", "-c", stage],
            input=piped,
            capture_output=True,
            text=True,
            cwd=self.folder,
            timeout=60,
            check=False,
        )
        self.status = done.returncode
        return done.stdout, done.stderr


def _is_spasmcheck(words: list[str]) -> bool:
    """Whether a command is ``[NAME=value ...] spasmcheck ...``."""
    return "spasmcheck" in words and all("=" in w for w in words[: words.index("spasmcheck")])


class _Screen(io.StringIO):
    """A terminal's screen: stdout and stderr both land on it."""

    def isatty(self) -> bool:
        return True


class _Keyboard(io.TextIOBase):
    """A terminal's keyboard: types the next reply when asked, echoed on the screen."""

    def __init__(self, screen: _Screen, replies: list[str]) -> None:
        self.screen, self.replies = screen, replies

    def isatty(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:
        if not self.replies:
            return ""  # end of input: the interview stops, and the output shows it
        reply = self.replies.pop(0) + "\n"
        self.screen.write(reply)
        return reply


@contextlib.contextmanager
def _in(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def read(page_path: Path, folder: Path) -> list[str]:
    """Do what page ``page_path`` shows, in ``folder``; return the skipped blocks' reasons.

    Fails the test at the first example whose output differs from the page."""
    name = page_path.name
    reader = Reader(folder)
    skipped = []
    fixes: list[tuple[int, int, list[str], str]] = []
    with _in(folder):
        for step in steps(page_path.read_text(encoding="utf-8")):
            where = f"{name}:{step.line}"
            if step.kind == "skip":
                skipped.append(f"{where}: {step.reason}")
            elif step.kind == "file":
                target = folder / step.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(step.text, encoding="utf-8")
            elif step.kind == "edit":
                old, new = json.loads(step.text)
                target = folder / step.path
                text = target.read_text(encoding="utf-8")
                assert old in text, f"{where}: {step.path} has no {old!r} to edit"
                target.write_text(text.replace(old, new, 1), encoding="utf-8")
            elif step.kind == "python":
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(step.text, where, "exec"), {"__name__": "__docs__"})
            else:
                for line, command, expected in commands(step.text, step.line):
                    typed = [m.group(1) or "" for m in map(PROMPT.match, expected) if m]
                    shown = reader.run(command, typed if step.kind == "terminal" else None)
                    if not matches(expected, shown) and UPDATE:
                        fixes.append((line, len(expected), expected, shown))
                    elif not matches(expected, shown):
                        pytest.fail(
                            f"{name}:{line}: `$ {command}` printed\n{shown}\n"
                            "--- where the page shows\n" + "\n".join(expected),
                            pytrace=False,
                        )
    if fixes:
        _rewrite(page_path, fixes)
    return skipped


UPDATE = os.environ.get("SPASMCHECK_UPDATE_DOCS") == "1"


def _rewrite(page_path: Path, fixes: list[tuple[int, int, list[str], str]]) -> None:
    """Put what was printed in place of each drifted output, last first so lines stay put."""
    lines = page_path.read_text(encoding="utf-8").split("\n")
    for line, count, expected, shown in sorted(fixes, reverse=True):
        start = line - 1
        while lines[start].endswith("\\"):
            start += 1
        start += 1
        blank_tail = len(expected) - len("\n".join(expected).rstrip().split("\n"))
        printed = [row.rstrip() for row in shown.rstrip().split("\n")] if shown.strip() else []
        lines[start : start + count] = printed + [""] * max(blank_tail, 0)
    page_path.write_text("\n".join(lines), encoding="utf-8")
