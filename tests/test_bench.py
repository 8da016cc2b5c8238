"""The benchmark script runs: a smoke run with tiny sizes. No timing is asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"


@pytest.mark.slow
def test_bench_quick_smoke_run_prints_the_table() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--runs", "1", "--lines", "40", "--scales", "1,2"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith("|")]
    assert table[0] == "| figure | target | measured | ratio | result |"
    assert any("batch time per assessment, 2x pack" in line for line in table)
