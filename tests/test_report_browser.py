"""The HTML report in a real browser (slow: starts headless Chromium; skipped without it).

CI does not install Chromium (its machine has only Python and pip); where Chromium is on
the PATH this renders the report, takes a screenshot, and checks the browser logged no
console message and that the rendered page holds the key facts. A control page with a
deliberate console error proves the console check can fail.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import invoke

pytestmark = pytest.mark.slow

BROWSER = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
PNG = b"\x89PNG\r\n\x1a\n"


def headless(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Chromium, headless and offline (every host name resolves to nothing); ``extra``
    must hold ``--screenshot`` or ``--dump-dom``, which make it exit once the page is
    loaded (without one, headless Chromium stays open)."""
    assert BROWSER is not None
    return subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1000,1400",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console_lines(run: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in run.stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (apt install chromium)")
def test_the_report_renders_in_a_browser_without_console_errors(tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><script>console.error('control-error')</script>")
    assert any(
        "control-error" in line
        for line in console_lines(
            headless(control, tmp_path / "p0", f"--screenshot={tmp_path / 'c.png'}")
        )
    )

    for when in ("2026-11-02", "yesterday"):
        assert invoke("log", "--when", when, "--helped", "stretching").exit_code == 0
    saved = invoke(
        "assess", "--no-input", "-a", "radiating_pain=yes", "-a", "numbness_tingling=y", "--save"
    )
    assert saved.exit_code == 0
    page = tmp_path / "report.html"
    assert invoke("report", "--since", "1y", "--output", str(page)).exit_code == 0

    shot = tmp_path / "report.png"
    run = headless(page, tmp_path / "p1", f"--screenshot={shot}")
    assert console_lines(run) == []
    assert shot.read_bytes().startswith(PNG)
    assert shot.stat().st_size > 10_000  # a page was drawn, not a blank

    dom = headless(page, tmp_path / "p2", "--dump-dom").stdout
    for fact in ("SEE A DOCTOR", "Warning signs you were not sure about", "NHS: Leg cramps",
                 "Episodes per week", "3 episode(s)", "This is not a diagnosis"):  # fmt: skip
        assert fact in dom, fact
