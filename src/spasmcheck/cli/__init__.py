"""The command line: parse, call the core, render, and map errors to exit codes.

This is the one place that turns ``SpasmcheckError`` into an exit code. Modules are
imported inside commands, so each command pays only for what it uses.
"""

# No ``from __future__ import annotations`` in this module: Typer would then evaluate every
# parameter's annotation from a string (compile + eval) at each start-up.

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from spasmcheck import __version__
from spasmcheck.errors import ExitCode, RulePackError, SpasmcheckError, UsageError

app = typer.Typer(
    name="spasmcheck",
    help="Offline self-assessment for muscle spasms and cramps. Not a diagnosis.",
    no_args_is_help=True,
    add_completion=False,
    # Answers are health data: never print local variables, never a pretty traceback.
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _say(message: str) -> None:
    """One line for the user on stderr (stdout is for results)."""
    sys.stderr.write(message.rstrip("\n") + "\n")


@contextmanager
def handled() -> Iterator[None]:
    """Expected errors become one line on stderr and their exit code; never a traceback."""
    try:
        yield
    except RulePackError as error:
        for problem in error.problems:
            _say(str(problem))
        _say(f"spasmcheck: the rule pack is invalid ({len(error.problems)} problem(s))")
        raise typer.Exit(error.exit_code) from None
    except SpasmcheckError as error:
        _say(f"spasmcheck: {error}")
        raise typer.Exit(error.exit_code) from None
    except (KeyboardInterrupt, EOFError):
        _say("\nspasmcheck: cancelled; nothing was saved.")
        raise typer.Exit(ExitCode.INTERRUPTED) from None


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"spasmcheck {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Offline self-assessment for muscle spasms and cramps. Not a diagnosis."""


RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules", help="Also load rules from this folder (repeatable).", show_default=False
    ),
]

NoBuiltinOption = Annotated[
    bool,
    typer.Option("--no-builtin-rules", help="Use only the given rule folders, not the built-in."),
]


def _load(rules: list[Path] | None, builtin: bool = True):
    """The built-in rules, the user's folder, SPASMCHECK_RULES, then each --rules folder."""
    from spasmcheck.pack.folders import load_in_use

    return load_in_use(rules or [], builtin=builtin)


class OutputFormat(str, Enum):
    rich = "rich"
    plain = "plain"
    json = "json"
    markdown = "markdown"


@app.command()
def assess(
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            metavar="ID=VALUE",
            help="An answer, e.g. -a radiating_pain=yes (repeatable).",
        ),
    ] = None,
    answers_file: Annotated[
        str | None,
        typer.Option(
            "--answers",
            metavar="FILE|-",
            help="YAML or JSON answers; - reads stdin. Flags override it.",
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask: unanswered questions count as unknown.")
    ] = False,
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f", help="rich (default on a terminal), plain, json or markdown."
        ),
    ] = None,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour codes.")] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the summary to this file instead."),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="For rule authors: on stderr, why each red flag, triage rule and cause "
            "did or did not fire (stdout, e.g. JSON, is unchanged).",
        ),
    ] = False,
    batch: Annotated[
        str | None,
        typer.Option(
            "--batch",
            metavar="FILE|-",
            help="JSON Lines of answers (- reads stdin): one JSON result per line on stdout.",
        ),
    ] = None,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="With --batch: stop at the first bad line.")
    ] = False,
) -> None:
    """Assess a spasm or cramp: warning signs first, then the likely cause and what to do."""
    if batch is not None or fail_fast:
        mixed = answer or answers_file or output or explain
        _batch(batch, rules, not no_builtin, fail_fast, mixed, fmt)
    with handled():
        from spasmcheck.engine import assess as run_assessment
        from spasmcheck.engine import next_question
        from spasmcheck.engine.answers import gather_answers

        pack = _load(rules, builtin=not no_builtin)
        answers = gather_answers(pack, answers_file, answer or [], stdin=sys.stdin)

        chosen = fmt or (
            OutputFormat.rich if output is None and sys.stdout.isatty() else OutputFormat.plain
        )
        stopped_early = False
        if not no_input and answers_file != "-":
            if not sys.stdin.isatty():
                # Never wait for input that cannot come; fine if nothing is left to ask.
                if next_question(pack, answers) is not None:
                    raise UsageError(
                        "no terminal to ask questions on: pass answers with -a ID=VALUE, "
                        "--answers FILE (or - for stdin), and --no-input"
                    )
            else:
                from spasmcheck.interview import run_interview

                answers, stopped_early = run_interview(
                    pack, answers, color=_color(no_color, sys.stderr)
                )
        result = run_assessment(pack, answers, stopped_early=stopped_early)
        _emit(result, chosen, no_color=no_color, output=output)
        if explain:
            from spasmcheck.render.explain import explain as explanation

            sys.stderr.write(explanation(pack, result))


def _batch(
    source: str | None,
    rules: list[Path] | None,
    builtin: bool,
    fail_fast: bool,
    mixed: object,
    fmt: object,
) -> None:
    """``--batch``: its own module does the work; here only the options are checked."""
    with handled():
        if source is None:
            raise UsageError("--fail-fast only applies with --batch FILE")
        if mixed or fmt not in (None, OutputFormat.json):
            raise UsageError(
                "--batch reads answers from its file and writes JSON Lines to stdout: "
                "leave out -a, --answers, --output and --explain (--format can only be json)"
            )
        from .batch import run_batch

        code = run_batch(_load(rules, builtin=builtin), source, fail_fast=fail_fast)
    raise typer.Exit(code)


def _color(no_color: bool, stream: object) -> bool:
    """Whether to write colour codes to ``stream``, by the ecosystem's conventions.

    Off-switches win: ``--no-color``, a non-empty ``NO_COLOR`` (no-color.org) or
    ``TERM=dumb`` mean no escape codes at all, even with ``FORCE_COLOR``. Otherwise a
    non-empty ``FORCE_COLOR`` (other than ``0``/``false``) forces colour (force-color.org),
    and by default there is colour only when ``stream`` is a terminal.
    """
    if no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    force = os.environ.get("FORCE_COLOR", "")
    if force and force.lower() not in ("0", "false"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _emit(result, fmt: OutputFormat, *, no_color: bool, output: Path | None) -> None:
    from spasmcheck.render import Format, render

    if output is not None:
        from .output import write_private

        write_private(output, render(result, Format(fmt.value), color=False))
        _say(f"spasmcheck: summary written to {output}")
        return
    width = _width()
    sys.stdout.write(
        render(result, Format(fmt.value), color=_color(no_color, sys.stdout), width=width)
    )


def _width() -> int:
    try:
        return min(int(os.environ.get("COLUMNS", "")) or 80, 100)
    except ValueError:
        import shutil

        return min(shutil.get_terminal_size((80, 24)).columns, 100)


class QuestionsFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def questions(
    fmt: Annotated[
        QuestionsFormat, typer.Option("--format", "-f", help="table or json.")
    ] = QuestionsFormat.table,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """List every question: its id, type and allowed values, and when it is asked."""
    with handled():
        from spasmcheck.render import questions as listing

        pack = _load(rules, builtin=not no_builtin)
        if fmt is QuestionsFormat.json:
            sys.stdout.write(listing.to_json(pack))
        else:
            sys.stdout.write(listing.to_table(pack, width=_width()))


def main() -> None:
    """Entry point of the ``spasmcheck`` command."""
    app()


from .rules import rules_app  # noqa: E402  (it builds on the helpers above)

app.add_typer(rules_app, name="rules")
