"""``spasmcheck questions``: every question's id, type and allowed values."""

# No ``from __future__ import annotations``: Typer would evaluate every parameter's
# annotation from a string (compile + eval) at each start-up.

from enum import Enum
from typing import Annotated

import typer

from .common import NoBuiltinOption, RulesOption, handled, load_pack, width
from .streams import write_out


class QuestionsFormat(str, Enum):
    """Output formats of ``spasmcheck questions``."""

    table = "table"
    json = "json"


def questions(
    fmt: Annotated[
        QuestionsFormat, typer.Option("--format", "-f", metavar="FORMAT", help="table or json.")
    ] = QuestionsFormat.table,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """List every question: its id, type and allowed values, and when it is asked."""
    with handled():
        from spasmcheck.render import questions as listing

        pack = load_pack(rules, builtin=not no_builtin)
        if fmt is QuestionsFormat.json:
            write_out(listing.to_json(pack))
        else:
            write_out(listing.to_table(pack, width=width()))
