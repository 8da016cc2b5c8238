"""The command line: parse, call the core, render, and map errors to exit codes.

One module per command (``assess``, ``questions``, ``rules``, ``log``, ``diary``,
``trends``, ``report``), each built on ``common``
(the one place that turns ``SpasmcheckError`` into an exit code); this module only puts
them together, in ``COMMANDS``. A command's module is imported only when that command
is run or listed (``lazy``), and modules of the core inside commands, so each command
pays only for what it uses.
"""

# No ``from __future__ import annotations`` in this module: Typer would then evaluate every
# parameter's annotation from a string (compile + eval) at each start-up.

import sys
from typing import Annotated

import typer

from spasmcheck import __version__
from spasmcheck.errors import SpasmcheckError

from . import streams
from .common import HELP_OPTIONS, say
from .lazy import lazy_group

COMMANDS = {
    "assess": "spasmcheck.cli.assess:assess",
    "questions": "spasmcheck.cli.questions:questions",
    "rules": "spasmcheck.cli.rules:rules_app",
    "rules export": "spasmcheck.cli.export:export",
    "rules diff": "spasmcheck.cli.diff:diff",
    "log": "spasmcheck.cli.log:log",
    "diary": "spasmcheck.cli.diary:diary_app",
    "trends": "spasmcheck.cli.trends:trends",
    "report": "spasmcheck.cli.report:report",
}
"""Every sub-command, in the order help lists them: its name (``"rules NAME"`` for one of
``rules``) and ``"module:attribute"``, a command function or a ``typer.Typer`` group.
A new command is one line here; its module is imported only when it is run or listed."""

app = typer.Typer(
    name="spasmcheck",
    help="Offline self-assessment for muscle spasms and cramps. Not a diagnosis.",
    no_args_is_help=True,
    # --install-completion / --show-completion, on the root command only. Typer imports its
    # completion code either way; building the two options costs about 1 ms of an ~85 ms
    # `spasmcheck --version` (farm-bench, same tree with it off: median ratio 1.01-1.02).
    add_completion=True,
    # Answers are health data: never print local variables, never a pretty traceback.
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings=HELP_OPTIONS,
    cls=lazy_group(COMMANDS),
)
"""The ``spasmcheck`` command and its sub-commands."""


def _version(value: bool) -> None:
    if value:
        streams.write_out(f"spasmcheck {__version__}\n")
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


def main() -> None:
    """Entry point of the ``spasmcheck`` command.

    The streams are made safe first (closed, full or not UTF-8, see ``streams``); an
    expected error that escaped a command's own handling (``--version`` to a full disk)
    still becomes one line and its exit code; stdout is flushed before exit, so a failed
    write is reported rather than printed as a warning by the interpreter.
    """
    streams.prepare()
    code: int | str | None = 0
    try:
        app()
    except SystemExit as done:
        code = done.code
    except SpasmcheckError as error:
        say(f"spasmcheck: {error}")
        code = int(error.exit_code)
    sys.exit(streams.finish() or code)
