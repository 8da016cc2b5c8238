"""The report for a doctor: one self-contained HTML page (or Markdown with the same
content), in words not ids, every piece of text escaped, readable by a screen reader."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from spasmcheck import assess, load_rules, parse_answers
from spasmcheck.pack.rulepack import RulePack
from spasmcheck.render import Format, render
from spasmcheck.render.html import STYLE

from .helpers import MINI_PACK, invoke, write_pack

SCRIPT = ["assess", "--no-input", "-a", "radiating_pain=yes", "-a", "numbness_tingling=y",
          "-a", "during_or_after_exercise=yes", "-a", "recent_strenuous_exercise=yes"]  # fmt: skip
HOSTILE = '<img src=x onerror="alert(1)">&amp;'


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def diary_report(tmp_path: Path, fmt: str) -> str:
    for days in ("2026-11-02", "2026-11-10", "yesterday"):
        ok("log", "--when", days, "--where", "calf", "--helped", "stretching")
    ok(*SCRIPT, "--save")
    target = tmp_path / f"report.{'html' if fmt == 'html' else 'md'}"
    ok("report", "--since", "1y", "--output", str(target))
    return target.read_text()


class Page(HTMLParser):
    """The page's tags, in order, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Page:
    parsed = Page()
    parsed.feed(page)
    return parsed


def test_the_html_report_has_the_key_facts(tmp_path: Path, pack: RulePack) -> None:
    page = diary_report(tmp_path, "html")
    text = " ".join(" ".join(parse(page).text).split())
    assert "SEE A DOCTOR" in text
    assert pack.question("radiating_pain").text in text  # wording, not ids
    assert "radiating_pain" not in page
    assert "Warning signs you were not sure about" in text  # unanswered warning signs
    assert "NHS: Leg cramps" in text  # reasons with their sources
    assert "For: pain that spreads" in text  # evidence for the likely cause, and against
    wording = pack.question("during_or_after_exercise").text
    assert re.search(rf"Against: [^:]*\({re.escape(wording)}: yes\)", text)
    assert f"Rules: {pack.info.name} {pack.info.version}" in text
    assert re.search(r"Assessment of \d{4}-\d\d-\d\d \d\d:\d\d", text)
    assert "4 episode(s)" in text
    assert "What helped most often: stretching (3)" in text
    assert "This is not a diagnosis" in text


def test_the_html_report_is_self_contained(tmp_path: Path) -> None:
    page = diary_report(tmp_path, "html")
    tags = parse(page).tags
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object")]
    assert not [a for _, a in tags if "src" in a or "style" in a]
    assert "@import" not in page
    assert "url(" not in page
    hrefs = [a["href"] for t, a in tags if t == "a"]
    assert hrefs
    assert all(h and h.startswith("https://") for h in hrefs)
    assert "@media print" in page
    assert "@page" in page


def test_the_html_report_is_accessible(tmp_path: Path) -> None:
    """Landmarks, one h1 and h2s, a language, the chart named and described, and a table
    of the same numbers."""
    page = diary_report(tmp_path, "html")
    tags = parse(page).tags
    names = [t for t, _ in tags]
    assert dict(tags[0][1]) == {"lang": "en"}
    assert {"header", "main", "footer"} <= set(names)
    assert names.count("h1") == 1
    assert names.count("h2") >= 5
    assert "h3" not in names  # no skipped heading level
    svg = next(a for t, a in tags if t == "svg")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "chart-title chart-desc"
    assert '<title id="chart-title">Episodes per week</title>' in page
    assert re.search(r'<desc id="chart-desc">Bar chart of episodes per week .*: 4 in all', page)
    assert '<th scope="col">Week of</th>' in page


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_colour_pair_of_the_report_meets_wcag_aa() -> None:
    """Text on each level's colour, and the page's own text, at least 4.5:1."""
    pairs = re.findall(r"background: (#[0-9a-f]+); color: (#[0-9a-f]+)", STYLE)
    pairs += [("#fff", "#1a1a1a"), ("#fff", "#444"), ("#fff", "#0645ad")]
    assert len(pairs) >= 7
    for back, fore in pairs:
        light, dark = sorted((_luminance(back), _luminance(fore)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (back, fore)


def test_markdown_has_the_same_content(tmp_path: Path) -> None:
    page = " ".join(" ".join(parse(diary_report(tmp_path, "html")).text).split())
    (tmp_path / "report.md").unlink(missing_ok=True)
    (tmp_path / "report.html").unlink()
    os.environ["SPASMCHECK_DATA"] = str(tmp_path / "other")  # conftest.py undoes it
    text = diary_report(tmp_path, "markdown")
    for heading in re.findall(r"^#+ (.+)$", text, re.MULTILINE):
        assert heading.replace("\\", "") in page
    assert "| Week of | Episodes |" in text


def test_report_without_an_assessment_in_the_window(tmp_path: Path) -> None:
    ok("log", "--where", "calf")
    text = ok("report", "--format", "markdown")
    assert "No assessment is saved in the diary for this period." in text
    assert "1 episode(s)" in text


def test_report_output_refuses_an_existing_file_before_reading(tmp_path: Path) -> None:
    ok("log")
    target = tmp_path / "r.html"
    target.write_text("mine")
    result = invoke("report", "--output", str(target))
    assert result.exit_code == 2
    assert target.read_text() == "mine"


@pytest.fixture
def hostile_pack(tmp_path: Path) -> Path:
    quoted = '"' + HOSTILE.replace('"', '\\"') + '"'
    text = MINI_PACK
    for old in ("title: Danger", "advice: Call for help.", "disclaimer: Not a diagnosis.",
                "name: Alpha", "text: Rest alpha.", "text: Is it sore?"):  # fmt: skip
        key = old.split(":")[0]
        text = text.replace(old, f"{key}: {quoted}", 1)
    return write_pack(tmp_path / "rules", {"pack.yaml": text})


@pytest.mark.parametrize("answers", [{"danger": "yes"}, {"danger": "no", "sore": "yes"}])
def test_rule_text_is_escaped_in_html(hostile_pack: Path, answers: dict[str, str]) -> None:
    mini = load_rules(hostile_pack, builtin=False)
    page = render(assess(mini, parse_answers(mini, answers)), Format.html, pack=mini)
    assert "<img" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;amp;" in page


def test_the_persons_text_is_escaped_in_html(tmp_path: Path) -> None:
    ok("log", "--helped", "<script>alert(1)</script>")
    ok("report", "--output", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text()
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_assess_output_html_is_the_report_of_one_assessment(tmp_path: Path, pack: RulePack) -> None:
    target = tmp_path / "one.html"
    ok(*SCRIPT, "--output", str(target))
    page = target.read_text()
    assert pack.question("numbness_tingling").text in " ".join(page.split())
    assert "<svg" not in page  # no diary: no chart
    assert not Path(os.environ["SPASMCHECK_DATA"]).exists()
