"""The man page is generated from the command tree, and the committed one is current."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from .helpers import load_script

ROOT = Path(__file__).resolve().parents[1]


def build_manpage() -> ModuleType:
    return load_script("build_manpage")


def test_the_committed_man_page_is_current() -> None:
    """After changing a command, its help or the version: python scripts/build_manpage.py."""
    committed = (ROOT / "man" / "spasmcheck.1").read_text(encoding="utf-8")
    assert committed == build_manpage().page()


def test_the_man_page_has_every_command_and_option() -> None:
    from .test_docs import _commands

    page = build_manpage().page()
    for invocation, _help in _commands():
        assert f'.SS "{invocation} ' in page, invocation
    for option in ("\\-\\-no\\-input", "\\-\\-region", "\\-\\-strict", "\\-\\-coverage"):
        assert option in page, option
    assert ".SH EXIT STATUS" in page
    assert ".B 130" in page


def test_help_text_cannot_become_a_roff_request() -> None:
    roff = build_manpage().roff
    assert (
        roff(".SH not a section\n'quoted\nC:\\path")
        == "\\&.SH not a section\n\\&'quoted\nC:\\epath"
    )


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("groff"), reason="groff is not installed")
def test_groff_reads_the_page_without_a_warning() -> None:
    done = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", "-z", str(ROOT / "man" / "spasmcheck.1")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
