"""A long summary through a pager, on an interactive terminal only (Rich's ``pager()``).

Rich hands the text to ``pydoc.pager``, which runs ``MANPAGER`` or ``PAGER`` if set, else
``less`` (or ``more``), and prints straight out when stdin or stdout is not a terminal.
Colour goes to the pager only when it can show it: ``less`` with ``-R`` (set in ``LESS``
when ``LESS`` is unset); any other pager gets the text without escape codes, the level's
word and symbol still saying what the colour does. A pager that restores the screen when
it quits takes the summary's last line with it, so the one-line recap is printed again
after it (``assess``).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys

NO_PAGER = "SPASMCHECK_NO_PAGER"
"""Set (to anything but "" or "0") for never a pager, as ``--no-pager`` does."""


def wants_pager(text: str, *, no_pager: bool = False, height: int | None = None) -> bool:
    """Whether ``text`` goes through a pager: only when both stdin and stdout are a
    terminal (someone is there to scroll), it is taller than the terminal (``height``
    rows, the terminal's when not given), and neither ``--no-pager`` nor ``NO_PAGER``
    says no."""
    if no_pager or os.environ.get(NO_PAGER, "") not in ("", "0"):
        return False
    if os.environ.get("TERM") in ("dumb", "emacs"):
        return False  # pydoc would print it straight out: no pager to come back from
    if not (_is_terminal(sys.stdout) and _is_terminal(sys.stdin)):
        return False
    rows = height if height is not None else shutil.get_terminal_size((80, 24)).lines
    return text.count("\n") > max(rows, 1) - 1


def page(text: str, *, color: bool, width: int) -> None:
    """Show ``text`` (already laid out, escape codes only when ``color``) in the pager."""
    from rich.text import Text

    from spasmcheck.render.rich import console

    styles = color and shows_colour()
    if styles:
        os.environ.setdefault("LESS", "-R")  # read by the less that pydoc starts
    screen = console(sys.stdout, color=color, width=width)
    with screen.pager(styles=styles):
        screen.print(Text.from_ansi(text.rstrip("\n")), no_wrap=True, overflow="ignore", crop=False)


def shows_colour() -> bool:
    """Whether the pager will show escape codes as colour: ``less`` with ``-R`` or ``-r``,
    or with ``LESS`` unset (``page`` sets ``-R`` then); not any other pager."""
    command = os.environ.get("MANPAGER") or os.environ.get("PAGER") or "less"
    try:
        words = shlex.split(command)
    except ValueError:
        return False
    if not words or os.path.basename(words[0]) != "less":
        return False
    if "LESS" not in os.environ:
        return True
    options = [*words[1:], *os.environ["LESS"].split()]
    return any(not o.startswith("--") and ("R" in o or "r" in o) for o in options)


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
