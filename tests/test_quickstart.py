"""The README's first quick-start command works as written on a machine with only Python."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_docs import code_blocks, section

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_first_command_makes_a_venv_installs_and_starts(tmp_path: Path) -> None:
    """Run in a copy of the source, with no virtual environment active (as on a fresh
    machine, where pip may refuse to install outside one). Without a terminal to ask on,
    ``spasmcheck assess`` says so and exits 2: the command was installed and ran."""
    first = code_blocks(section("Quick start"), "sh")[0].splitlines()[0]
    assert first.endswith("&& spasmcheck assess")  # what this test relies on
    clone = tmp_path / "clone"
    shutil.copytree(
        ROOT, clone,
        ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*_cache", "dist", "build"),
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(sys.prefix)
    )
    done = subprocess.run(
        ["sh", "-c", first], cwd=clone, env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]
    assert "spasmcheck: no terminal to ask questions on" in done.stderr
    assert (clone / ".venv" / "bin" / "spasmcheck").is_file()
