"""Diary entries as a table, CSV or JSON for ``spasmcheck diary``, and one entry for
``diary show``. Text a person typed is shown with control characters escaped."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from spasmcheck.diary.store import Entry
from spasmcheck.diary.trends import likely_name
from spasmcheck.errors import printable
from spasmcheck.words import LEVEL_TEXT

CSV_COLUMNS = ("id", "kind", "at", "level", "likely_cause", "where", "minutes", "helped", "note")
"""The CSV columns: one row per entry, empty where a kind has no such field."""


def fields(entry: Entry) -> dict[str, Any]:
    """The entry's main facts, flat: what the table and CSV show."""
    data = entry.data
    result = data.get("result") or {}
    level = (result.get("triage") or {}).get("level")
    helped = data.get("helped") or []
    return {
        "id": entry.id,
        "kind": entry.kind,
        "at": entry.at.astimezone().strftime("%Y-%m-%d %H:%M"),
        "level": level or "",
        "likely_cause": likely_name(result) or "",
        "where": data.get("where") or "",
        "minutes": _number(data.get("minutes")),
        "helped": "; ".join(str(h) for h in helped if isinstance(h, str)),
        "note": data.get("note") or "",
    }


def summary(entry: Entry) -> str:
    """One line about an entry, in words."""
    f = fields(entry)
    if entry.kind == "assessment":
        word = LEVEL_TEXT[f["level"]].word if f["level"] in LEVEL_TEXT else "assessment"
        said = [word] + ([f"likely {f['likely_cause']}"] if f["likely_cause"] else [])
    else:
        said = [f["where"] or "episode"]
        if f["minutes"] != "":
            said.append(f"{f['minutes']} min")
        if f["helped"]:
            said.append(f"helped: {f['helped']}")
    return printable(", ".join(str(s) for s in said))


def to_table(entries: list[Entry]) -> str:
    """Plain columns: number, when, kind, what."""
    if not entries:
        return "The diary is empty.\n"
    rows = [("ID", "When", "Kind", "What")]
    rows += [(str(e.id), fields(e)["at"], e.kind, summary(e)) for e in entries]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3] for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def to_csv(entries: list[Entry]) -> str:
    """One row per entry under ``CSV_COLUMNS``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(fields(entry))
    return out.getvalue()


def to_json(entries: list[Entry]) -> str:
    """Every entry whole, as a JSON array."""
    return json.dumps([as_dict(e) for e in entries], ensure_ascii=False, indent=2) + "\n"


def one_json(entry: Entry) -> str:
    """One entry whole, as a JSON object."""
    return json.dumps(as_dict(entry), ensure_ascii=False, indent=2) + "\n"


def as_dict(entry: Entry) -> dict[str, Any]:
    """An entry as a JSON object."""
    return {
        "id": entry.id,
        "uid": entry.uid,
        "kind": entry.kind,
        "at": entry.at.isoformat(),
        "saved": entry.saved.isoformat(),
        "data": entry.data,
    }


def show(entry: Entry) -> str:
    """One entry for people: its facts, and for an assessment its report as Markdown."""
    head = f"Entry {entry.id}: {entry.kind}, {fields(entry)['at']}\n"
    if entry.kind == "assessment":
        from datetime import datetime, timezone

        from .markdown import from_report
        from .report import build

        report = build(entry.data, entry.at, datetime.now(timezone.utc))
        return head + "\n" + printable_lines(from_report(report))
    f = fields(entry)
    lines = [head.rstrip()]
    for key in ("where", "minutes", "helped", "note"):
        if f[key] != "":
            lines.append(f"  {key}: {printable(str(f[key]))}")
    return "\n".join(lines) + "\n"


def printable_lines(text: str) -> str:
    """``printable`` for each line, newlines kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


def _number(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    return ""
