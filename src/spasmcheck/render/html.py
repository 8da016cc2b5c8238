"""``--format html``: the report for a doctor (``render.report``) as one self-contained page.

No network: no external CSS, fonts, scripts or images; the chart is inline SVG with a
text alternative and a table of the same numbers. Print styles fit A4 and Letter (the
page size is left to the printer; margins and widths suit both). Every piece of text,
the person's and the rule files', goes through ``html.escape``; a link is made only of
an ``http(s)`` address.
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from typing import TYPE_CHECKING

from spasmcheck.diary.trends import Week
from spasmcheck.words import TITLES

from .markdown import CHART_TITLE
from .report import Item, Report, build, dates

if TYPE_CHECKING:
    from spasmcheck.engine.result import Assessment
    from spasmcheck.pack.rulepack import RulePack
    from spasmcheck.words import Region

STYLE = """
:root { color: #1a1a1a; background: #fff; font: 16px/1.45 system-ui, sans-serif; }
body { max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; border-bottom: 1px solid #999; }
.verdict { border: 3px solid #1a1a1a; padding: .6rem .9rem; margin: 1rem 0; }
.level { display: inline-block; font-weight: 700; padding: .1rem .5rem; }
.emergency { background: #b00020; color: #fff; }
.urgent { background: #ffb347; color: #000; }
.see_doctor { background: #ffe066; color: #000; }
.self_care { background: #8fd19e; color: #000; }
.source { color: #444; font-size: .9em; }
a { color: #0645ad; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: .15rem .5rem; text-align: left; }
svg { max-width: 100%; height: auto; }
footer { margin-top: 2rem; font-size: .9em; color: #333; }
@page { margin: 15mm; }
@media print {
  :root { font-size: 11pt; }
  body { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " <" attr(href) ">"; font-size: .85em; word-break: break-all; }
  h2 { break-after: avoid; }
  li, tr, .verdict, figure { break-inside: avoid; }
}
"""


def render(
    assessment: Assessment, *, region: Region | None = None, pack: RulePack | None = None
) -> str:
    """One assessment's report as an HTML page (questions by id without ``pack``)."""
    from spasmcheck.diary.entry import assessment_data

    now = datetime.now(timezone.utc)
    return document(build(assessment_data(assessment, pack, region), now, now))


def document(report: Report) -> str:
    """A built report as one HTML document."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{STYLE}</style></head>",
        "<body>",
        f"<header><h1>{escape(report.title)}</h1><p>{escape(dates(report))}</p></header>",
        "<main>",
    ]
    verdict = report.verdict
    if verdict is not None:
        out += [
            '<section class="verdict" aria-labelledby="urgency">',
            f'<h2 id="urgency">Urgency: <span class="level {escape(verdict.level)}">'
            f"{escape(verdict.symbol)} {escape(verdict.word)}</span></h2>",
            f"<p><strong>{escape(verdict.action)}</strong></p>",
            f"<p><strong>{TITLES['when']}:</strong> {escape(verdict.when)}<br>",
            f"<strong>{TITLES['if_worse']}:</strong> {escape(verdict.if_worse)}</p>",
            "</section>",
        ]
    for number, section in enumerate(report.sections):
        out.append(f'<section aria-labelledby="s{number}"><h2 id="s{number}">')
        out.append(f"{escape(section.title)}</h2>")
        if section.intro:
            out.append(f"<p>{escape(section.intro)}</p>")
        if section.items:
            out += ["<ul>", *(_item(i) for i in section.items), "</ul>"]
        out.append("</section>")
    if report.weeks:
        out += _chart(report.weeks)
    out.append("</main>")
    if report.disclaimer:
        out.append(f"<footer><p>{escape(report.disclaimer)}</p></footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _item(item: Item) -> str:
    label = f"<strong>{escape(item.label)}:</strong> " if item.label else ""
    cited = ""
    if item.source:
        name = escape(item.source)
        if item.url and item.url.startswith(("https://", "http://")):
            name = f'<a href="{escape(item.url, quote=True)}">{name}</a>'
        cited = f' <span class="source">({name})</span>'
    return f"<li>{label}{escape(item.text)}{cited}</li>"


WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 640, 200, 20, 30, 30


def _chart(weeks: tuple[Week, ...]) -> list[str]:
    """Episodes per week as an SVG bar chart, described in words, with the numbers in a
    table below it (for screen readers and for copying)."""
    most = max(w.episodes for w in weeks) or 1
    total = sum(w.episodes for w in weeks)
    busiest = max(weeks, key=lambda w: w.episodes)
    describe = (
        f"Bar chart of episodes per week from the week of {weeks[0].start} to the week of "
        f"{weeks[-1].start}: {total} in all"
        + (f", most in the week of {busiest.start} ({busiest.episodes})." if total else ".")
    )
    step = (WIDTH - LEFT) / len(weeks)
    plot = HEIGHT - TOP - BOTTOM
    every = max(1, round(len(weeks) / 8))
    svg = [
        f'<figure><svg role="img" aria-labelledby="chart-title chart-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{CHART_TITLE}</title>',
        f'<desc id="chart-desc">{escape(describe)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + plot}" x2="{WIDTH}" y2="{TOP + plot}" stroke="#1a1a1a"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="11">{most}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot}" text-anchor="end" font-size="11">0</text>',
    ]
    for i, week in enumerate(weeks):
        x = LEFT + i * step
        high = plot * week.episodes / most
        if week.episodes:
            svg.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{TOP + plot - high:.1f}" '
                f'width="{step * 0.7:.1f}" height="{high:.1f}" fill="#1f5f99"/>'
            )
        if i % every == 0:
            svg.append(
                f'<text x="{x + step / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle" '
                f'font-size="11">{week.start.strftime("%d %b")}</text>'
            )
    svg.append(f"</svg><figcaption>{escape(describe)}</figcaption></figure>")
    table = [
        f"<table><caption>{CHART_TITLE}</caption>",
        '<thead><tr><th scope="col">Week of</th><th scope="col">Episodes</th></tr></thead>',
        "<tbody>",
        *(f"<tr><td>{w.start}</td><td>{w.episodes}</td></tr>" for w in weeks),
        "</tbody></table>",
    ]
    return [
        f'<section aria-labelledby="chart"><h2 id="chart">{CHART_TITLE}</h2>',
        *svg,
        *table,
        "</section>",
    ]
