"""A long summary through a pager on an interactive terminal, its recap printed again
after; never for a pipe, a file, ``--no-pager`` or ``SPASMCHECK_NO_PAGER``.

The decision is tested in this process with a stand-in terminal and a stand-in pager
(Rich's ``SystemPager`` caught); one slow smoke test runs a real pager (``cat``) on a pty.
"""

from __future__ import annotations

import io
import sys

import pytest
from rich.pager import SystemPager

from spasmcheck.cli.paging import shows_colour, wants_pager
from spasmcheck.pack.rulepack import RulePack

from .helpers import ADULT, on_terminal, program_env

TALL = "line\n" * 30


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdin a terminal (stdout is made one by ``wants``: pytest sets its own after the
    fixtures); the test run's "never a pager" lifted."""
    monkeypatch.setattr(sys, "stdin", _Tty())
    monkeypatch.delenv("SPASMCHECK_NO_PAGER")


def wants(text: str, *, no_pager: bool = False, height: int | None = None) -> bool:
    """``wants_pager`` with stdout a terminal."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", _Tty())
        return wants_pager(text, no_pager=no_pager, height=height)


@pytest.mark.usefixtures("terminal")
def test_taller_than_the_terminal_is_paged() -> None:
    assert wants(TALL, height=24)
    assert not wants(TALL, height=31)  # fits: 30 lines and the prompt's line
    assert not wants("short\n", height=24)


@pytest.mark.usefixtures("terminal")
def test_the_terminal_height_comes_from_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINES", "20")
    assert wants(TALL)
    monkeypatch.setenv("LINES", "100")
    assert not wants(TALL)


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(
    ("name", "value", "paged"),
    [("SPASMCHECK_NO_PAGER", "1", False), ("SPASMCHECK_NO_PAGER", "0", True),
     ("TERM", "dumb", False)],
)  # fmt: skip
def test_the_environment_can_turn_it_off(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, paged: bool
) -> None:
    monkeypatch.setenv(name, value)
    assert wants(TALL, height=24) is paged


@pytest.mark.usefixtures("terminal")
def test_no_pager_says_no() -> None:
    assert not wants(TALL, no_pager=True, height=24)


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("stream", ["stdin", "stdout"])
def test_never_without_a_terminal_on_both_ends(
    monkeypatch: pytest.MonkeyPatch, stream: str
) -> None:
    monkeypatch.setattr(sys, "stdout", _Tty())
    monkeypatch.setattr(sys, stream, io.StringIO())
    assert not wants_pager(TALL, height=24)


@pytest.mark.parametrize(
    ("pager", "less", "colour"),
    [(None, None, True), (None, "-FRX", True), (None, "FX", False), ("less -R", "X", True),
     ("/usr/bin/less", None, True), ("more", None, False), ("most", "-R", False)],
)  # fmt: skip
def test_colour_only_for_a_pager_that_shows_it(
    monkeypatch: pytest.MonkeyPatch, pager: str | None, less: str | None, colour: bool
) -> None:
    monkeypatch.delenv("MANPAGER", raising=False)
    for name, value in (("PAGER", pager), ("LESS", less)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert shows_colour() is colour


# --- through the CLI, at a stand-in terminal ---------------------------------------------


@pytest.fixture
def pager(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the pager was given, instead of running one."""
    shown: list[str] = []
    monkeypatch.setattr(SystemPager, "_pager", lambda self, text: shown.append(text))
    return shown


SHORT_TERMINAL = {"LINES": "20", "SPASMCHECK_NO_PAGER": None}


def test_a_long_summary_is_paged_and_its_recap_printed_after(
    pack: RulePack, pager: list[str]
) -> None:
    run = on_terminal(pack, env=SHORT_TERMINAL)
    assert run.code == 0
    assert len(pager) == 1
    assert "Likely cause" in pager[0]
    assert pager[0].rstrip().splitlines()[-1].startswith(("Result:", "within", "see a GP"))
    assert run.stdout.startswith("Result: ")  # only the recap, after the pager
    assert "Likely cause" not in run.stdout.split("Result: ")[0]
    assert pager[0].index("Result: ") > pager[0].index("Likely cause")


@pytest.mark.parametrize(
    ("args", "env", "stdout_is_terminal"),
    [(["--no-pager"], SHORT_TERMINAL, True),
     ([], {**SHORT_TERMINAL, "SPASMCHECK_NO_PAGER": "1"}, True),
     ([], SHORT_TERMINAL, False),
     ([], {**SHORT_TERMINAL, "LINES": "500"}, True),
     (["-f", "json"], SHORT_TERMINAL, True)],
    ids=["--no-pager", "SPASMCHECK_NO_PAGER", "piped", "fits", "json"],
)  # fmt: skip
def test_not_paged(
    pack: RulePack,
    pager: list[str],
    args: list[str],
    env: dict[str, str | None],
    stdout_is_terminal: bool,
) -> None:
    run = on_terminal(pack, *args, env=env, stdout_is_terminal=stdout_is_terminal)
    assert run.code == 0
    assert pager == []
    assert run.stdout.count("Result: ") == (0 if "json" in args else 1)


def test_the_pager_gets_colour_when_it_can_show_it(pack: RulePack, pager: list[str]) -> None:
    env = {**SHORT_TERMINAL, "NO_COLOR": None, "PAGER": None, "MANPAGER": None}
    run = on_terminal(pack, "--no-input", env=env)
    assert run.code == 0
    assert "\x1b[" in pager[0]
    run = on_terminal(pack, "--no-input", env={**env, "PAGER": "more"})
    assert "\x1b[" not in pager[1]
    assert "SEE A DOCTOR" in pager[1] or "SELF-CARE" in pager[1] or "URGENT" in pager[1]


@pytest.mark.slow
def test_a_real_pager_on_a_pty() -> None:
    """``PAGER=cat``: the summary goes through it, then the recap is printed again."""
    pexpect = pytest.importorskip("pexpect")
    adult = [arg for pair in ADULT.items() for arg in ("-a", "=".join(pair))]
    env = {"TERM": "xterm-256color", "NO_COLOR": "1", "PAGER": "cat", "MANPAGER": None}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "spasmcheck", "assess", "--no-input", *adult],
        env=program_env(**env, SPASMCHECK_NO_PAGER=None, LINES="20", COLUMNS="80"),
        encoding="utf-8",
        timeout=60,
        dimensions=(20, 80),
    )
    child.expect(pexpect.EOF)
    child.close()
    text = child.before
    assert child.exitstatus == 0, text
    assert "Likely cause" in text or "No single cause" in text
    assert text.count("Result: ") == 2
    assert text.rstrip().splitlines()[-1].strip()  # the recap's end, last on the screen
