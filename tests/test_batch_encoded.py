"""Batch lines made from shared, pre-encoded parts (render/encoded.py) are byte for byte
``dumps(to_dict(a))`` with the batch keys: on every rule case of the built-in pack, on
generated records of every kind of cell and id, when nothing can be kept, as UTF-8 lines,
and through the workers' shared memory or their pipe."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasmcheck import load_rules, parallel
from spasmcheck.batch import Batch
from spasmcheck.engine.answers import parse_answers
from spasmcheck.engine.assess import assess_parsed
from spasmcheck.pack import ruletests
from spasmcheck.pack.loader import builtin_rules_dir
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render import encoded
from spasmcheck.render.json import PARTS, Each, dumps, to_dict

from .helpers import examples

PACK: RulePack = load_rules()
CASES, _ = ruletests.load_cases([builtin_rules_dir()])
COMPACT: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":"), "allow_nan": False}


def expected(batch: Batch, line: int, record: Any) -> str:
    """The line as ``assess_many`` gives it as a dict, encoded as batch lines always were
    (``render.json.dumps``: orjson, which writes ``1e-05`` as ``0.00001``; else ``json``)."""
    result, _ = batch.dict(line, record)
    text = dumps(result)
    assert json.loads(text) == json.loads(json.dumps(result, **COMPACT))
    return text


def test_every_rule_case_is_the_dict_encoded() -> None:
    assert len(CASES) > 50
    batch = Batch(PACK)
    for _ in range(2):  # the second time, from the kept parts
        for number, case in enumerate(CASES, 1):
            record = {"id": case.name, **case.answers}
            text, ok = batch.json(number, record)
            assert ok, case.name
            assert text == expected(batch, number, record), case.name
            assessment = assess_parsed(PACK, parse_answers(PACK, case.answers))
            head = {"line": number, "id": case.name, "ignored_keys": []}
            assert text == dumps({**head, **to_dict(assessment)})


def test_parts_are_derived_from_the_one_table() -> None:
    """The encoder lists no key: each is a PARTS key, in order, made by its function."""
    parts = encoded.Encoder().parts(assess_parsed(PACK, {}))
    assert list(parts) == list(PARTS)
    assert any(isinstance(part, Each) for part in PARTS.values())


CELLS = st.one_of(
    st.sampled_from(["yes", "no", "unknown", "Y", "n", "true", " yes ", "", "  ", "maybe"]),
    st.sampled_from([True, False, 0, 1, 1.0, 0.0, 2, None, float("nan")]),
)
IDS = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)


@st.composite
def records(draw: Any) -> dict[str, Any]:
    """A record as a data frame row may give it: any cell, an id or none, another column."""
    record: dict[str, Any] = {}
    if draw(st.booleans()):
        record["id"] = draw(IDS)
    for q in PACK.questions:
        if not draw(st.integers(0, 2)):
            continue
        if q.type == "choice" and draw(st.booleans()):
            record[q.id] = draw(st.sampled_from([o.id for o in q.options] + [3, "unknown"]))
        else:
            record[q.id] = draw(CELLS)
    if draw(st.integers(0, 4)) == 0:
        record["clinic"] = "north"
    return record


@settings(
    max_examples=examples(400),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(record=records(), line=st.integers(1, 2**40))
def test_generated_records_are_the_dict_encoded(record: dict[str, Any], line: int) -> None:
    batch = BATCH
    text, ok = batch.json(line, record)
    assert text == expected(batch, line, record)
    assert json.loads(text).get("error") is None or not ok


BATCH = Batch(PACK)
"""One batch for every example: its kept parts fill up as a long run's would."""


@pytest.mark.parametrize("limit", [0, 7])
def test_nothing_or_a_few_kept_gives_the_same_text(limit: int) -> None:
    batch = Batch(PACK)
    batch._encoder.limit = limit  # past it, a new item is encoded for its line alone
    for number, case in enumerate(CASES[:40], 1):
        text, _ = batch.json(number, case.answers)
        assert text == expected(batch, number, case.answers)
    assert len(batch._encoder._kept) == limit


def test_an_id_orjson_cannot_write_is_written_as_json_writes_it() -> None:
    batch = Batch(PACK)
    record = {"id": 2**70, "saddle_numbness": "yes"}
    text, ok = batch.json(1, record)
    assert ok
    assert text == expected(batch, 1, record)
    assert text.startswith('{"line":1,"id":1180591620717411303424,')


def test_encoded_lines_are_the_text_lines_in_utf8_each_ended() -> None:
    source: list[bytes | str] = [
        json.dumps({"id": case.name, **case.answers}) for case in CASES[:30]
    ]
    source[3] = "{not json"
    source[4] = '{"id": "\\udc80"}'  # a lone surrogate, kept as the text API keeps it
    source[5] = ""
    for extra in ({}, {"fields": "id,triage.level,likely_cause"}):
        batch = Batch(PACK, **extra)  # type: ignore[arg-type]
        for csv in (False, True) if extra else (False,):
            text = list(batch.lines(source, csv=csv))
            data = list(batch.encoded(source, csv=csv))
            end = "" if csv else "\n"
            assert [(t + end).encode("utf-8", "surrogatepass") for t, _ in text] == [
                d for d, _ in data
            ]
            assert [ok for _, ok in text] == [ok for _, ok in data]


def _lines_and_one_process() -> tuple[list[bytes], bytes]:
    """Every rule case as a batch line, and what one process writes for them."""
    lines = [json.dumps({"id": n, **case.answers}).encode() for n, case in enumerate(CASES)]
    return lines, b"".join(d for d, _ in Batch(PACK).encoded(lines))


@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")  # the xdist worker has threads
def test_workers_give_the_same_bytes_through_shared_memory_or_the_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines, one = _lines_and_one_process()
    monkeypatch.setattr(parallel, "CHUNK_LINES", 9)
    slots = b"".join(c.data for c in parallel.in_workers(PACK, lines, 2))
    monkeypatch.setattr(parallel, "SLOT_BYTES", 50_000)  # most chunks too big: the pipe
    piped = b"".join(c.data for c in parallel.in_workers(PACK, lines, 2))
    monkeypatch.setattr(parallel, "INPUT_BYTES", 5_000)  # some chunks' lines too: the pipe
    assert any(len(b"".join(lines[n : n + 9])) > 5_000 for n in range(0, len(lines), 9))
    assert any(len(b"".join(lines[n : n + 9])) <= 5_000 for n in range(0, len(lines), 9))
    both = b"".join(c.data for c in parallel.in_workers(PACK, lines, 2))
    assert slots == one
    assert piped == one
    assert both == one


@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")  # the xdist worker has threads
def test_worker_views_give_the_same_bytes_and_end_cleanly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines, one = _lines_and_one_process()
    monkeypatch.setattr(parallel, "CHUNK_LINES", 9)
    chunks = parallel.in_workers(PACK, lines, 2, views=True)
    seen = []
    for chunk in chunks:
        assert isinstance(chunk.data, memoryview)  # no copy of the shared memory
        seen.append(bytes(chunk.data))
    assert b"".join(seen) == one
    # Stopping early closes the shared memory: the view is released first, not an error.
    stopped = parallel.in_workers(PACK, lines, 2, views=True)
    view = next(stopped).data
    stopped.close()
    with pytest.raises(ValueError, match="released"):
        bytes(view)  # a view kept past its chunk is refused, never stale bytes
