"""``rules list`` and ``rules show``: what a pack holds and where each definition comes from."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spasmcheck.errors import UsageError, did_you_mean, printable
from spasmcheck.pack.position import Pos
from spasmcheck.pack.rulepack import RulePack


def definitions(pack: RulePack) -> Iterator[tuple[str, str, str, Any]]:
    """(kind, id, detail, definition) for everything in the pack, in pack order."""
    for s in pack.sources.values():
        yield "source", s.id, s.publisher, s
    for q in pack.questions:
        yield "question", q.id, q.type + (", screening" if q.screening else ""), q
    for r in pack.red_flags:
        yield "red flag", r.id, r.level, r
    for c in pack.causes:
        yield "cause", c.id, f"{len(c.evidence)} evidence", c
    for t in pack.triage_rules:
        yield "triage rule", t.id, t.level, t
    for a in pack.additional_advice:
        yield "additional advice", a.id, f"{len(a.advice())} item(s)", a


def listing(pack: RulePack) -> str:
    """A table: kind, id, detail, pack it comes from, and file:line (names escaped)."""
    rows = [
        (kind, ident, detail, printable(pack.origin(item.pos)), str(item.pos).rsplit(":", 1)[0])
        for kind, ident, detail, item in definitions(pack)
    ]
    header = ("KIND", "ID", "DETAIL", "PACK", "WHERE")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        lines.append("  ".join([*cells, row[4]]))
    return "\n".join(lines) + "\n"


def show(pack: RulePack, ident: str) -> str:
    """Every definition with this id (a red flag and its question share one), as written."""
    found = [(kind, item) for kind, i, _, item in definitions(pack) if i == ident]
    if not found:
        known = {i for _, i, _, _ in definitions(pack)}
        raise UsageError(
            f"no question, red flag, cause, triage rule or source {ident!r}"
            f"{did_you_mean(ident, known)}"
        )
    parts = []
    for kind, item in found:
        origin = printable(pack.origin(item.pos))
        parts.append(f"# {kind} {ident!r} from the {origin} pack, at {item.pos}")
        parts.append(source_text(item.pos))
    return "\n".join(parts) + "\n"


def source_text(pos: Pos) -> str:
    """The YAML lines of the definition that starts at ``pos``, as its author wrote them."""
    from spasmcheck.pack.files import read_text  # bounded, never blocks on a swapped-in FIFO

    text, _unreadable = read_text(Path(pos.path))
    if text is None:
        return "(source file not readable)"
    lines = text.splitlines()
    start = pos.line - 1
    indent = pos.column - 1
    taken = [lines[start]]
    for line in lines[start + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            break
        taken.append(line)
    while taken and not taken[-1].strip():
        taken.pop()
    return "\n".join(taken)
