"""Standard streams as they really are: closed, full, or not UTF-8.

A person's terminal may use Latin-1 or ASCII; a script may close stdin, stdout or stderr,
or point stdout at a full disk. None of that may cost a traceback, or a summary at the end
of an interview: text that a stream cannot encode is written in the nearest ASCII (boxes
as ``+-|``) rather than lost, and a stream that cannot be written says so in one line.
"""

from __future__ import annotations

import io
import sys

from spasmcheck.errors import UsageError

ASCII = str.maketrans(
    {
        **dict.fromkeys("─━═╌┄", "-"),
        **dict.fromkeys("│┃║╎┆", "|"),
        **dict.fromkeys("╭╮╰╯┌┐└┘├┤┬┴┼╔╗╚╝", "+"),
        "█": "#",
        "░": ".",
        "…": "...",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "•": "*",
    }
)
"""What the summary's box, bar and typographic characters become on a terminal that
cannot show them."""


def is_utf8(stream: object) -> bool:
    """Whether ``stream`` encodes as UTF-8 (a stream with no encoding is taken to)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding in ("utf-8", "utf8", "utf-8-sig")


def prepare() -> None:
    """Make the standard streams safe to use: a closed one is replaced (reading gives end
    of input; writing goes nowhere, except stdout, which ``write_out`` reports), and one
    that cannot encode every character replaces what it cannot, instead of failing."""
    if sys.stdin is None:
        sys.stdin = io.StringIO()  # end of input at once, and not a terminal
    if sys.stderr is None:
        sys.stderr = _Sink()
    if sys.stdout is None:
        sys.stdout = _Closed()
    for stream in (sys.stdout, sys.stderr):
        if not is_utf8(stream):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")


def fit(text: str, stream: object) -> str:
    """``text`` as ``stream`` can show it: as it is on UTF-8, else in the nearest ASCII."""
    return text if is_utf8(stream) else text.translate(ASCII)


def write_out(text: str) -> None:
    """Write a result to stdout, or raise a one-line ``UsageError`` if stdout cannot take it
    (closed, a full disk, a device that refuses)."""
    try:
        sys.stdout.write(fit(text, sys.stdout))
        sys.stdout.flush()
    except OSError as error:
        silence_stdout()
        raise UsageError(f"cannot write to standard output: {error.strerror or error}") from None


def finish() -> int | None:
    """Flush stdout before exit; on failure say why and return exit code 2 (otherwise
    Python would print a traceback-like warning while exiting)."""
    try:
        sys.stdout.flush()
    except OSError as error:
        silence_stdout()
        from .common import say

        say(f"spasmcheck: cannot write to standard output: {error.strerror or error}")
        return 2
    return None


def silence_stdout() -> None:
    """Nothing more reaches a stdout that failed, not even the flush at exit."""
    sys.stdout = _Sink()


class _Sink(io.TextIOBase):
    """Where writes to a closed or failed stream go: nowhere."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        """Drop the text."""
        return len(text)


class _Closed(io.TextIOBase):
    """Standard output that was closed (``>&-``): every write fails, as an OSError."""

    encoding = "utf-8"  # nothing is ever encoded

    def write(self, text: str) -> int:
        """Fail as a closed file descriptor does."""
        raise OSError(9, "Bad file descriptor")

    def isatty(self) -> bool:
        """Not a terminal."""
        return False
