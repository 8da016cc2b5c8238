"""Option values that need no converting are taken as they are, so Pydantic is never loaded.

Typer 0.29 converts each option's value through a Pydantic ``TypeAdapter`` built on first
use; the first one imports Pydantic, about 100 ms: half of ``spasmcheck assess
--format json``, to turn strings that are already strings into strings. ``quick_params``
gives each parameter a converter that returns what Typer would for the plain cases (an
option not given, a string for ``str``, strings for ``list[str]``, an exact ``Enum``
value) and hands anything else (a path, a wrong value, and so the error message) to
Typer's own. ``tests/test_cli_coercion.py`` checks both agree on every option of every
command. Should Typer's internals change shape, parameters are left to Typer.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any, get_args, get_origin

_NOT_PLAIN = object()


class QuickCoercion:
    """What Typer's ``RuntimeParam`` does for one parameter, without Pydantic when it can."""

    __slots__ = ()

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        """``value`` as Typer would convert it for ``param``."""
        if value is None:  # as Typer's RuntimeParam.coerce, before any adapter
            return () if param.multiple or param.nargs == -1 else None
        done = plain(param.type_descriptor, value, ctx)
        if done is not _NOT_PLAIN:
            return done
        param._runtime_param = None  # from now on Typer's own, built as Typer builds it
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


_QUICK = QuickCoercion()


def plain(descriptor: Any, value: Any, ctx: Any) -> Any:
    """``value`` converted as Typer would when that needs no work, else ``_NOT_PLAIN``."""
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return _NOT_PLAIN
    annotation = descriptor.annotation
    if annotation is str:
        return value if type(value) is str else _NOT_PLAIN
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        if type(value) in (list, tuple) and all(type(item) is str for item in value):
            return list(value)
        return _NOT_PLAIN
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if isinstance(value, annotation):
            return value
        if type(value) is str and info.case_sensitive and ctx.token_normalize_func is None:
            for member in annotation:
                if str(member.value) == value:
                    return member
    return _NOT_PLAIN


def quick_params(params: Sequence[Any]) -> list[Any]:
    """``params``, each Typer parameter not yet converting given a ``QuickCoercion``."""
    for param in params:
        if (
            getattr(param, "_runtime_param", False) is None
            and hasattr(param, "type_descriptor")
            and hasattr(param, "get_runtime_param")
        ):
            param._runtime_param = _QUICK
    return list(params)
