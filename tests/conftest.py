"""Pin the environment so output tests mean the same on every machine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from spasmcheck import RulePack, load_rules

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


@pytest.fixture(scope="session")
def _pack_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One pack cache folder for the run: never the user's real cache folder."""
    return str(tmp_path_factory.mktemp("pack-cache"))


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, _pack_cache: str, tmp_path: Path) -> None:
    monkeypatch.setenv("SPASMCHECK_CACHE_DIR", _pack_cache)
    # The diary: a folder of this test's own that does not exist yet, never the user's.
    monkeypatch.setenv("SPASMCHECK_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", "/nonexistent/spasmcheck-test-data")
    monkeypatch.delenv("SPASMCHECK_NO_CACHE", raising=False)
    pinned = ("FORCE_COLOR", "NO_COLOR", "SPASMCHECK_RULES", "COLUMNS", "LINES", "ACCESSIBLE")
    # the region comes from the locale when not given: the UK's unless a test says
    for name in (*pinned, "SPASMCHECK_REGION", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    # A summary taller than a (simulated) terminal would go to a real pager.
    monkeypatch.setenv("SPASMCHECK_NO_PAGER", "1")
    monkeypatch.setenv("COLUMNS", "80")
    # The per-user rules folder (platformdirs) must never leak into a test run.
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent/spasmcheck-test-config")


@pytest.fixture(scope="session")
def pack() -> RulePack:
    """The built-in pack, loaded once."""
    return load_rules()
