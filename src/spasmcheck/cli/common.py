"""What every command shares: one line on stderr, errors to exit codes, the pack in use.

Import-light on purpose: ``spasmcheck --version`` loads this module and nothing of the
core; each helper imports what it needs when it is called.
"""

# No ``from __future__ import annotations``: Typer reads the option types below at every
# start-up, and real annotations cost nothing to read where strings must be compiled.

import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from spasmcheck.errors import ExitCode, RulePackError, SpasmcheckError, printable

from .coercion import quick_params

if TYPE_CHECKING:  # the model is imported only by the commands that load a pack
    from spasmcheck.pack.rulepack import RulePack
    from spasmcheck.words import Region

HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
"""``-h`` as well as ``--help``: set on the root command, inherited by every sub-command."""


class _Argument(TyperArgument):
    """An argument shown by its metavar alone: ``ID``, not ``ID <str>`` and ``{ID}``."""

    def display_type_rich(self, ctx: typer.Context) -> str | None:  # type: ignore[override]
        """No ``<type>`` after the name: the metavar and the help say what is expected."""
        return None

    def get_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        """``ID`` when required, ``[DIR]...`` when optional and repeatable."""
        name = self.metavar or (self.name or "").upper()
        piece = name if self.required else f"[{name}]"
        return [piece + ("..." if self.nargs != 1 else "")]


class Command(TyperCommand):
    """A command whose help names its arguments by their metavar, never by Python types,
    and whose plain option values are taken without loading Pydantic (``coercion``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _Argument

    def get_params(self, ctx: typer.Context) -> list[Any]:  # type: ignore[override]
        """The parameters, the help option among them, each converting quickly."""
        return quick_params(super().get_params(ctx))


class Group(TyperGroup):
    """A group (``typer.Typer(cls=Group)``) whose own options, ``-h`` included, are taken
    without loading Pydantic, like a ``Command``'s."""

    def get_params(self, ctx: typer.Context) -> list[Any]:  # type: ignore[override]
        """The parameters, the help option among them, each converting quickly."""
        return quick_params(super().get_params(ctx))


RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="Also load rules from this folder (repeatable).",
        show_default=False,
    ),
]
"""``--rules DIR``, repeatable: folders layered on the ones in use."""

NoBuiltinOption = Annotated[
    bool,
    typer.Option("--no-builtin-rules", help="Use only the given rule folders, not the built-in."),
]
"""``--no-builtin-rules``: leave the built-in pack out."""


class RegionChoice(str, Enum):
    """The regions ``--region`` takes (``words.REGIONS`` has their numbers and words)."""

    uk = "uk"
    eu = "eu"
    us = "us"
    au = "au"


RegionOption = Annotated[
    RegionChoice | None,
    typer.Option(
        "--region",
        metavar="REGION",
        envvar="SPASMCHECK_REGION",
        show_envvar=True,
        show_default=False,
        help="Emergency numbers and services for uk (999, 111), eu (112), us (911) or "
        "au (000). Default: from the locale (LANG), else uk.",
    ),
]
"""``--region`` / ``SPASMCHECK_REGION``: where the person is."""

_EU = " AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS NO CH "
"""Countries whose emergency number is 112 (the EU, the EEA and Switzerland)."""
_BY_COUNTRY = {"GB": "uk", "UK": "uk", "US": "us", "AU": "au"}


def guess_region(env: Mapping[str, str]) -> str | None:
    """The region the locale names (``en_GB.UTF-8`` -> uk, ``de_DE`` -> eu), or ``None``.

    The first of LC_ALL, LC_MESSAGES and LANG that is set decides, as for messages."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            country = value.split(".")[0].split("@")[0].partition("_")[2].upper()
            if country and f" {country} " in _EU:
                return "eu"
            return _BY_COUNTRY.get(country)
    return None


def region_in_use(choice: RegionChoice | None, env: Mapping[str, str] | None = None) -> "Region":
    """The region: ``--region`` or SPASMCHECK_REGION, else the locale's, else the default."""
    from spasmcheck.words import DEFAULT_REGION, REGIONS

    code = choice.value if choice is not None else guess_region(os.environ if env is None else env)
    return REGIONS[code or DEFAULT_REGION]


def accessible(plain_asked: bool) -> bool:
    """Screen-reader mode: no boxes in the interview. ``ACCESSIBLE`` set (other than
    ``0``/``false``), the convention of other terminal prompt libraries, or ``--format
    plain`` asked for."""
    value = os.environ.get("ACCESSIBLE", "")
    return plain_asked or bool(value and value.lower() not in ("0", "false"))


def say(message: str) -> None:
    """One line for the user on stderr (stdout is for results). A stderr that cannot be
    written (closed, full) loses the line, never the exit code."""
    try:
        sys.stderr.write(message.rstrip("\n") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


@contextmanager
def handled() -> Iterator[None]:
    """Expected errors become one line on stderr and their exit code; never a traceback."""
    try:
        yield
    except RulePackError as error:
        for problem in error.problems:
            say(str(problem))
        say(f"spasmcheck: the rule pack is invalid ({len(error.problems)} problem(s))")
        raise typer.Exit(error.exit_code) from None
    except SpasmcheckError as error:  # a file name in it may hold a newline or ESC
        say(f"spasmcheck: {printable(str(error))}")
        raise typer.Exit(error.exit_code) from None
    except (KeyboardInterrupt, EOFError):
        say("\nspasmcheck: cancelled; nothing was saved.")
        raise typer.Exit(ExitCode.INTERRUPTED) from None


def load_pack(
    folders: list[Path] | None = None, *, builtin: bool = True, only: bool = False
) -> "RulePack":
    """The pack a command uses (``pack.folders.load_in_use``): the built-in rules unless
    ``builtin`` is false, the per-user folder and SPASMCHECK_RULES unless ``only``, then
    each of ``folders``."""
    import gc

    from spasmcheck.pack.folders import load_in_use

    pack = load_in_use(folders or [], builtin=builtin, only=only)
    # The pack lives as long as this process: frozen, the cyclic collector never scans its
    # objects again (a command's own garbage is still collected). A library caller decides
    # this for its own process; a command can for its own.
    gc.freeze()
    return pack


def say_folders(pack: "RulePack") -> None:
    """Rule folders besides the built-in ones, and the red flags they remove, on stderr."""
    note = folders_note(pack)
    if note is not None:
        say(note)


_REMOVED = re.compile(r"red flag '([^']+)' \((\w+),")


def folders_note(pack: "RulePack") -> str | None:
    """One line naming the rule folders in use besides the built-in pack, and every red
    flag they remove, so that neither a per-user folder nor ``remove_red_flags`` changes a
    result unseen. ``None`` when the only other folders were typed with ``--rules`` (not
    the per-user folder or SPASMCHECK_RULES) and they remove no red flag."""
    from spasmcheck.pack.builtin import BUILTIN_LABEL
    from spasmcheck.pack.folders import folders_in_use

    folders = [layer.label for layer in pack.layers if layer.label != BUILTIN_LABEL]
    implicit = {p.resolve() for p in folders_in_use()}
    unseen = [f for f in folders if Path(f).resolve() in implicit]
    removed = [
        f"{m[1]} ({m[2]})"
        for w in pack.warnings
        if w.check == "red-flag-removed" and (m := _REMOVED.search(w.message))
    ]
    if not unseen and not removed:
        return None
    note = f"spasmcheck: also using rules from {', '.join(folders)}"
    if removed:
        note += f"; they remove the warning sign(s) {', '.join(removed)}"
    return note


def color(no_color: bool, stream: object) -> bool:
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


def width() -> int:
    """The width to render for: ``COLUMNS`` or the terminal's, between 40 and 100.

    A nonsense ``COLUMNS`` (``-5``, ``abc``) is ignored, not obeyed."""
    import shutil

    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        columns = shutil.get_terminal_size((80, 24)).columns
    return max(40, min(columns if columns > 0 else 80, 100))
