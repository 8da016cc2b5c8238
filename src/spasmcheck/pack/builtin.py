"""Where the built-in pack lives, and what its layer is called; imported by modules on
every level (listing, hashing, loading), so it imports nothing of the package."""

from pathlib import Path

BUILTIN_LABEL = "built-in"
"""The label of the built-in layer, in messages and ``RulePack.layers``."""


def builtin_rules_dir() -> Path:
    """The built-in pack: inside the installed package, or ``rules/`` of a source checkout."""
    packaged = Path(__file__).parents[1] / "rules"  # spasmcheck/rules in a wheel
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"
