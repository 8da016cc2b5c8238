"""The short prompt of ``spasmcheck log``: where, how long, what helped, a note.

Every question may be skipped with Enter; what is typed is checked by the caller
(``cli.log``) exactly as the same option would be.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

QUESTIONS = (
    ("where", "Where was the cramp or spasm (for example: left calf)?"),
    ("minutes", "How long did it last, in minutes?"),
    ("helped", "What helped, if anything (separate several with commas)?"),
    ("note", "Anything else to note?"),
)
"""The prompt's questions, by the option each fills."""


def ask_episode(console: Console, stream: TextIO | None = None) -> dict[str, str]:
    """The answers typed, by option name; a skipped question is left out. End of input
    raises ``EOFError`` (the CLI says nothing was saved)."""
    from rich.text import Text

    source = stream if stream is not None else sys.stdin
    console.print(Text("Logging an episode. Press Enter to skip a question.", style="bold"))
    answers = {}
    for key, question in QUESTIONS:
        line = console.input(Text.assemble((question, "bold"), " > "), stream=source)
        if line == "":  # readline's end of input; Enter gives "\n"
            raise EOFError
        if line.strip():
            answers[key] = line.strip()
    return answers
