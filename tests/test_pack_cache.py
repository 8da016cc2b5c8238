"""The pack cache: the same pack as a fresh load, never stale, never trusted when damaged."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from spasmcheck.pack import cache
from spasmcheck.pack.folders import load_in_use
from spasmcheck.pack.loader import builtin_rules_dir, load_rules
from spasmcheck.pack.rulepack import RulePack


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.DIR_VAR, str(folder))
    return folder


def _positions(pack: RulePack) -> list[object]:
    items = [*pack.questions, *pack.red_flags, *pack.causes, *pack.triage_rules]
    return [item.pos for item in items] + [e.when.pos for c in pack.causes for e in c.evidence]


def test_a_cached_pack_is_the_loaded_pack(cache_dir: Path) -> None:
    first = load_in_use(user_dir=cache_dir / "none")
    [entry] = cache_dir.glob("*.json")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    again = load_in_use(user_dir=cache_dir / "none")
    fresh = load_rules()
    assert again == first == fresh
    assert _positions(again) == _positions(fresh)
    assert again.warnings == fresh.warnings
    assert again.layers == fresh.layers


def test_an_edited_rule_file_is_never_served_stale(cache_dir: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), rules)
    before = load_in_use(builtin=False, extra=[rules], user_dir=tmp_path / "none")
    target = next(p for p in sorted(rules.rglob("*.yaml")) if "disclaimer:" in p.read_text())
    text = target.read_text()
    target.write_text(text.replace("disclaimer: ", "disclaimer: Edited. ", 1))
    after = load_in_use(builtin=False, extra=[rules], user_dir=tmp_path / "none")
    assert after.info.disclaimer.startswith("Edited.")
    assert before.info.disclaimer != after.info.disclaimer
    assert len(list(cache_dir.glob("*.json"))) == 2


def test_a_damaged_entry_is_ignored_and_replaced(cache_dir: Path) -> None:
    good = load_in_use(user_dir=cache_dir / "none")
    [entry] = cache_dir.glob("*.json")
    for damage in ("{not json", '{"key": "x"}', "[]", '{"$": "Compare"}'):
        entry.write_text(damage)
        assert load_in_use(user_dir=cache_dir / "none") == good
    assert cache.read(entry, entry.stem) == good


def test_the_cache_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.NO_CACHE_VAR, "1")
    load_in_use(user_dir=cache_dir / "none")
    assert not cache_dir.exists()


def test_the_command_line_loads_through_the_cache(cache_dir: Path) -> None:
    from spasmcheck.cli.common import load_pack

    first = load_pack(builtin=True, only=True)
    assert len(list(cache_dir.glob("*.json"))) == 1
    assert load_pack(builtin=True, only=True) == first
