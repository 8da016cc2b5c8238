"""Pin the environment so output tests mean the same on every machine."""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from spasmcheck import RulePack

from .helpers import builtin_pack

# Hypothesis profiles: "ci" runs every property with its full number of examples (the
# count written in the test, through ``helpers.examples``), "dev" the costly ones (the
# clinical, monotonic and fuzz properties) with a quarter of them, so a local run stays
# quick. HYPOTHESIS_PROFILE chooses (.ci/run sets "ci"); without it,
# "ci" when the CI variable is set (as hosted CI services do), else "dev".
settings.register_profile("ci", max_examples=100)
settings.register_profile("dev", max_examples=25)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

# The suite allocates a great deal and keeps a large heap (every module, test item and
# library a test imports), so at Python's default threshold (700) the garbage collector
# ran about 7000 times and spent 5 of the quick loop's 27 s of CPU scanning that heap.
# Collecting less often frees the same cycles later; 50 000 took it under 1.5 s.
gc.set_threshold(50_000)


@pytest.fixture(scope="session")
def _data_folders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each test's diary folder would be made (each is made only if it is used)."""
    return tmp_path_factory.mktemp("diaries")


@pytest.fixture(scope="session")
def _pack_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One pack cache folder for the run: never the user's real cache folder."""
    return str(tmp_path_factory.mktemp("pack-cache"))


PINNED = {
    "XDG_DATA_HOME": "/nonexistent/spasmcheck-test-data",
    "TERM": "xterm-256color",
    # A summary taller than a (simulated) terminal would go to a real pager.
    "SPASMCHECK_NO_PAGER": "1",
    "COLUMNS": "80",
    # The per-user rules folder (platformdirs) must never leak into a test run.
    "XDG_CONFIG_HOME": "/nonexistent/spasmcheck-test-config",
}
"""Variables every test starts with."""
UNSET = (
    *("FORCE_COLOR", "NO_COLOR", "SPASMCHECK_RULES", "LINES", "ACCESSIBLE"),
    "SPASMCHECK_NO_CACHE",
    # the region comes from the locale when not given: the UK's unless a test says
    *("SPASMCHECK_REGION", "LC_ALL", "LC_MESSAGES", "LANG"),
)
"""Variables no test starts with."""
_DIARIES = itertools.count()


@pytest.fixture(autouse=True)
def _plain_environment(_pack_cache: str, _data_folders: Path) -> Iterator[None]:
    """Every test starts in the environment above, and whatever it (or the code it runs)
    does to ``os.environ`` is undone after it. Set by hand, not with ``monkeypatch``: this
    runs for every test, and ``monkeypatch`` and ``tmp_path`` cost milliseconds each."""
    saved = dict(os.environ)
    for name in UNSET:
        os.environ.pop(name, None)
    os.environ.update(PINNED)
    os.environ["SPASMCHECK_CACHE_DIR"] = _pack_cache
    # The diary: a folder of this test's own that does not exist yet, never the user's.
    os.environ["SPASMCHECK_DATA"] = str(_data_folders / f"data-{next(_DIARIES)}")
    yield
    os.environ.clear()
    os.environ.update(saved)
    # A command freezes its pack out of the collector (cli/common.load_pack), which is
    # right for its own process; in this one the next test's garbage must stay collectable.
    gc.unfreeze()


@pytest.fixture(scope="session")
def pack() -> RulePack:
    """The built-in pack, loaded once."""
    return builtin_pack()
