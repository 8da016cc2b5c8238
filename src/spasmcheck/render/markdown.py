"""``--format markdown``: the report for a doctor (``render.report``) as Markdown text."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from spasmcheck.words import TITLES

from .report import Item, Report, build, dates

if TYPE_CHECKING:
    from spasmcheck.engine.result import Assessment
    from spasmcheck.pack.rulepack import RulePack
    from spasmcheck.words import Region

BAR = "█"
CHART_TITLE = "Episodes per week"


def escape(text: str) -> str:
    """Rule text is not Markdown: keep characters that would restyle it literal."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _link(text: str, url: str) -> str:
    """A link whose text and address cannot break out of the Markdown around them."""
    return f"[{escape(text)}](<{url.replace('<', '%3C').replace('>', '%3E')}>)"


def render(
    assessment: Assessment, *, region: Region | None = None, pack: RulePack | None = None
) -> str:
    """One assessment's report as Markdown (questions by id when ``pack`` is not given)."""
    from spasmcheck.diary.entry import assessment_data

    now = datetime.now(timezone.utc)
    return from_report(build(assessment_data(assessment, pack, region), now, now))


def from_report(report: Report) -> str:
    """A built report as Markdown text."""
    lines = [f"# {escape(report.title)}", "", escape(dates(report)), ""]
    verdict = report.verdict
    if verdict is not None:
        lines += [
            f"**Urgency: {verdict.word}** ({verdict.symbol}). {escape(verdict.action)}",
            "",
            f"- {TITLES['when']}: {escape(verdict.when)}",
            f"- {TITLES['if_worse']}: {escape(verdict.if_worse)}",
        ]
    for section in report.sections:
        lines += ["", f"## {escape(section.title)}", ""]
        if section.intro:
            lines += [escape(section.intro), ""]
        lines += [_item(i) for i in section.items]
        if lines[-1] == "":
            lines.pop()
    if report.weeks:
        lines += ["", f"### {CHART_TITLE}", "", "| Week of | Episodes |", "| --- | --- |"]
        lines += [
            f"| {w.start} | {f'{w.episodes} {BAR * min(w.episodes, 30)}'.strip()} |"
            for w in report.weeks
        ]
    if report.disclaimer:
        lines += ["", f"_{escape(report.disclaimer)}_"]
    return "\n".join(lines) + "\n"


def _item(item: Item) -> str:
    label = f"**{escape(item.label)}:** " if item.label else ""
    cited = ""
    if item.source:
        cited = f" ({_link(item.source, item.url)})" if item.url else f" ({escape(item.source)})"
    return f"- {label}{escape(item.text)}{cited}"
