"""Hostile or broken rule files: one clear line each, the right exit code, no traceback, fast."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from spasmcheck.pack import yamlsource
from spasmcheck.pack.files import MAX_FILE_BYTES

from .helpers import invoke

BILLION_LAUGHS = """\
format: 1
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
questions: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""

CASES = {
    "binary": (b"format: 1\n\x00\x01\x02", "1:1: error: not a text file (it contains NUL bytes)"),
    "latin1": ("format: 1\n# caf\xe9\n".encode("latin-1"), "1:1: error: not UTF-8 text"),
    "not_yaml": (b"format: 1\nquestions: [}\n", "2:13: error: invalid YAML:"),
    "empty": (b"", "1:1: error: empty file: a rule file needs at least 'format: 1'"),
    "only_comment": (b"# nothing\n", "1:1: error: empty file"),
    "a_list": (b"- format: 1\n", "1:1: error: a rule file must be a mapping, not a list"),
    "python_object": (
        b"format: 1\nquestions: !!python/object/apply:os.system ['touch PWNED']\n",
        "2:12: error: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    "flow_nesting": (b"format: 1\nquestions: " + b"[" * 100_000, "error: invalid YAML:"),
    "block_nesting": (
        b"format: 1\nquestions:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 900)),
        "error: nested more than 50 levels deep",
    ),
    "alias_bomb": (BILLION_LAUGHS.encode(), "error: aliases (*name) are not supported"),
    "huge": (b"format: 1\n" + b"# padding\n" * (MAX_FILE_BYTES // 10 + 1), "KiB limit"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_file_is_one_clear_line(tmp_path: Path, name: str) -> None:
    data, expected = CASES[name]
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "bad.yaml").write_bytes(data)
    # No timing here (tests must pass on a slow, busy machine): the alias bomb's line
    # below proves aliases are refused before anything could expand them.
    result = invoke("rules", "validate", str(folder))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stdout.splitlines()
    assert all(x.startswith(str(folder / "bad.yaml") + ":") for x in lines), lines
    assert expected in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "PWNED").exists()
    assert not Path("PWNED").exists()
    # The same folder used by assess is an invalid pack: exit 3.
    assessed = invoke("assess", "--rules", str(folder), "--no-input")
    assert assessed.exit_code == 3
    assert expected.split("error: ", 1)[-1] in assessed.stderr


def test_missing_rules_folder(tmp_path: Path) -> None:
    for args in (["rules", "validate"], ["rules", "test"], ["assess", "--no-input", "--rules"]):
        result = invoke(*args, str(tmp_path / "nope"))
        assert result.exit_code == 2
        assert result.stderr == f"spasmcheck: {tmp_path / 'nope'}: rules folder not found\n"


def test_folder_without_rule_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not rules")
    result = invoke("rules", "validate", str(tmp_path))
    assert result.exit_code == 2
    assert "no rule files (*.yaml) in this folder" in result.stderr


def test_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root can read anything, so the permission check is simulated.
    from spasmcheck.errors import UsageError
    from spasmcheck.pack.loader import load_rules

    monkeypatch.setattr("spasmcheck.pack.loader.os.access", lambda *a, **k: False)
    with pytest.raises(UsageError) as caught:
        load_rules(tmp_path, builtin=False)
    assert str(caught.value) == f"{tmp_path}: rules folder is not readable (permission denied)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable folders")
def test_really_unreadable_folder(tmp_path: Path) -> None:  # pragma: no cover - non-root only
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        result = invoke("rules", "validate", str(folder))
        assert result.exit_code == 2
    finally:
        folder.chmod(0o700)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.yaml").write_text("format: 1\n")

    real = os.open

    def refuse(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path).name == "x.yaml":
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args)

    monkeypatch.setattr("spasmcheck.pack.files.os.open", refuse)
    result = invoke("rules", "validate", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == f"{tmp_path / 'x.yaml'}:1:1: error: cannot read: Permission denied\n"


def test_pure_python_yaml_fallback_does_not_recurse_to_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlsource, "_Loader", yaml.SafeLoader)
    deep = "".join("  " * i + "- \n" for i in range(900))

    def read(text: str) -> object:
        return yamlsource.to_python(yamlsource.compose(text, "deep.yaml"), "deep.yaml")

    with pytest.raises(yamlsource.YamlProblem, match="nested"):
        read(deep)


def test_deep_rule_test_file_is_refused(tmp_path: Path) -> None:
    from spasmcheck.pack.ruletests import read_cases

    path = tmp_path / "cases.yaml"
    path.write_text("format: 1\ncases:\n" + "".join("  " * i + "- \n" for i in range(1, 900)))
    _, [problem] = read_cases(path)
    assert "nested more than 50 levels deep" in problem.message


def test_alias_bomb_in_a_rule_test_file_or_answers_is_refused_at_once(tmp_path: Path) -> None:
    """yamlsource.too_deep is the one alias check: every reader goes through it."""
    from spasmcheck.engine.answers import read_answers_text
    from spasmcheck.errors import UsageError
    from spasmcheck.pack.ruletests import read_cases

    path = tmp_path / "cases.yaml"
    path.write_text(BILLION_LAUGHS.replace("questions:", "cases:"))
    _, [problem] = read_cases(path)
    assert (problem.line, problem.message) == (2, "aliases (*name) are not supported here")
    with pytest.raises(UsageError, match=r"^a\.yaml:\d+:\d+: aliases"):
        read_answers_text(BILLION_LAUGHS.replace("format: 1\n", ""), "a.yaml")


def test_invalid_pack_exits_3_with_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes(CASES["flow_nesting"][0])
    result = invoke("assess", "--no-input", "--rules", str(tmp_path))
    assert result.exit_code == 3
    assert isinstance(result.exception, SystemExit)  # an expected error, not a crash
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == "spasmcheck: the rule pack is invalid (1 problem(s))"
