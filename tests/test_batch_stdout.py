"""Batch output is UTF-8 JSON Lines or CSV whatever the terminal's encoding: an id or an
answer written wrong would no longer join back to its record."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from spasmcheck import RulePack
from spasmcheck.cli.batch import run_batch


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("csv", [False, True])
def test_an_ascii_stdout_still_gets_utf8(
    pack: RulePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, csv: bool, workers: int
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "café ☕", "radiating_pain": "yes"}\n', encoding="utf-8")
    raw = io.BytesIO()
    # What streams.prepare makes of stdout in an ASCII locale: unencodable text replaced.
    stdout = io.TextIOWrapper(raw, encoding="ascii", errors="replace")
    monkeypatch.setattr(sys, "stdout", stdout)
    fields = ["id", "triage.level"] if csv else None
    code = run_batch(pack, str(source), csv=csv, fields=fields, workers=workers)
    stdout.flush()
    assert code == 0
    written = raw.getvalue().decode("utf-8")
    if csv:
        assert written == "id,triage.level,error\r\ncafé ☕,see_doctor,\r\n"
    else:
        assert json.loads(written)["id"] == "café ☕"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_stdout_without_bytes_gets_text(
    pack: RulePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "café"}\n{"id": 2}\n', encoding="utf-8")
    stdout = io.StringIO()  # no .buffer: an embedding program's own stream
    monkeypatch.setattr(sys, "stdout", stdout)
    assert run_batch(pack, str(source), workers=workers) == 0
    # Two workers hand back views of shared memory: written as text all the same.
    assert [json.loads(line)["id"] for line in stdout.getvalue().splitlines()] == ["café", 2]
