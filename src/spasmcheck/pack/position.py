"""Where a definition is written (``file:line:column``), so every message can point at it."""

from dataclasses import FrozenInstanceError
from typing import Any

from spasmcheck.errors import printable


class Pos:
    """Where a definition is written, so every message can point at it.

    Written out by hand: one is made for every definition of every pack loaded.
    """

    __slots__ = ("column", "line", "path")
    path: str
    line: int
    column: int

    def __init__(self, path: str, line: int, column: int) -> None:
        _set_path(self, path)  # the slots' own setters: no attribute look-up by name
        _set_line(self, line)
        _set_column(self, column)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Pos:
            return NotImplemented
        return (self.path, self.line, self.column) == (other.path, other.line, other.column)

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.column))

    def __repr__(self) -> str:
        return f"Pos({self.path!r}, {self.line!r}, {self.column!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Pos, (self.path, self.line, self.column))

    def __str__(self) -> str:
        """``path:line:column``, control characters of the file name escaped."""
        return printable(f"{self.path}:{self.line}:{self.column}")


_set_path, _set_line, _set_column = (vars(Pos)[name].__set__ for name in ("path", "line", "column"))

NOWHERE = Pos("<memory>", 0, 0)
"""The position of a definition made in code, not read from a file."""
