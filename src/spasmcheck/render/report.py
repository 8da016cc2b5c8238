"""The report for a doctor, decided once: Markdown and HTML only lay it out.

It is built from a saved assessment's data (``diary.entry.assessment_data``: the result
object plus the questions as worded), so a report from the diary and one written by
``assess --output report.html`` say the same thing: questions in words, never ids;
warning signs left unanswered; each reason with its source; the likely cause with the
evidence for and against; the pack's name and version; the date.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from spasmcheck.diary.trends import Trends, Week
from spasmcheck.pack.levels import LEVELS
from spasmcheck.words import (
    EMERGENCY_FOCUS,
    LEVEL_TEXT,
    NO_CAUSE,
    REGIONS,
    SELF_CARE_WITH_UNSURE_SIGNS,
    STOPPED_EARLY,
    TITLES,
    UNSURE_INTRO,
    level_texts,
)

from .summary import SHORT_HASH

TITLE = "spasmcheck: a report for your doctor"
DIARY_TITLE = "Your diary"
ADVICE_TITLE = "Advice"
NO_ASSESSMENT = "No assessment is saved in the diary for this period."


class Item(NamedTuple):
    """One line of a section: a label (bold), its text, and the source that supports it."""

    text: str
    label: str | None = None
    source: str | None = None
    url: str | None = None


class Section(NamedTuple):
    """A titled part of the report: an optional sentence, then its items."""

    title: str
    intro: str | None
    items: tuple[Item, ...]


class Verdict(NamedTuple):
    """The urgency, as the summary shows it."""

    level: str
    word: str
    symbol: str
    action: str
    when: str
    if_worse: str


class Report(NamedTuple):
    """Everything a report says, in order."""

    title: str
    made: str
    """When the report was made (local time)."""
    assessed: str | None
    """When the assessment was made, or ``None`` when there is none."""
    verdict: Verdict | None
    sections: tuple[Section, ...]
    weeks: tuple[Week, ...]
    """Episodes per week for the chart (empty without a diary)."""
    pack: str | None
    disclaimer: str | None


def when(moment: datetime) -> str:
    """A time as a report shows it: local, ``2026-11-27 14:30``, read the same anywhere."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def build(
    data: dict[str, Any] | None,
    assessed: datetime | None,
    now: datetime,
    trends: Trends | None = None,
) -> Report:
    """The report of one saved assessment's ``data`` (or none) and the diary's ``trends``."""
    sections: list[Section] = []
    verdict = None
    pack = disclaimer = None
    if data is not None:
        result = data.get("result") or {}
        verdict = _verdict(result)
        sections += _assessment(result, data, verdict)
        disclaimer = str(result.get("disclaimer") or "") or None
        info = result.get("pack") or data.get("pack") or {}
        if info.get("name"):
            pack = f"{info['name']} {info.get('version', '')}".strip()
            if info.get("sha256") and result.get("engine_version"):  # provenance, as footers
                pack += f", sha256 {info['sha256'][:SHORT_HASH]}, engine {result['engine_version']}"
    elif trends is not None:
        sections.append(Section(TITLES["likely"], NO_ASSESSMENT, ()))
    if trends is not None:
        sections.append(_diary(trends))
    return Report(
        TITLE,
        when(now),
        when(assessed) if assessed is not None else None,
        verdict,
        tuple(sections),
        trends.weeks if trends is not None else (),
        pack,
        disclaimer,
    )


def _verdict(result: dict[str, Any]) -> Verdict:
    level = (result.get("triage") or {}).get("level")
    level = level if level in LEVELS else "see_doctor"
    region = REGIONS.get(str(result.get("region")))
    words = (level_texts(region) if region is not None else LEVEL_TEXT)[level]
    action = words.action
    if level == "self_care" and result.get("unsure_red_flags"):
        action = SELF_CARE_WITH_UNSURE_SIGNS
    if result.get("stopped_early"):
        action += f" {STOPPED_EARLY}"
    return Verdict(level, words.word, words.symbol, action, words.when, words.if_worse)


def _assessment(result: dict[str, Any], data: dict[str, Any], verdict: Verdict) -> list[Section]:
    wording = {q.get("id"): q for q in data.get("questions") or [] if isinstance(q, dict)}
    sections = []
    why = [
        Item(str(f.get("advice", "")), _level_label(f, f.get("title")), *_cited(f))
        for f in _list(result, "red_flags")
    ]
    why += [
        Item(str(r.get("reason", "")), _level_label(r), *_cited(r))
        for r in _list(result, "triage_rules")
    ]
    if why:
        sections.append(Section(TITLES["why"], None, tuple(why)))
    unsure = [
        Item(str(u.get("if_unsure", "")), _level_label(u, u.get("title")))
        for u in _list(result, "unsure_red_flags")
    ]
    if unsure:
        sections.append(Section(TITLES["unsure"], UNSURE_INTRO, tuple(unsure)))
    sections.append(_likely(result, data, wording))
    if verdict.level == "emergency":
        sections.append(Section(ADVICE_TITLE, EMERGENCY_FOCUS, ()))
    else:
        for key, title in (
            ("immediate_relief", TITLES["relief"]),
            ("prevention", TITLES["prevention"]),
            ("see_professional", TITLES["see_professional"]),
        ):
            items = [Item(str(a.get("text", "")), None, *_cited(a)) for a in _list(result, key)]
            if items:
                sections.append(Section(title, None, tuple(items)))
    answered = [
        Item(str(q.get("shown", q.get("answer"))), str(q.get("text", q.get("id"))))
        for q in wording.values()
        if q.get("answer") != "unknown"
    ]
    if answered:
        sections.append(Section(TITLES["answers"], None, tuple(answered)))
    return sections


def _likely(
    result: dict[str, Any], data: dict[str, Any], wording: dict[Any, dict[str, Any]]
) -> Section:
    causes = list(_list(result, "causes"))
    likely = next((c for c in causes if c.get("id") == result.get("likely_cause")), None)
    threshold = float(data.get("likely_threshold") or 2)
    if likely is None:
        return Section(TITLES["likely"], NO_CAUSE, ())
    items = []
    for e in sorted(_list(likely, "evidence"), key=lambda e: float(e.get("weight", 0)) < 0):
        asked = wording.get(e.get("question")) or {}
        answer = f"{asked.get('text', e.get('question'))}: {asked.get('shown', e.get('answer'))}"
        because = e.get("because")
        text = f"{because} ({answer})" if because else answer
        items.append(Item(text, "For" if float(e.get("weight", 0)) > 0 else "Against"))
    others = [
        str(c.get("name")) for c in causes if c is not likely and float(c.get("score", 0)) > 0
    ][:2]
    intro = f"{likely.get('name')} ({strength(float(likely.get('score', 0)), threshold)})."
    if others:
        intro += f" {TITLES['also']}: {', '.join(others)}."
    return Section(TITLES["likely"], intro, tuple(items))


def strength(score: float, threshold: float) -> str:
    """Evidence strength in words, as ``render.summary.strength`` says it."""
    if score >= 2 * threshold:
        return "strong evidence"
    return "moderate evidence" if score >= threshold else "weak evidence"


def _diary(trends: Trends) -> Section:
    intro = (
        f"{trends.episodes} episode(s) from {trends.start} to {trends.end}, "
        f"{trends.assessments} of them with a saved assessment."
    )
    items = []
    if trends.causes:
        name, count = trends.causes[0]
        items.append(Item(f"{name} ({count} time(s))", "Most common likely cause"))
    if trends.helped:
        helped = ", ".join(f"{text} ({n})" for text, n in trends.helped[:3])
        items.append(Item(helped, "What helped most often"))
    items += [
        Item(
            LEVEL_TEXT[lv.level].word + (f", likely {lv.likely}" if lv.likely else ""),
            str(lv.day),
        )
        for lv in trends.levels
    ]
    return Section(DIARY_TITLE, intro, tuple(items))


def _list(obj: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = obj.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _cited(obj: dict[str, Any]) -> tuple[str | None, str | None]:
    source, url = obj.get("source"), obj.get("source_url")
    return (str(source) if source else None, str(url) if url else None)


def _level_label(obj: dict[str, Any], title: object = None) -> str:
    level = obj.get("level")
    word = LEVEL_TEXT[level].word if level in LEVEL_TEXT else str(level)
    return f"{title} ({word})" if title else word


def dates(report: Report) -> str:
    """The line saying when the assessment and the report were made, and by which rules
    (plain text: each format escapes it its own way)."""
    said = f"Assessment of {report.assessed}. " if report.assessed else ""
    said += f"Report made {report.made}."
    if report.pack:
        said += f" Rules: {report.pack}."
    return said
