"""Hostile input, issue #10: rule packs and the rules folders.

A rule pack may come from a stranger. Whatever it holds (escape sequences, a FIFO or
/dev/zero named ``z.yaml``, numbers Python cannot read or that are not finite), every
command says so on one located line with exit 3 (2 for a usage problem), never hangs,
never exhausts memory, never prints a traceback, and nothing of it reaches the terminal raw.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasmcheck.errors import RulePackError, SpasmcheckError
from spasmcheck.pack.loader import load_rules
from spasmcheck.pack.ruletests import read_cases
from tests.helpers import MINI_PACK, examples, invoke, write_pack

ESC = "\x1b"


def mini(tmp_path: Path, old: str, new: str, name: str = "rules.yaml") -> Path:
    """The mini pack with one piece of text replaced; its folder."""
    assert old in MINI_PACK, old
    folder = tmp_path / "pack"
    write_pack(folder, {name: MINI_PACK.replace(old, new, 1)})
    return folder


def only_problem(folder: Path) -> str:
    """The one problem that loading ``folder`` (on its own) reports, as printed."""
    with pytest.raises(RulePackError) as caught:
        load_rules(folder, builtin=False)
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    return str(problems[0])


def assert_one_line_exit(result: object, code: int, line: str) -> None:
    """Exit code, empty stdout, ``line`` on stderr, no traceback, no raw ESC."""
    assert result.exit_code == code, result.output  # type: ignore[attr-defined]
    assert result.stdout == ""  # type: ignore[attr-defined]
    err = result.stderr  # type: ignore[attr-defined]
    assert line in err.splitlines(), err
    assert "Traceback" not in err
    assert ESC not in err
    assert "\x9b" not in err


# --- 1. terminal injection ----------------------------------------------------------------

# (text in MINI_PACK, its hostile replacement, line, column, code point) for every kind
# of text field: ids, text, help, titles, advice, reasons, labels, names, URLs, keys...
INJECTIONS = {
    "question id": ("id: danger\n    text", 'id: "danger\\e[2J"\n    text', 10, 9, "001B"),
    "question text": ("text: Is it sore?", 'text: "Is it \\e]0;pwned\\a sore?"', 16, 11, "001B"),
    "help": (
        "help: Soreness tells us things.",
        'help: "\\e]52;c;ZWNo\\e\\\\ Soreness"',
        18,
        11,
        "001B",
    ),
    "short": ("help: Danger needs", 'short: "\\u009b2J"\n    help: Danger needs', 14, 12, "009B"),
    "option label": ("label: Every day", 'label: "Every \\x7f day"', 28, 28, "007F"),
    "unit": ("max: 10", 'max: 10\n    unit: "min\\rutes"', 35, 11, "000D"),
    "red flag title": ("title: Danger", 'title: "Danger\\N"', 41, 12, "0085"),
    "red flag advice": ("advice: Call for help.", 'advice: "Call \\e[?1049h"', 42, 13, "001B"),
    "cause name": ("name: Alpha", 'name: "\\e[31mAlpha"', 46, 11, "001B"),
    "description": ("description: The first cause.", 'description: "\\x00First"', 47, 18, "0000"),
    "because": ("because: sore points to alpha", 'because: "\\e[8m sore"', 49, 63, "001B"),
    "advice text": ("text: Rest alpha.", 'text: "Rest \\e[2J alpha."', 51, 21, "001B"),
    "triage reason": ("reason: Daily is a lot.", 'reason: "Daily \\e[1A"', 63, 13, "001B"),
    "url": ('url: "https://www.nhs.uk/', 'url: "https://\\e]8;;javascript:x\\a', 8, 55, "001B"),
    "publisher": ("publisher: NHS", 'publisher: "N\\bHS"', 8, 26, "0008"),
    "pack name": ("name: mini", 'name: "mini\\e[0m"', 3, 9, "001B"),
    "disclaimer": ("disclaimer: Not a diagnosis.", 'disclaimer: "\\e[8mNot"', 5, 15, "001B"),
    "a key": ("  likely_threshold: 2", '  "likely\\e_threshold": 2', 6, 3, "001B"),
    "condition value": ("is: daily}", 'is: "dai\\fly"}', 61, 37, "000C"),
}


@pytest.mark.parametrize("field", list(INJECTIONS))
def test_control_characters_in_any_text_field_are_a_located_error(
    tmp_path: Path, field: str
) -> None:
    old, new, line, column, code = INJECTIONS[field]
    folder = mini(tmp_path, old, new)
    message = only_problem(folder)
    assert message == (
        f"{folder / 'rules.yaml'}:{line}:{column}: text holds the control character U+{code}; "
        "rule files may hold no control characters but newline and tab (they could drive "
        "the terminal)"
    )


def test_an_escape_in_a_pack_never_reaches_the_terminal(tmp_path: Path) -> None:
    folder = mini(tmp_path, "text: Is it sore?", 'text: "Is it \\e[2J sore?"')
    where = f"{folder / 'rules.yaml'}:16:11: text holds the control character U+001B"
    for args in (
        ("assess", "--no-input", "--no-builtin-rules", "--rules", str(folder)),
        ("questions", "--no-builtin-rules", "--rules", str(folder)),
        ("rules", "list", "--no-builtin-rules", "--rules", str(folder)),
    ):
        result = invoke(*args)
        assert result.exit_code == 3, result.output
        assert result.stdout == ""
        assert result.stderr.startswith(where)
        assert ESC not in result.output
        assert "Traceback" not in result.output
    validated = invoke("rules", "validate", "--no-builtin-rules", str(folder))
    assert validated.exit_code == 1
    assert validated.stdout.startswith(where.replace(": text", ": error: text"))


def test_newline_and_tab_stay_allowed(tmp_path: Path) -> None:
    folder = mini(tmp_path, "help: Soreness tells us things.", 'help: "Two\\n\\tlines."')
    pack = load_rules(folder, builtin=False)
    assert pack.question("sore").help.startswith("Two\n\tlines.")


def test_control_characters_in_a_rule_test_file_are_a_located_error(tmp_path: Path) -> None:
    cases = (
        "format: 1\ncases:\n"
        '  - name: "pwned\\e]0;title\\a"\n'
        "    answers: {sore: yes}\n"
        "    expect: {triage: self_care}\n"
        "  - name: fine\n"
        '    answers: {sore: "y\\u009bes"}\n'
        '    expect: {advice_includes: ["rest\\x07"]}\n'
    )
    folder = write_pack(tmp_path / "pack", MINI_PACK, tests=cases)
    path = folder / "tests" / "cases.yaml"
    found, problems = read_cases(path)
    assert found == []
    assert [(p.line, p.column, p.message.split(";")[0]) for p in problems] == [
        (3, 11, "text holds the control character U+001B"),
        (7, 21, "text holds the control character U+009B"),
        (8, 32, "text holds the control character U+0007"),
    ]
    result = invoke("rules", "test", "--no-builtin-rules", str(folder))
    assert result.exit_code == 1  # rule tests' problems: exit 1, nothing run (DESIGN.md)
    assert result.stdout.splitlines()[0] == (
        f"{path}:3:11: error: text holds the control character U+001B; rule files may hold "
        "no control characters but newline and tab (they could drive the terminal)"
    )
    assert ESC not in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("a\nforged.yaml", "a\\nforged.yaml"),
        (f"{ESC}]0;pwned\a{ESC}[2J.yaml", "\\x1b]0;pwned\\x07\\x1b[2J.yaml"),
        ("b\rc\x9b.yaml", "b\\rc\\x9b.yaml"),
    ],
)
def test_file_names_are_escaped_in_problem_lines(tmp_path: Path, name: str, shown: str) -> None:
    folder = write_pack(tmp_path / "pack", {"rules.yaml": MINI_PACK, name: "format: 1\nbad: 1\n"})
    line = f"{folder}/{shown}:2:1: unknown key 'bad' in rule file"
    assert only_problem(folder) == line
    validated = invoke("rules", "validate", "--no-builtin-rules", str(folder))
    assert validated.exit_code == 1
    assert validated.stdout == line.replace(": unknown", ": error: unknown") + "\n"
    assessed = invoke("assess", "--no-input", "--no-builtin-rules", "--rules", str(folder))
    assert_one_line_exit(assessed, 3, line)
    assert len(assessed.stderr.splitlines()) == 2  # the problem, then the summary


def test_file_names_are_escaped_in_rules_list_and_usage_errors(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / f"p{ESC}[2J", MINI_PACK)
    listed = invoke("rules", "list", "--no-builtin-rules", "--rules", str(folder))
    assert listed.exit_code == 0
    assert ESC not in listed.output
    assert "p\\x1b[2J/rules.yaml:8" in listed.stdout
    missing = str(tmp_path / "no\nsuch")
    result = invoke("assess", "--no-input", "--rules", missing)
    assert result.exit_code == 2
    assert result.stderr == f"spasmcheck: {tmp_path}/no\\nsuch: rules folder not found\n"


@pytest.mark.parametrize("name", ["new\nline", f"esc{ESC}[2J", "tab\there"])
def test_rules_init_refuses_a_folder_name_with_a_control_character(
    tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    result = invoke("rules", "init", str(target))
    code = f"U+{ord(next(c for c in name if c < ' ' or c == ESC)):04X}"
    shown = name.replace("\n", "\\n").replace("\t", "\\t").replace(ESC, "\\x1b")
    assert_one_line_exit(
        result,
        2,
        f"spasmcheck: {tmp_path}/{shown}: a folder name with a control character ({code}) "
        "cannot be used for a rule pack; choose another name",
    )
    assert list(tmp_path.iterdir()) == []


# --- 2. rules folders that would hang or exhaust memory ------------------------------------

NOT_REGULAR = "1:1: not a regular file (a device, pipe or socket)"


def test_a_socket_or_device_named_yaml_is_a_located_error(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", MINI_PACK)
    (folder / "null.yaml").symlink_to("/dev/null")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.yaml"))
        with pytest.raises(RulePackError) as caught:
            load_rules(folder, builtin=False)
    assert [str(p) for p in caught.value.problems] == [
        f"{folder / 'null.yaml'}:{NOT_REGULAR}",
        f"{folder / 'sock.yaml'}:{NOT_REGULAR}",
    ]


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail a test that blocks for 10 s (a blocking ``open`` of a FIFO is interrupted)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("blocked for 10 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.usefixtures("alarm")
def test_a_fifo_is_refused_without_opening_it_for_a_blocking_read(tmp_path: Path) -> None:
    """In-process, guarded by ``alarm``: the loader and the file digests (of the cache key
    and the pack's sha256) both refuse a FIFO before a blocking open or an endless read."""
    from spasmcheck.pack.provenance import file_digests

    folder = write_pack(tmp_path / "pack", MINI_PACK)
    os.mkfifo(folder / "z.yaml")
    with pytest.raises(OSError, match="not a regular file"):
        file_digests([("x", [folder / "z.yaml"])])
    result = invoke("questions", "--no-builtin-rules", "--rules", str(folder))
    assert_one_line_exit(result, 3, f"{folder / 'z.yaml'}:{NOT_REGULAR}")


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null"])
def test_a_device_named_as_the_rules_folder_is_a_usage_error(target: str) -> None:
    result = invoke("rules", "validate", target)
    assert_one_line_exit(
        result,
        2,
        f"spasmcheck: {target}: not a regular file (a device, pipe or socket); "
        "give a rules folder or a rule file",
    )


def _limited() -> None:  # pragma: no cover - runs in the child
    """A child that reads /dev/zero without a bound dies of MemoryError, not the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def run_limited(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``spasmcheck ARGS`` in a child with 1 GiB of address space and 60 s, the per-user
    config folder in ``tmp_path``, the pack cache on."""
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "SPASMCHECK_CACHE_DIR": str(tmp_path / "cache"),
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "spasmcheck", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        preexec_fn=_limited,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_the_per_user_folder_with_a_fifo_or_dev_zero_hangs_no_command(
    tmp_path: Path, kind: str
) -> None:
    user = tmp_path / "config" / "spasmcheck" / "rules"
    user.mkdir(parents=True)
    if kind == "fifo":
        os.mkfifo(user / "z.yaml")
    else:
        (user / "z.yaml").symlink_to("/dev/zero")
    line = f"{user / 'z.yaml'}:{NOT_REGULAR}"
    for args in (("questions",), ("assess", "--no-input", "--format", "json")):
        done = run_limited(tmp_path, *args)
        assert done.returncode == 3, done.stderr
        assert done.stdout == ""
        assert done.stderr.splitlines() == [
            line,
            "spasmcheck: the rule pack is invalid (1 problem(s))",
        ]
    validated = run_limited(tmp_path, "rules", "validate")
    assert validated.returncode == 1
    assert validated.stdout == line.replace(": not", ": error: not") + "\n"


def test_a_rule_file_is_read_with_a_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that grows after its size was checked is still read only to the limit."""
    from spasmcheck.pack import files

    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 100)
    real_fstat = os.fstat

    def says_empty(fd: int) -> os.stat_result:  # as /proc files and growing files do
        found = real_fstat(fd)
        return os.stat_result((*found[:6], 0, *found[7:]))

    monkeypatch.setattr(files.os, "fstat", says_empty)
    with pytest.raises(files.Unreadable, match="over the 0 KiB limit"):
        files.read_bytes(path, limit=10)


def test_an_unreadable_per_user_folder_is_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads anything, so the ``PermissionError`` of a config folder without search
    permission is simulated where ``is_dir`` meets it."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    user = tmp_path / "spasmcheck" / "rules"
    real = Path.is_dir

    def is_dir(self: Path) -> bool:
        if self == user:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    line = (
        f"spasmcheck: {user}: per-user rules folder cannot be read: Permission denied; "
        "fix its permissions or move it away"
    )
    for args in (("questions",), ("assess", "--no-input"), ("rules", "list"), ("rules", "test")):
        assert_one_line_exit(invoke(*args), 2, line)
    assert invoke("rules", "schema").exit_code == 0


# --- 3. numbers ----------------------------------------------------------------------------

WEIGHT = "weight: 2, because"
HUGE = "1" + "0" * 400
RULE = "{question: how_often, is: daily}"
W = (49, 51)  # where the weight's value starts


def ambiguous(text: str, read: int) -> str:
    """The message for a number YAML 1.1 and 1.2 read differently."""
    return f"{text} is ambiguous: YAML 1.1 reads it as {read}, YAML 1.2 otherwise; " + (
        "write the number in plain decimal"
    )


TOO_LONG = "a number of {} characters is too long"
NOT_FINITE = "{} is not a finite number"
# case: (text in MINI_PACK, its replacement, (line, column), message after "key: ")
NUMBERS = {
    "weight 1+400 zeros": (WEIGHT, f"weight: {HUGE}, because", W, TOO_LONG.format(401)),
    "weight 5000 digits": (WEIGHT, f"weight: {'9' * 5000}, because", W, TOO_LONG.format(5000)),
    "weight .nan": (WEIGHT, "weight: .nan, because", W, NOT_FINITE.format(".nan")),
    "weight .inf": (WEIGHT, "weight: .inf, because", W, NOT_FINITE.format(".inf")),
    "weight -.inf": (WEIGHT, "weight: -.inf, because", W, NOT_FINITE.format("-.inf")),
    "weight 1.0e+400": (WEIGHT, "weight: 1.0e+400, because", W, NOT_FINITE.format("1.0e+400")),
    "weight 1001": (
        WEIGHT,
        "weight: 1001, because",
        W,
        "1001 is too large: at most 1,000 either way",
    ),
    "weight 1_0": (WEIGHT, "weight: 1_0, because", W, ambiguous("1_0", 10)),
    "weight 010": (WEIGHT, "weight: 010, because", W, ambiguous("010", 8)),
    "weight !!int x": (
        WEIGHT,
        "weight: !!int x, because",
        W,
        "the tag !!int does not fit 'x': write the value untagged",
    ),
    "likely_threshold .inf": (
        "likely_threshold: 2",
        "likely_threshold: .inf",
        (6, 21),
        NOT_FINITE.format(".inf"),
    ),
    "min -.inf": ("min: 0", "min: -.inf", (33, 10), NOT_FINITE.format("-.inf")),
    "max .nan": ("max: 10", "max: .nan", (34, 10), NOT_FINITE.format(".nan")),
    "max 10000001": (
        "max: 10",
        "max: 10000001",
        (34, 10),
        "10000001 is too large: at most 1,000,000 either way",
    ),
    "format 0x2": ("format: 1", "format: 0x2", (1, 9), ambiguous("0x2", 2)),
    "format 1:00": ("format: 1", "format: 1:00", (1, 9), ambiguous("1:00", 60)),
    "format 5000 digits": ("format: 1", f"format: {'9' * 5000}", (1, 9), TOO_LONG.format(5000)),
    "at_least .nan": (
        RULE,
        "{question: pain, at_least: .nan}",
        (61, 38),
        NOT_FINITE.format(".nan"),
    ),
    "is .inf": (RULE, "{question: pain, is: .inf}", (61, 32), NOT_FINITE.format(".inf")),
    "one_of 1_0": (RULE, "{question: pain, one_of: [1, 1_0]}", (61, 40), ambiguous("1_0", 10)),
}


@pytest.mark.parametrize("case", list(NUMBERS))
def test_numbers_that_are_not_plain_and_finite_are_a_located_error(
    tmp_path: Path, case: str
) -> None:
    old, new, (line, column), message = NUMBERS[case]
    key = new.split(": ")[-2].split(" ")[-1]  # weight, format, at_least, one_of...
    folder = mini(tmp_path, old, new)
    where = f"{folder / 'rules.yaml'}:{line}:{column}"
    if "!!int" in new:  # refused as data, before it is read as a weight
        assert only_problem(folder) == f"{where}: {message}"
    else:
        assert only_problem(folder) == f"{where}: {key}: {message}"


def test_a_401_digit_weight_no_longer_passes_validate_and_crashes_assess(tmp_path: Path) -> None:
    folder = mini(tmp_path, WEIGHT, f"weight: {HUGE}, because")
    line = f"{folder / 'rules.yaml'}:49:51: weight: a number of 401 characters is too long"
    validated = invoke("rules", "validate", "--no-builtin-rules", str(folder))
    assert validated.exit_code == 1
    assert validated.stdout == line.replace(": weight", ": error: weight", 1) + "\n"
    assessed = invoke("assess", "--no-input", "--no-builtin-rules", "--rules", str(folder))
    assert_one_line_exit(assessed, 3, line)


def test_plain_numbers_still_load(tmp_path: Path) -> None:
    text = MINI_PACK.replace(WEIGHT, "weight: -1000, because").replace("max: 10", "max: 10.5e+1")
    write_pack(tmp_path, {"rules.yaml": text})
    pack = load_rules(tmp_path, builtin=False)
    assert pack.question("pain").max == 105.0
    assert pack.cause("alpha").evidence[0].weight == -1000


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("1:00", "answer: 1:00 is ambiguous"),
        ("0x2", "answer: 0x2 is ambiguous"),
        (".nan", "answer: .nan is not a finite number"),
        ("9" * 5000, "answer: a number of 5000 characters is too long"),
    ],
)
def test_numbers_in_rule_test_answers(tmp_path: Path, answer: str, message: str) -> None:
    cases = (
        "format: 1\ncases:\n  - name: n\n"
        f"    answers: {{pain: {answer}}}\n    expect: {{triage: self_care}}\n"
    )
    folder = write_pack(tmp_path / "pack", MINI_PACK, tests=cases)
    found, [problem] = read_cases(folder / "tests" / "cases.yaml")
    assert found == []
    assert (problem.line, problem.column) == (4, 21)
    assert problem.message.startswith(message)


# --- 4. any text at all: only the documented errors -----------------------------------------

HOSTILE_SCALARS = [
    ".nan", ".inf", "-.inf", "0x2", "0o17", "010", "1:00", "1_0", "1.0e+400", "9" * 5000,
    '"\\e[2J"', '"\\u009b"', "'\\x85'", "!!python/object/apply:os.system [id]", "*a", "&a 1",
    "[", "{", "}", "~", "yes", "''", "|", ">-", "- x", "? x", "{a: 1, a: 2}", "[[[[[[[[",
    "!!binary aGk=", "!!int x", "!!float 1", "%TAG", "---", "...", "'", '"', "@", "`",
    "{question: x}", "{all: []}", "{not: 1}", "{question: sore, is: [1]}", "\t", "2001-01-01",
]  # fmt: skip
LINES = MINI_PACK.splitlines()
NUMBER_LINES = [i for i, line in enumerate(LINES) if line.split(":")[-1].strip().isdigit()]
"""``format: 1``, ``min: 0``, ``likely_threshold: 2``...: where a number is read."""


@st.composite
def yamlish(draw: st.DrawFn) -> str:
    """The mini pack with a few lines' values swapped for hostile scalars or random text,
    lines dropped or duplicated, or random text with YAML's punctuation."""
    if draw(st.booleans()):
        lines = list(LINES)
        for _ in range(draw(st.integers(1, 4))):
            action = draw(st.sampled_from(["value", "number", "drop", "dup", "text"]))
            if action == "number" and len(lines) == len(LINES):
                at, action = draw(st.sampled_from(NUMBER_LINES)), "value"
            else:
                at = draw(st.integers(0, len(lines) - 1))
            key = lines[at].split(":", 1)[0]
            if action == "value":
                value = draw(st.sampled_from(HOSTILE_SCALARS) | st.text(max_size=12))
                lines[at] = f"{key}: {value}"
            elif action == "drop":
                del lines[at]
            elif action == "dup":
                lines.insert(at, lines[at])
            else:
                lines[at] = draw(st.text(max_size=30))
            if not lines:
                break
        return "\n".join(lines) + "\n"
    alphabet = st.sampled_from(list("ab01 :-[]{}!&*'\"|>#%@\n\t.,?~\\ex\x1b\x85"))
    return draw(st.text(alphabet, max_size=200))


@settings(
    max_examples=examples(300),
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=yamlish())
def test_load_rules_raises_only_spasmcheck_errors(text: str) -> None:
    with tempfile.TemporaryDirectory() as where:
        (Path(where) / "rules.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        shown = ""
        try:
            load_rules(where, builtin=False)
        except SpasmcheckError as error:  # anything else fails the test
            shown = "\n".join(str(p) for p in getattr(error, "problems", ())) or str(error)
    assert ESC not in shown
    assert "\x85" not in shown
