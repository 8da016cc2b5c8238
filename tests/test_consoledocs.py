"""The reader of the docs' examples: what it accepts, what it refuses, and that it catches drift."""

from __future__ import annotations

from pathlib import Path

import pytest

from .consoledocs import matches, read, split_pipeline, steps

FENCE = "```"


def page(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.md"
    path.write_text(text.replace("'''", FENCE), encoding="utf-8")
    return path


def test_an_ellipsis_line_stands_for_any_lines_none_included() -> None:
    assert matches(["a", "...", "d"], "a\nb\nc\nd\n")
    assert matches(["a", "...", "d"], "a\nd\n")
    assert matches(["a  ", "..."], "a\n")  # trailing spaces and a trailing ... are free
    assert not matches(["a", "d"], "a\nb\nd\n")
    assert not matches(["a", "...", "d"], "a\nb\n")


def test_pipes_are_cut_outside_quotes_only() -> None:
    assert split_pipeline("echo 'a|b' | grep \"|\" | sh") == ["echo 'a|b'", 'grep "|"', "sh"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<!-- not-tested: -->\n'''console\n$ x\n'''\n", "needs a reason"),
        ("<!-- file: a.txt -->\ntext\n", "must come just before a block"),
        ("'''sh\n$ spasmcheck --version\n'''\n", "must be ```console"),
        ("<!-- edit a.txt: old -> new -->\n", 'write <!-- edit PATH: "OLD" -> "NEW" -->'),
        ("<!-- terminal -->\n'''yaml\na: 1\n'''\n", "is for a console block"),
    ],
)
def test_a_malformed_page_is_refused_with_its_line(tmp_path: Path, text: str, error: str) -> None:
    with pytest.raises(ValueError, match="^line 1: .*" + error.replace("(", r"\(")):
        steps(page(tmp_path, text).read_text())


def test_a_page_is_read_in_order_and_drift_names_the_line(tmp_path: Path) -> None:
    text = """\
<!-- file: answers.yaml -->
'''yaml
frequency: daily
'''

<!-- edit answers.yaml: "daily" -> "weekly" -->
'''console
$ cat answers.yaml
frequency: weekly
$ spasmcheck assess --no-input --answers answers.yaml --format json > out.json
$ echo $?
0
$ spasmcheck assess --no-input -a nope=yes 2>&1 >/dev/null | grep -c unknown
1
'''

<!-- not-tested: shows a made-up command -->
'''console
$ made-up
'''
"""
    work = tmp_path / "work"
    work.mkdir()
    assert read(page(tmp_path, text), work) == ["page.md:18: shows a made-up command"]
    assert (work / "out.json").read_text().startswith("{")

    drifted = page(tmp_path, text.replace("frequency: weekly\n$", "frequency: daily\n$"))
    with pytest.raises(pytest.fail.Exception, match=r"page\.md:8: `\$ cat answers.yaml`"):
        read(drifted, work)


def test_a_program_a_fresh_machine_lacks_is_named(tmp_path: Path) -> None:
    text = "'''console\n$ spasmcheck --version | no-such-program-here\n'''\n"
    with pytest.raises(AssertionError, match="`no-such-program-here` is not on this machine"):
        read(page(tmp_path, text), tmp_path)
