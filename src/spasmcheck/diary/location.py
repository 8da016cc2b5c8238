"""Where the diary lives: ``SPASMCHECK_DATA``, else the platform's per-user data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

FILE_NAME = "diary.sqlite3"
"""The diary's file name inside the data folder."""


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The data folder: ``SPASMCHECK_DATA`` when set, else platformdirs' user data path
    (``~/.local/share/spasmcheck`` on Linux). Nothing is created here."""
    env = os.environ if env is None else env
    chosen = env.get("SPASMCHECK_DATA", "")
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return platformdirs.user_data_path("spasmcheck")


def diary_path(env: Mapping[str, str] | None = None) -> Path:
    """The diary file (it may not exist yet)."""
    return data_dir(env) / FILE_NAME
