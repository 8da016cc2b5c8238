"""Records behave as the frozen dataclasses they replace: equality, hashing, copies."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from spasmcheck.pack import record
from spasmcheck.pack.model import Option, Source
from spasmcheck.pack.position import NOWHERE, Pos
from spasmcheck.pack.rulepack import Layer


def test_equality_ignores_fields_declared_compare_false() -> None:
    here, there = Pos("a.yaml", 1, 1), Pos("b.yaml", 9, 9)
    assert Option(id="x", label="X", pos=here) == Option(id="x", label="X", pos=there)
    assert Option(id="x", label="X") != Option(id="y", label="X")
    assert hash(Option(id="x", label="X", pos=here)) == hash(Option(id="x", label="X"))


def test_frozen_keyword_only_and_checked() -> None:
    option = Option(id="x", label="X")
    with pytest.raises(dataclasses.FrozenInstanceError):
        option.id = "y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Option("x", "X")  # type: ignore[misc]
    with pytest.raises(TypeError):
        Option(id="x")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Option(id="x", label="X", colour="red")  # type: ignore[call-arg]
    assert Layer("built-in", ("a.yaml",)).files == ("a.yaml",)


def test_defaults_replace_copy_and_pickle() -> None:
    source = Source(id="s", publisher="NHS", title="T", url="https://x")
    assert source.replace is False
    assert source.pos is NOWHERE
    changed = record.replace(source, title="U")
    assert (changed.title, changed.id) == ("U", "s")
    assert copy.deepcopy(source) == source
    assert pickle.loads(pickle.dumps(source)) == source
    assert pickle.loads(pickle.dumps(Pos("a", 1, 2))) == Pos("a", 1, 2)
    assert [f.name for f in record.fields(Option)] == ["id", "label", "codes", "pos"]
    assert "pos=" not in repr(source)


def test_a_compiled_init_behaves_as_the_generic_one(monkeypatch: pytest.MonkeyPatch) -> None:
    class Hot(record.Record):
        name: str
        tags: tuple[str, ...] = ()
        extra: dict[str, int] = record.field(default_factory=dict)

    class Row(record.Record, kw_only=False):
        a: int
        b: int = 2

    monkeypatch.setattr(record, "COMPILE_AFTER", 1)
    for _ in range(3):  # generic, then compiled
        assert Hot(name="x").tags == ()
        assert Hot(name="x", tags=("t",)).tags == ("t",)
        assert Hot(name="x").extra == {}
        assert Hot(name="x").extra is not Hot(name="x").extra
        assert Row(1) == Row(a=1, b=2)
        with pytest.raises(TypeError):
            Hot("x")  # type: ignore[misc]
        with pytest.raises(TypeError):
            Hot(tags=())  # type: ignore[call-arg]
        with pytest.raises(TypeError):
            Hot(name="x", colour="red")  # type: ignore[call-arg]
    assert "__init__" in vars(Hot)
    assert "__init__" in vars(Row)
