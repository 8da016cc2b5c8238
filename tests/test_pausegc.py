"""Building a pack pauses the cyclic collector and always gives it back as it was."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from spasmcheck import load_rules
from spasmcheck.errors import RulePackError
from spasmcheck.pack.pausegc import paused_gc

from .helpers import write_pack


def test_paused_inside_and_on_again_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_caller_that_turned_it_off_keeps_it_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pack_that_fails_to_load_still_gives_it_back(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "bad", "format: 1\nquestions: [{id: x}]\n")
    with pytest.raises(RulePackError):
        load_rules(folder, builtin=False)
    assert gc.isenabled()
    load_rules()
    assert gc.isenabled()


def test_what_a_pack_made_goes_to_the_oldest_generation() -> None:
    """No young collection scans a new pack's objects only to find them all alive."""
    pack = load_rules()
    assert any(o is pack for o in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0


def test_a_callers_frozen_objects_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        load_rules()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
