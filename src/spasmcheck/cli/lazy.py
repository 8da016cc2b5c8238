"""Sub-commands imported only when they are run, or listed by help and completion.

``spasmcheck assess`` need not import, nor have Typer build, ``questions`` and the six
``rules`` commands (about 3 ms of a 100 ms start). The command table (``COMMANDS`` in
``cli/__init__.py``) names each sub-command's module instead; a ``LazyGroup`` knows the
names at once, so ``spasmcheck asess`` still gets "Did you mean 'assess'?", and builds a
command the first time it is asked for it, exactly as ``app.command()`` or
``app.add_typer()`` would have.
"""

# No ``from __future__ import annotations``: see cli/__init__.py.

from collections.abc import Iterator, Mapping, MutableMapping
from importlib import import_module
from typing import Any, ClassVar

import typer
import typer.main

from .common import Command, Group

Table = Mapping[str, str]
"""Command name (``"rules export"`` for a group's sub-command) to ``"module:attribute"``;
the attribute is a command function, or a ``typer.Typer`` for a group."""


class LazyCommands(MutableMapping[str, Any]):
    """A group's ``commands``: names known up front, each command built on first use.

    Typer's group reads ``commands`` for running, help, completion and typo hints alike,
    so making this one mapping lazy makes them all lazy and keeps them all the same."""

    def __init__(self, built: Mapping[str, Any], table: Table, prefix: str, group: Any) -> None:
        self._built = dict(built)
        self._table = table
        self._prefix = prefix
        self._group = group
        names = [n[len(prefix) :] for n in table if n.startswith(prefix)]
        self._order = [*self._built, *(n for n in names if " " not in n and n not in built)]

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._order:
                raise KeyError(name)
            self._built[name] = _build(self._table, self._prefix + name, name, self._group)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._order:
            self._order.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._order.remove(name)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._order


class LazyGroup(Group):
    """A Typer group whose sub-commands come from ``table`` (see ``lazy_group``)."""

    table: ClassVar[Table] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(self.commands, self.table, "", self)


def lazy_group(table: Table) -> type[LazyGroup]:
    """The group class for ``typer.Typer(cls=...)`` whose sub-commands are ``table``'s."""
    return type("SpasmcheckGroup", (LazyGroup,), {"table": table, "__doc__": LazyGroup.__doc__})


def _build(table: Table, full_name: str, name: str, parent: Any) -> Any:
    """The command ``table[full_name]`` names, as the root app would have made it."""
    module, _, attribute = table[full_name].partition(":")
    target = getattr(import_module(module), attribute)
    # pretty_exceptions_short: Typer's default, which the root app keeps (and it shows no
    # pretty tracebacks at all); the rest is what the parent group was made with.
    settings = {"pretty_exceptions_short": True, "rich_markup_mode": parent.rich_markup_mode}
    if isinstance(target, typer.Typer):  # a group, as app.add_typer(target, name=name)
        group = typer.main.get_group_from_info(
            typer.models.TyperInfo(target, name=name),
            suggest_commands=parent.suggest_commands,
            **settings,
        )
        group.commands = LazyCommands(group.commands, table, full_name + " ", group)
        return group
    holder = typer.Typer()  # a command, as app.command(cls=Command)(target)
    holder.command(name, cls=Command)(target)
    return typer.main.get_command_from_info(holder.registered_commands[0], **settings)
