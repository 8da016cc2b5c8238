"""What a Markdown page asks its reader to do: the steps, in order, read from its blocks.

The syntax (console blocks, ``...``, the HTML-comment directives) is described in
``consoledocs``, which does the steps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.M | re.S)
DIRECTIVE = re.compile(r"^<!-- (file|edit|not-tested|terminal)\b:?(.*?)-->\n", re.M)
PROMPT = re.compile(r"^\(.*\) >(?: (.*))?$")
EDIT = re.compile(r'\s*(\S+?):\s*("(?:[^"\\]|\\.)*")\s*->\s*("(?:[^"\\]|\\.)*")\s*')
SHELL_LANGUAGES = ("sh", "bash", "shell", "text", "")


@dataclass
class Step:
    """One thing a reader does: run a block, write a file or edit one."""

    kind: str  # "console", "terminal", "python", "file", "edit", "skip"
    line: int  # where it starts in the page, 1-based
    text: str = ""  # the block, or the edit's JSON
    path: str = ""  # for "file" and "edit"
    reason: str = ""  # for "skip"


def steps(page: str) -> list[Step]:
    """What a reader of ``page`` does, in order; raises ``ValueError`` for a malformed page."""
    found: list[Step] = []
    pending: Step | None = None  # a file or not-tested directive, waiting for its block
    fences = list(FENCE.finditer(page))
    inside = [range(m.start(), m.end()) for m in fences]
    events = sorted(
        [(m.start(), "directive", m) for m in DIRECTIVE.finditer(page)
         if not any(m.start() in span for span in inside)]
        + [(m.start(), "fence", m) for m in fences],
        key=lambda event: event[0],
    )  # fmt: skip
    for start, what, match in events:
        line = page.count("\n", 0, start) + 1
        if what == "directive":
            if pending:
                raise ValueError(f"line {pending.line}: <!-- {pending.kind} --> has no block")
            kind, rest = match.group(1), match.group(2).strip()
            if kind == "edit":
                edit = EDIT.fullmatch(rest)
                if not edit:
                    raise ValueError(f'line {line}: write <!-- edit PATH: "OLD" -> "NEW" -->')
                found.append(Step("edit", line, f"[{edit[2]}, {edit[3]}]", path=edit[1]))
            elif kind == "file":
                pending = Step("file", line, path=rest)
            elif kind == "terminal":
                pending = Step("terminal", line)
            elif not rest:
                raise ValueError(f"line {line}: <!-- not-tested: --> needs a reason")
            else:
                pending = Step("skip", line, reason=rest)
            if pending and not page.startswith("```", match.end()):
                raise ValueError(f"line {line}: <!-- {kind} --> must come just before a block")
            continue
        language, body = match.group(1), match.group(2)
        if pending:
            if pending.kind == "terminal" and language != "console":
                raise ValueError(f"line {pending.line}: <!-- terminal --> is for a console block")
            pending.text, pending.line = body, (line + 1 if pending.kind == "terminal" else line)
            found.append(pending)
            pending = None
        elif language in ("console", "python"):
            found.append(Step(language, line + 1, body))
        elif language in SHELL_LANGUAGES and re.search(r"^\$ ", body, re.M):
            raise ValueError(f"line {line}: a block with `$ ` commands must be ```console")
    if pending:
        raise ValueError(f"line {pending.line}: <!-- {pending.kind} --> has no block")
    return found


def commands(block: str, first_line: int) -> Iterator[tuple[int, str, list[str]]]:
    """The commands of a console block: (line in the page, command, expected lines)."""
    lines = block.splitlines()
    index = 0
    while index < len(lines):
        if not lines[index].startswith("$ "):
            raise ValueError(f"line {first_line + index}: output before any `$ ` command")
        line, command = first_line + index, lines[index][2:]
        while command.endswith("\\"):
            index += 1
            command = command[:-1] + lines[index].lstrip()
        index += 1
        expected = []
        while index < len(lines) and not lines[index].startswith("$ "):
            expected.append(lines[index])
            index += 1
        yield line, command, expected


def _line_pattern(line: str) -> str:
    """One expected line; a ``…`` in it stands for any text within the line (a hash, a
    version), so a page need not change with every rule edit."""
    return ".*?".join(re.escape(part) for part in line.split("…")) + "\n"


def matches(expected: list[str], printed: str) -> bool:
    """Whether ``printed`` is ``expected``, a ``...`` line standing for any lines and a
    ``…`` for any text within a line."""
    lines = [line.rstrip() for line in printed.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    while expected and not expected[-1].strip():
        expected = expected[:-1]
    pattern = "".join(
        r"(?:.*\n)*?" if line == "..." else _line_pattern(line.rstrip()) for line in expected
    )
    return re.fullmatch(pattern, "".join(f"{line}\n" for line in lines)) is not None


def split_pipeline(command: str) -> list[str]:
    """``command`` cut at each ``|`` outside quotes."""
    stages, current, quote = [], "", ""
    for char in command:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "|":
            stages.append(current.strip())
            current = ""
            continue
        current += char
    return [*stages, current.strip()]
