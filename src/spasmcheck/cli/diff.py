"""``spasmcheck rules diff OLD NEW``: what a rule change does to triage, under-triage first.

A thin wrapper over ``spasmcheck.review``: load both packs, gather the answer sets, print
the report; exit 1 when NEW triages any answer set lower than OLD, so CI can gate a change.
"""

# No ``from __future__ import annotations``: Typer reads the annotations (cli/__init__.py).

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spasmcheck.errors import ExitCode

from .common import handled, load_pack, say
from .streams import write_out

if TYPE_CHECKING:
    from spasmcheck.pack.rulepack import RulePack

BUILTIN = "builtin"
"""How OLD or NEW names the built-in pack (a folder of that name: write ./builtin)."""
DEFAULT_COUNT = 3000
DEFAULT_SEED = 13


class DiffFormat(str, Enum):
    """Output formats of ``spasmcheck rules diff``."""

    text = "text"
    json = "json"


PackArg = Annotated[
    str,
    typer.Argument(
        metavar="PACK",
        help=f"A rules folder, or '{BUILTIN}' for the built-in pack.",
        show_default=False,
    ),
]


def diff(
    old: PackArg,
    new: PackArg,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")
    ] = DiffFormat.text,
    on_builtin: Annotated[
        bool,
        typer.Option(
            "--on-builtin",
            help="Layer each folder on the built-in pack, as assess --rules does "
            "(default: a folder is a whole pack on its own).",
        ),
    ] = False,
    count: Annotated[
        int,
        typer.Option("--count", metavar="N", min=0, help="Random answer sets to try."),
    ] = DEFAULT_COUNT,
    seed: Annotated[
        int, typer.Option("--seed", metavar="N", help="Seed of the random answer sets.")
    ] = DEFAULT_SEED,
    show_all: Annotated[
        bool, typer.Option("--all", help="List every change (text lists 50 besides under-triage).")
    ] = False,
) -> None:
    """Compare two packs on every rule test case of both and thousands of generated answer
    sets: each whose triage, likely cause or red flags changed, under-triage (NEW less
    urgent than OLD) first. Exit 1 if NEW under-triages any."""
    with handled():
        from spasmcheck import review
        from spasmcheck.pack.builtin import builtin_rules_dir

        def load(name: str) -> tuple["RulePack", list[Path]]:
            if name == BUILTIN:
                return load_pack(builtin=True, only=True), [builtin_rules_dir()]
            folder = Path(name)
            pack = load_pack([folder], builtin=on_builtin, only=True)
            return pack, ([builtin_rules_dir()] if on_builtin else []) + [folder]

        old_pack, old_folders = load(old)
        new_pack, new_folders = load(new)
        folders = list(dict.fromkeys([*old_folders, *new_folders]))
        values = review.space(old_pack, new_pack)
        sets = [
            *review.case_sets(folders),
            *review.single_signs(values),
            *review.generated(values, count, seed),
        ]
        result = review.diff(old_pack, new_pack, sets)
        if fmt is DiffFormat.json:
            import json

            data = review.to_dict(result, old_pack, new_pack)
            write_out(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        else:
            limit = None if show_all else 50
            write_out(review.to_text(result, old_pack, new_pack, limit=limit))
        say(
            f"spasmcheck: {result.checked} answer sets compared: {len(result.changes)} changed, "
            f"{result.under_triaged} under-triaged by NEW"
        )
    if result.under_triaged:
        raise typer.Exit(ExitCode.CHECK_FAILED)
