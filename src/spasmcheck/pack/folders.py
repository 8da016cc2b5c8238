"""Which rule folders are in use: built-in, the user's folder, SPASMCHECK_RULES, then --rules.

Later folders are layered on earlier ones (see ``loader.load_rules``), so the most
specific setting, a folder named on the command line, comes last and wins where it
explicitly replaces something.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from spasmcheck.errors import UsageError

from .rulepack import RulePack

ENV_VAR = "SPASMCHECK_RULES"


def user_rules_dir() -> Path:
    """The per-user rules folder in the platform's config directory (used if it exists)."""
    import platformdirs

    return platformdirs.user_config_path("spasmcheck") / "rules"


def user_folder_exists(user: Path) -> bool:
    """Whether the per-user folder exists; ``UsageError`` if that cannot even be told.

    A config folder without search permission makes ``is_dir`` raise
    ``PermissionError``. The user folder may hold the rules that make triage safe for
    this person (a clinician's extra red flags), so it is never silently left out: the
    command stops with one line naming the folder (exit 2), and ``--version``,
    ``rules schema`` and ``rules init``, which load no pack, still work.
    """
    try:
        return user.is_dir()
    except OSError as error:
        raise UsageError(
            f"{user}: per-user rules folder cannot be read: {error.strerror or error}; "
            "fix its permissions or move it away"
        ) from None


def folders_in_use(
    extra: Sequence[str | os.PathLike[str]] = (),
    *,
    env: Mapping[str, str] | None = None,
    user_dir: Path | None = None,
) -> list[Path]:
    """The folders to layer on the built-in pack, in order: user folder, environment, flags.

    The user folder is skipped when it does not exist (most people have none); a folder
    named in ``SPASMCHECK_RULES`` or with ``--rules`` must exist, or loading says so.
    """
    env = os.environ if env is None else env
    user = user_rules_dir() if user_dir is None else user_dir
    found: list[Path] = [user] if user_folder_exists(user) else []
    found += [Path(p) for p in env.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    found += [Path(p) for p in extra]
    return unique_folders(found)


def unique_folders(folders: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Each folder once, where it first comes: the per-user folder given again with
    ``--rules`` (or in SPASMCHECK_RULES) is one layer, not every definition "defined twice"."""
    seen: set[Path] = set()
    kept: list[Path] = []
    for folder in map(Path, folders):
        key = folder.resolve()
        if key not in seen:
            seen.add(key)
            kept.append(folder)
    return kept


def load_in_use(
    extra: Sequence[str | os.PathLike[str]] = (),
    *,
    builtin: bool = True,
    only: bool = False,
    env: Mapping[str, str] | None = None,
    user_dir: Path | None = None,
) -> RulePack:
    """The pack a command uses: the built-in rules (unless ``builtin`` is false), the
    per-user folder and SPASMCHECK_RULES (unless ``only``), then each of ``extra``.

    Served from the pack cache (``pack/cache.py``) when the rule files are unchanged.
    """
    from .cache import load_cached

    layers = unique_folders(extra) if only else folders_in_use(extra, env=env, user_dir=user_dir)
    return load_cached(*layers, builtin=builtin)
