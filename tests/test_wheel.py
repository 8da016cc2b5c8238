"""The built wheel works on its own: command, ``python -m``, and the built-in rules inside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_runs_from_any_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True,
        timeout=600,
    )
    (wheel,) = dist.glob("spasmcheck-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    # Install only the wheel; its dependencies come from this environment's site-packages,
    # which holds no copy of spasmcheck itself (a development install is a .pth file,
    # and .pth files are not read from PYTHONPATH).
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--quiet",
            str(wheel),
        ],
        check=True,
        timeout=600,
    )
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    where = subprocess.run(
        [str(python), "-c", "import spasmcheck; print(spasmcheck.__file__)"],
        capture_output=True, text=True, cwd=elsewhere, env=env, check=True,
    )  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(env_dir)

    args = [
        "assess",
        "--no-input",
        "-a",
        "radiating_pain=yes",
        "-a",
        "numbness_tingling=y",
        "--format",
        "json",
    ]
    for command in ([str(bin_dir / "spasmcheck"), *args], [str(python), "-m", "spasmcheck", *args]):
        result = subprocess.run(
            command, capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["likely_cause"] == "pinched_nerve"
    assert list(elsewhere.iterdir()) == []
