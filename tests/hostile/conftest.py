"""The mini pack (every question type) for the hostile tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from spasmcheck import RulePack, load_rules
from tests.helpers import MINI_PACK, write_pack


@pytest.fixture(scope="session")
def mini_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``helpers.MINI_PACK`` on disk: yes/no ``sore``, choice ``how_often``, scale ``pain``."""
    return write_pack(tmp_path_factory.mktemp("mini"), MINI_PACK)


@pytest.fixture(scope="session")
def mini(mini_folder: Path) -> RulePack:
    """The mini pack, loaded once."""
    return load_rules(mini_folder, builtin=False)
