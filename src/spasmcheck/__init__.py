"""spasmcheck: offline self-assessment for muscle spasms and cramps.

The package root stays import-light so that ``spasmcheck --version`` pays for nothing
else; the library API is loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "RulePack",
    "SpasmcheckError",
    "__version__",
    "assess",
    "assess_many",
    "load_rules",
    "next_question",
    "parse_answers",
]

if TYPE_CHECKING:
    from .batch import assess_many
    from .engine import assess, next_question
    from .engine.answers import parse_answers
    from .engine.result import Assessment
    from .errors import SpasmcheckError
    from .pack.loader import load_rules
    from .pack.rulepack import RulePack

_LAZY = {
    "assess": "engine",
    "assess_many": "batch",
    "next_question": "engine",
    "load_rules": "pack.loader",
    "parse_answers": "engine.answers",
    "Assessment": "engine.result",
    "RulePack": "pack.rulepack",
    "SpasmcheckError": "errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'spasmcheck' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)
