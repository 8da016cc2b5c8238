"""``spasmcheck diary``: list, show, delete, forget, export and import diary entries."""

# No ``from __future__ import annotations``: Typer reads the option types at start-up.

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from spasmcheck.errors import UsageError

from .common import HELP_OPTIONS, Command, Group, color, handled, say
from .streams import write_out

if TYPE_CHECKING:
    from spasmcheck.diary.store import Entry

diary_app = typer.Typer(
    cls=Group,
    help="Your private diary of assessments and episodes (on this computer only).",
    invoke_without_command=True,
    rich_markup_mode=None,
    context_settings=HELP_OPTIONS,
)
"""The ``spasmcheck diary`` group: with no sub-command it lists the entries."""


class ListFormat(str, Enum):
    """Formats of ``spasmcheck diary``'s list."""

    table = "table"
    json = "json"
    csv = "csv"


SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", metavar="WINDOW", help="Only the last 90d, 12w, 6m, 1y, or since a date."
    ),
]
"""``--since WINDOW``: how far back to look."""


@diary_app.callback()
def diary(
    ctx: typer.Context,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", metavar="FORMAT", help="table, json or csv.")
    ] = ListFormat.table,
    since: SinceOption = None,
) -> None:
    """List your diary's entries (the sub-commands show, delete, forget, export, import)."""
    if ctx.invoked_subcommand is not None:
        return
    with handled():
        from spasmcheck.render import diary as listing

        entries = _entries(since)
        if fmt is ListFormat.json:
            write_out(listing.to_json(entries))
        elif fmt is ListFormat.csv:
            write_out(listing.to_csv(entries))
        else:
            write_out(listing.to_table(entries))


def _entries(since: str | None) -> "list[Entry]":
    from datetime import datetime, timezone

    from spasmcheck.diary.store import Diary
    from spasmcheck.diary.window import since as window_start

    start = window_start(since, datetime.now(timezone.utc)) if since else None
    with Diary.open() as opened:
        return opened.entries(since=start)


@diary_app.command(cls=Command)
def show(
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The entry's number.")],
    as_json: Annotated[bool, typer.Option("--json", help="The whole entry as JSON.")] = False,
) -> None:
    """Show one entry: an assessment as its report, an episode's details."""
    with handled():
        from spasmcheck.diary.store import Diary
        from spasmcheck.render import diary as listing

        with Diary.open() as opened:
            entry = opened.get(entry_id)
        write_out(listing.one_json(entry) if as_json else listing.show(entry))


@diary_app.command(cls=Command)
def delete(
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The entry's number.")],
) -> None:
    """Delete one entry for good."""
    with handled():
        from spasmcheck.diary.store import Diary

        with Diary.open() as opened:
            opened.delete(entry_id)
        say(f"spasmcheck: entry {entry_id} deleted")


@diary_app.command(cls=Command)
def forget(
    everything: Annotated[bool, typer.Option("--all", help="Every entry (required).")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="Do not ask to confirm (for scripts).")
    ] = False,
) -> None:
    """Delete every entry of the diary, after asking (or with --yes)."""
    with handled():
        from spasmcheck.diary.store import Diary

        if not everything:
            raise UsageError("say --all to forget every entry (or delete one with diary delete ID)")
        with Diary.open() as opened:
            if not yes:
                if not sys.stdin.isatty():
                    raise UsageError("no terminal to confirm on: add --yes to forget every entry")
                from spasmcheck.interview import confirm, make_console

                count = len(opened.entries())
                asked = f"Delete all {count} entries of {opened.path} for good?"
                if not confirm(asked, make_console(color(False, sys.stderr))):
                    say("spasmcheck: nothing was deleted")
                    return
            count = opened.forget_all()
        say(f"spasmcheck: {count} entries deleted; the diary is empty")


@diary_app.command(name="export", cls=Command)
def export_entries(
    target: Annotated[str, typer.Argument(metavar="FILE", help="JSON Lines file; - for stdout.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write every entry to FILE as JSON Lines (private: readable by you only)."""
    with handled():
        from spasmcheck.diary.store import Diary
        from spasmcheck.diary.transfer import export_lines

        with Diary.open() as opened:
            entries = opened.entries()
        text = "".join(export_lines(entries))
        if target == "-":
            write_out(text)
            return
        from .output import write_private

        write_private(target, text, force=force)
        say(f"spasmcheck: {len(entries)} entries exported to {target}")


@diary_app.command(name="import", cls=Command)
def import_entries(
    source: Annotated[str, typer.Argument(metavar="FILE", help="JSON Lines file; - for stdin.")],
) -> None:
    """Add the entries of a diary export; entries already in the diary are skipped."""
    with handled():
        from spasmcheck.diary.store import Diary
        from spasmcheck.diary.transfer import read_lines

        entries = read_lines(_lines(source), "<stdin>" if source == "-" else source)
        with Diary.open_or_create() as opened:
            added = opened.add_entries(entries)
        skipped = len(entries) - len(added)
        say(f"spasmcheck: {len(added)} entries imported, {skipped} already in the diary")


def _lines(source: str) -> list[str]:
    if source == "-":
        return sys.stdin.readlines()
    try:
        with open(source, encoding="utf-8") as handle:
            return handle.readlines()
    except (OSError, UnicodeDecodeError) as error:
        why = getattr(error, "strerror", None) or str(error)
        raise UsageError(f"{source}: cannot read: {why}") from None
