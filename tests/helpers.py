"""Shared test helpers, one per job: rule folders, answers per level, running the program.

Running the program, from cheapest to dearest:

- ``invoke``: the CLI in this process through Typer's ``CliRunner`` (stdin is not a
  terminal, stdout and stderr are kept apart).
- ``on_terminal``: the CLI in this process with stdin, stderr (and by default stdout)
  standing in for a terminal, the replies chosen from what the screen shows, as a person
  at a keyboard would. This is how the interview is tested end to end.
- ``fresh_imports``: the CLI in this process as if just started, to see what it imports.
- ``program_env`` (with ``run_program`` and the pty ``spawn`` in the slow tests): a real
  process, for the few smoke tests that must prove the real thing.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.abc
import importlib.machinery
import io
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from spasmcheck import RulePack, load_rules
from spasmcheck.cli import app, main
from spasmcheck.pack.loader import builtin_rules_dir
from spasmcheck.pack.ruletests import Case, load_cases

# --- Hypothesis ----------------------------------------------------------------------


def examples(full: int) -> int:
    """How many examples a property runs: ``full`` under the "ci" Hypothesis profile, a
    quarter of it (at least 10) under "dev", the local default (see conftest.py)."""
    return max(10, full * settings.default.max_examples // 100)


# --- rule folders ---------------------------------------------------------------------

MINI_PACK = """\
format: 1
pack:
  name: mini
  version: "1"
  disclaimer: Not a diagnosis.
  likely_threshold: 2
sources:
  - {id: src, publisher: NHS, title: Leg cramps, url: "https://www.nhs.uk/conditions/leg-cramps/"}
questions:
  - id: danger
    text: Is there danger?
    type: yes_no
    screening: true
    help: Danger needs help now.
  - id: sore
    text: Is it sore?
    type: yes_no
    help: Soreness tells us things.
  - id: tired
    text: Are you tired?
    type: yes_no
    help: Tiredness tells us things.
  - id: how_often
    text: How often?
    type: choice
    options:
      - {id: rarely, label: Rarely}
      - {id: daily, label: Every day}
    help: Often is worse.
  - id: pain
    text: How bad, 0 to 10?
    type: scale
    min: 0
    max: 10
    ask_if: {question: sore, is: yes}
    help: How bad it is.
red_flags:
  - id: danger
    when: {question: danger, is: yes}
    level: emergency
    title: Danger
    advice: Call for help.
    source: src
causes:
  - id: alpha
    name: Alpha
    description: The first cause.
    evidence:
      - {when: {question: sore, is: yes}, weight: 2, because: sore points to alpha}
      - {when: {question: tired, is: yes}, weight: -1}
    relief: [{text: Rest alpha., source: src}]
  - id: beta
    name: Beta
    description: The second cause.
    evidence:
      - {when: {question: tired, is: yes}, weight: 2}
      - {when: {not: {question: sore, is: yes}}, weight: 1}
    relief: [{text: Rest beta., source: src}]
triage_rules:
  - id: daily
    when: {question: how_often, is: daily}
    level: see_doctor
    reason: Daily is a lot.
    source: src
general_advice:
  relief: [{text: Stretch gently., source: src}]
"""
"""A small stand-alone pack (``builtin=False``) for loader and engine tests."""


def write_pack(folder: Path, files: str | Mapping[str, str], tests: str | None = None) -> Path:
    """Write a rules folder and return it.

    ``files`` is the text of one ``rules.yaml``, or ``{relative path: YAML text}``;
    ``tests``, if given, becomes ``tests/cases.yaml``. Text is dedented.
    """
    named = {"rules.yaml": files} if isinstance(files, str) else dict(files)
    if tests is not None:
        named["tests/cases.yaml"] = tests
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in named.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


# --- answers --------------------------------------------------------------------------

CASES = {
    "self_care": {"recent_strenuous_exercise": "yes", "during_or_after_exercise": "yes"},
    "see_doctor": {"frequency": "daily"},
    "urgent": {"recent_injury": "yes"},
    "emergency": {"saddle_numbness": "yes"},
}
"""Answers that reach each triage level on the built-in pack."""


ADULT = {"age_group": "16_to_64"}
"""The built-in pack's first question answered, so an interview starts at the warning signs."""


def full_answers(pack: RulePack) -> dict[str, str]:
    """Every yes/no question "no", every choice its first option (an adult's age):
    nothing left to ask."""
    answers = {
        q.id: "no" if q.type == "yes_no" else q.options[0].id
        for q in pack.questions
        if q.type in ("yes_no", "choice")
    }
    return {**answers, **{k: v for k, v in ADULT.items() if k in answers}}


# --- the built-in pack and its rule test cases ------------------------------------------


@functools.cache
def load_script(name: str) -> ModuleType:
    """``scripts/NAME.py`` imported as a module (the scripts are not a package), so a test
    calls the same functions a maintainer runs."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def builtin_pack() -> RulePack:
    """The built-in pack, loaded once (the ``pack`` fixture, and modules that need it when
    they are imported)."""
    return load_rules()


@functools.cache
def rule_cases() -> tuple[Case, ...]:
    """Every test case of the built-in pack (``rules/tests/*.yaml``), read once."""
    cases, problems = load_cases([builtin_rules_dir()])
    assert not problems, problems
    return tuple(cases)


@functools.cache
def sample_cases() -> tuple[Case, ...]:
    """The few rule cases a quick run checks where a full run checks every case: together
    they expect each triage level, each likely cause (and none) and each number of red
    flags that any case expects. Chosen greedily, the case adding most first (the earlier
    in file order on a tie), so the sample is small and the same every run."""
    reaches = [
        {
            ("level", case.expect.triage),
            ("red flags", len(case.expect.red_flags)),
            *([("likely", case.expect.likely_cause)] if case.expect.checks_likely else []),
        }
        for case in rule_cases()
    ]
    wanted: set[tuple[str, object]] = set().union(*reaches) - {("level", None)}
    chosen: list[int] = []
    while wanted:
        best = max(range(len(reaches)), key=lambda i: (len(reaches[i] & wanted), -i))
        chosen.append(best)
        wanted -= reaches[best]
    return tuple(rule_cases()[i] for i in sorted(chosen))


def rule_case_params(chunks: int | None = None, cases: Sequence[Case] | None = None) -> list[Any]:
    """Rule cases (``cases``, else all of the built-in pack's) as ``parametrize`` values for
    a check over every case: those in ``sample_cases`` in the quick loop, all the others
    marked ``slow`` (a full run checks each case once). One case per value (its name the
    id), or with ``chunks`` a tuple of cases per value: the sample, then the others in
    ``chunks`` tuples that pytest-xdist can spread."""
    every = rule_cases() if cases is None else tuple(cases)
    names = {case.name for case in sample_cases()}
    sample = tuple(case for case in every if case.name in names)
    rest = [case for case in every if case.name not in names]
    slow = pytest.mark.slow
    if chunks is None:
        return [
            pytest.param(case, id=case.name, marks=() if case.name in names else slow)
            for case in every
        ]
    return [
        pytest.param(sample, id="sample"),
        *(
            pytest.param(tuple(rest[i::chunks]), id=f"rest-{i + 1}-of-{chunks}", marks=slow)
            for i in range(chunks)
        ),
    ]


# --- the CLI in this process ----------------------------------------------------------

ESC = "\x1b["
SAVE = "Save this to your diary?"
"""The offer at the end of an interview (a reply for it goes under "save")."""
CHECK = "Check your answers"
"""The heading of the check-your-answers screen before the summary (replies under "check";
Enter by default)."""
GROUP = "Do any of these apply to you"
"""The heading of every grouped list: the warning signs (emergency, then urgent) and the
pack's own lists."""


def invoke(*args: str, input: str | None = None, env: Mapping[str, str] | None = None) -> Result:
    """``spasmcheck ARGS`` through ``CliRunner``: ``.exit_code``, ``.stdout``, ``.stderr``."""
    return CliRunner().invoke(app, list(args), input=input, env=env)


def which(pack: RulePack, shown: str) -> str:
    """The question whose text was shown last in ``shown`` ("group" for a grouped list)."""
    best, where = "", -1
    for question in pack.questions:
        at = shown.rfind(question.text)
        if at > where:
            best, where = question.id, at
    if shown.rfind(GROUP) > where:
        return "group"
    assert best, f"no question recognised in {shown!r}"
    return best


class Interrupt:
    """A reply that is Ctrl-C."""


CTRL_C = Interrupt()
CTRL_D = None  # a reply that is end of input
Reply = str | Interrupt | None


class _Terminal(io.StringIO):
    """Output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class _Keyboard(io.TextIOBase):
    """stdin on a terminal: each line is chosen when the program asks for it, from the
    text shown on the screen since the last one."""

    def __init__(self, screen: io.StringIO, choose: Callable[[str], Reply]) -> None:
        self.screen, self.choose, self.seen = screen, choose, 0

    def isatty(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:
        shown = self.screen.getvalue()[self.seen :]
        self.seen += len(shown)
        reply = self.choose(shown)
        if isinstance(reply, Interrupt):
            raise KeyboardInterrupt
        return "" if reply is None else reply + "\n"


@dataclass
class TerminalRun:
    code: int
    screen: str  # stderr: the interview
    stdout: str
    asked: list[str] = field(default_factory=list)  # question ids, repeats included
    last: str = ""  # the screen after the last reply was read
    checks: int = 0  # how often the check-your-answers screen was shown

    @property
    def shown(self) -> str:
        """Everything on the terminal (stdout too, when it is the terminal)."""
        return self.screen + self.stdout


def on_terminal(
    pack: RulePack,
    *args: str,
    replies: Mapping[str, Reply | Sequence[Reply]] | None = None,
    script: Sequence[Reply] | None = None,
    stdout_is_terminal: bool = True,
    env: Mapping[str, str | None] | None = None,
) -> TerminalRun:
    """``spasmcheck assess ARGS`` in this process, as typed at a terminal 200 columns wide.

    Replies come from ``script`` in order first (``CTRL_C`` and ``CTRL_D`` stop the input),
    then by question: ``replies`` maps a question id ("group" for a grouped list, "save" for
    the offer to save at the end, "check" for the check-your-answers screen) to a reply
    or a list used up one at a time; anything else gets "n", or "1" for a choice.
    ``NO_COLOR=1`` unless ``env`` says otherwise (``None`` unsets a variable).
    """
    screen = _Terminal()
    stdout = _Terminal() if stdout_is_terminal else io.StringIO()
    run = TerminalRun(0, "", "")
    queued = {k: [v] if v is None or isinstance(v, str | Interrupt) else list(v)
              for k, v in (replies or {}).items()}  # fmt: skip
    planned = list(script or ())
    marks = [0]

    def choose(shown: str) -> Reply:
        if SAVE in shown:  # the offer after the summary, not a question of the pack
            return queued.get("save", ["n"])[0]
        if CHECK in shown:  # the check-your-answers screen: each queued reply once, then Enter
            run.checks += 1
            checks = queued.get("check")
            return checks.pop(0) if checks else ""
        marks.append(len(screen.getvalue()))
        question = which(pack, shown)
        run.asked.append(question)
        if planned:
            return planned.pop(0)
        assert run.asked.count(question) < 5, f"{question} asked again and again"
        todo = queued.get(question)
        if todo:
            return todo.pop(0) if len(todo) > 1 else todo[0]
        if question != "group" and pack.question(question).type == "choice":
            return "1"
        return "n"

    with pytest.MonkeyPatch.context() as patch:
        settings = {"NO_COLOR": "1", "COLUMNS": "200", "LINES": "60", **(env or {})}
        for name, value in settings.items():
            if value is None:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, value)
        # The age is given (unless the test gives it), so the interview starts at the
        # warning signs.
        adult = [] if any("age_group" in a for a in args) else ["-a", "age_group=16_to_64"]
        patch.setattr(sys, "argv", ["spasmcheck", "assess", *adult, *args])
        patch.setattr(sys, "stdin", _Keyboard(screen, choose))
        patch.setattr(sys, "stdout", stdout)
        patch.setattr(sys, "stderr", screen)
        try:
            main()
        except SystemExit as done:
            run.code = int(done.code or 0)
    run.screen, run.stdout = screen.getvalue(), stdout.getvalue()
    run.last = run.screen[marks[-1] :]
    return run


# --- what a fresh start imports -------------------------------------------------------


class _Recorder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves already-loaded modules back when imported, noting their names."""

    def __init__(self, kept: dict[str, ModuleType]) -> None:
        self.kept, self.loaded = kept, set[str]()

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in self.kept:
            return None
        module = self.kept[name]
        return importlib.machinery.ModuleSpec(name, self, is_package=hasattr(module, "__path__"))

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        self.loaded.add(spec.name)
        return self.kept[spec.name]

    def exec_module(self, module: ModuleType) -> None:
        pass


@contextlib.contextmanager
def _imports_recorded(fresh: tuple[str, ...], watched: tuple[str, ...]) -> Iterator[set[str]]:
    """Modules under ``fresh`` are imported anew; modules under ``watched`` are served from
    the ones already loaded (re-executing C-backed ones like PyYAML would break them) but
    recorded. Yields the set of module names imported; ``sys.modules`` is restored after."""
    recorder = _Recorder({})
    specs = {}
    with contextlib.ExitStack() as stack:
        stack.enter_context(pytest.MonkeyPatch.context()).setattr(
            sys, "meta_path", [recorder, *sys.meta_path]
        )
        saved = dict(sys.modules)
        try:
            for name, module in saved.items():
                top = name.split(".")[0]
                if top in fresh:
                    del sys.modules[name]
                elif top in watched:
                    recorder.kept[name] = module
                    specs[name] = module.__spec__
                    del sys.modules[name]
            before = set(sys.modules)
            seen: set[str] = set()
            yield seen
            seen |= (set(sys.modules) - before) | recorder.loaded
        finally:
            sys.modules.clear()
            sys.modules.update(saved)
            for name, spec in specs.items():
                recorder.kept[name].__spec__ = spec


def fresh_imports(*args: str) -> tuple[int, str, set[str]]:
    """``spasmcheck ARGS`` in this process as if it had just started (stdin and stdout not
    terminals): spasmcheck and Typer are imported anew, and every module of spasmcheck,
    Typer, Rich, PyYAML and Pydantic that the run imports is noted. Returns the exit code,
    stdout and the names."""
    # PyYAML and Pydantic are loaded first, so the run serves them from sys.modules: loaded
    # for the first time in here and dropped after, their C parts would later mix two sets
    # of classes.
    importlib.import_module("yaml")
    importlib.import_module("pydantic")
    out, err = io.StringIO(), io.StringIO()
    watched = ("rich", "yaml", "_yaml", "pydantic", "pydantic_core")
    with (
        _imports_recorded(("spasmcheck", "typer", "click"), watched) as seen,
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(sys, "argv", ["spasmcheck", *args])
        patch.setattr(sys, "stdin", io.StringIO())
        patch.setattr(sys, "stdout", out)
        patch.setattr(sys, "stderr", err)
        code = 0
        try:
            importlib.import_module("spasmcheck.cli").main()
        except SystemExit as done:
            code = int(done.code or 0)
    return code, out.getvalue(), seen


# --- a real process -------------------------------------------------------------------


def program_env(**overrides: str | None) -> dict[str, str]:
    """This environment without colour switches, then ``overrides`` (``None`` unsets)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_program(
    *argv: str, stdin: str = "", cwd: Path | None = None, **env: str | None
) -> subprocess.CompletedProcess[str]:
    """``python ARGV`` in a new process (e.g. ``-m spasmcheck ...``), output captured."""
    return subprocess.run(
        [sys.executable, *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=program_env(**env),
        timeout=120,
        check=False,
    )


def run_main(
    monkeypatch: pytest.MonkeyPatch, *args: str, stdin: Any, stdout: Any
) -> tuple[int, str]:
    """``spasmcheck ARGS`` in this process with the given streams; (exit code, stderr)."""
    err = io.StringIO()
    monkeypatch.setattr(sys, "argv", ["spasmcheck", *args])
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", err)
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0), err.getvalue()
