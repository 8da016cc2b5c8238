"""What a release uploads is complete: the sdist and the wheel built from it pass
``twine check``, and the wheel works on its own (command, ``python -m``, the built-in rules
and the man page inside it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_sdist_and_wheel_pass_twine_and_the_wheel_runs_from_any_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # As the release workflow does: the sdist, then the wheel built from the sdist (so a
    # file missing from the sdist fails here, not for someone installing from it).
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    (sdist,) = dist.glob("spasmcheck-*.tar.gz")
    (wheel,) = dist.glob("spasmcheck-*.whl")
    twine = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert twine.returncode == 0, twine.stdout + twine.stderr
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "man/spasmcheck.1", "docs/using.md", "rules/pack.yaml"} <= names
    assert not any(name.startswith((".venv", "dist/")) for name in names)
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
    assert "spasmcheck/rules/pack.yaml" in inside
    assert any(name.endswith(".data/data/share/man/man1/spasmcheck.1") for name in inside)

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
    assert (env_dir / "share" / "man" / "man1" / "spasmcheck.1").is_file()


def test_release_workflow_builds_as_this_test_does_and_uses_trusted_publishing() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    script = "\n".join(step.get("run", "") for step in build["steps"])
    assert "python -m build" in script
    assert "twine check --strict" in script
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert workflow["permissions"] == {"contents": "read"}
