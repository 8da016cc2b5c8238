"""Reading rule test cases: a pack's ``tests/*.yaml`` files to ``Case`` objects.

Cases live in a pack's ``tests/`` folder (never loaded as rules). Every problem keeps its
``file:line:column``, and all of a file's problems are reported at once.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from spasmcheck.errors import Problem, did_you_mean
from spasmcheck.pack import scalars
from spasmcheck.pack import yamlsource as ys
from spasmcheck.pack.files import read_text
from spasmcheck.pack.levels import Level
from spasmcheck.pack.loader import TESTS_DIR
from spasmcheck.pack.model import ID_PATTERN, doc
from spasmcheck.pack.position import NOWHERE, Pos
from spasmcheck.pack.structure import INVALID, Structurer

TEST_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True, kw_only=True)
class Expect:
    """What a case expects; every key is optional, but at least one must be given."""

    triage: Level | None = field(default=None, metadata=doc("The exact triage level expected."))
    likely_cause: str | None = field(
        default=None,
        metadata=doc("The cause expected to be named likely, or null for none; omit to not check."),
    )
    red_flags: tuple[str, ...] = field(
        default=(), metadata=doc("Red flags that must have fired.", pattern=ID_PATTERN)
    )
    no_red_flags: tuple[str, ...] = field(
        default=(), metadata=doc("Red flags that must not have fired.", pattern=ID_PATTERN)
    )
    top_causes: tuple[str, ...] = field(
        default=(),
        metadata=doc("The first ranked causes, in this order.", pattern=ID_PATTERN),
    )
    advice_includes: tuple[str, ...] = field(
        default=(),
        metadata=doc(
            "Words the advice shown must contain, each somewhere in it (case-insensitive), "
            "e.g. 'paracetamol'."
        ),
    )
    advice_excludes: tuple[str, ...] = field(
        default=(),
        metadata=doc(
            "Words no advice shown may contain (case-insensitive), e.g. 'massage' for a "
            "possible blood clot."
        ),
    )
    checks_likely: bool = field(default=False, metadata={"internal": True})
    pos: Pos = field(default=NOWHERE, compare=False, repr=False, metadata={"internal": True})


CASE_KEYS = {
    "name": "What the case shows, unique within the pack.",
    "answers": "Question ids and answers, as for --answers; missing answers are unknown.",
    "expect": "The outcome expected.",
}


@dataclass(frozen=True, slots=True)
class Case:
    """One case: its name, the answers given, what it expects, and where it is written."""

    name: str
    answers: dict[str, Any]
    expect: Expect
    pos: Pos


# --- finding and reading cases ----------------------------------------------------------


def case_files(folder: Path) -> list[Path]:
    """The case files under every ``tests`` folder of a rules folder."""
    if folder.is_file():
        return [folder]
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if TESTS_DIR in Path(root).relative_to(folder).parts:
            found += [Path(root) / f for f in sorted(files) if f.endswith(TEST_SUFFIXES)]
    return found


def pack_folder(path: Path) -> Path:
    """The rules folder a test file belongs to (the parent of its ``tests`` folder)."""
    if path.is_file():
        for parent in path.parents:
            if parent.name == TESTS_DIR:
                return parent.parent
    return path


def read_cases(path: Path) -> tuple[list[Case], list[Problem]]:
    """The cases of one file, or the problems that stop them, each with its position."""
    where = str(path)
    text, unreadable = read_text(path)
    if unreadable:
        return [], [unreadable]
    try:
        node = ys.compose(text or "", where)
        deep = ys.too_deep(node, where) if node is not None else None
        if deep:
            return [], [deep]
        controls = scalars.scalar_problems(node, where) if node is not None else []
        if controls:  # case names, answers and expected words are all printed
            return [], controls
    except ys.YamlProblem as error:
        return [], [error.problem]
    if not isinstance(node, MappingNode):
        found = "empty" if node is None else ys.describe(node)
        return [], [Problem(where, 1, 1, f"a rule test file must be a mapping, not {found}")]
    reader = _CaseReader(where)
    return reader.file(node), reader.problems


class _CaseReader:
    """Builds one file's cases, collecting problems instead of stopping at the first."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def error(self, node: Node, message: str) -> None:
        """Record a problem at ``node``."""
        self.problems.append(ys.problem(node, self.where, message))

    def file(self, node: MappingNode) -> list[Case]:
        """The cases of a whole file (``format: 1`` and ``cases:``)."""
        items, problems = ys.mapping_items(node, self.where)
        self.problems += problems
        keys = {key: value for key, _, value in items}
        for key, key_node, _ in items:
            if key not in ("format", "cases"):
                hint = did_you_mean(key, ["format", "cases"])
                self.error(key_node, f"unknown key {key!r} in a rule test file{hint}")
        fmt = keys.get("format")
        if fmt is None or fmt.tag != ys.INT or fmt.value != "1":
            self.error(fmt or node, "a rule test file needs 'format: 1'")
        cases = keys.get("cases")
        if not isinstance(cases, SequenceNode):
            self.error(cases or node, "a rule test file needs 'cases:', a list of cases")
            return []
        built = [self.case(item) for item in cases.value]
        return [c for c in built if c is not None]

    def case(self, node: Node) -> Case | None:
        """One case, or ``None`` when its problems are recorded."""
        if ys.check_tag(node, self.where) or not isinstance(node, MappingNode):
            self.error(node, "a case must be a mapping with name, answers and expect")
            return None
        items, problems = ys.mapping_items(node, self.where)
        self.problems += problems
        keys = {key: value for key, _, value in items}
        ok = True
        for key, key_node, _ in items:
            if key not in CASE_KEYS:
                self.error(key_node, f"unknown key {key!r} in a case{did_you_mean(key, CASE_KEYS)}")
                ok = False
        for key in CASE_KEYS:
            if key not in keys:
                self.error(node, f"a case is missing the required key {key!r}")
                ok = False
        if not ok:
            return None
        name_node = keys["name"]
        if not isinstance(name_node, ScalarNode) or name_node.tag != ys.STR:
            self.error(name_node, "name must be text")
            return None
        if not self.plain_numbers(keys["answers"]):
            return None
        try:
            answers = ys.to_python(keys["answers"], self.where)
        except ys.YamlProblem as error:
            self.problems.append(error.problem)
            return None
        if not isinstance(answers, dict) or any(
            isinstance(v, (dict, list)) for v in answers.values()
        ):
            self.error(keys["answers"], "answers must be a mapping of question ids to values")
            return None
        expect = self.expect(keys["expect"])
        if expect is None:
            return None
        return Case(name_node.value, answers, expect, ys.pos(node, self.where))

    def plain_numbers(self, node: Node) -> bool:
        """Every number among a case's answers is plain and finite, as in rule files
        (``yamlsource.number``): no ``1:00``, ``0x2``, ``.nan`` nor 5000 digits, which
        Python will not even read. Records a problem for each other one."""
        ok = True
        values = [v for _, v in node.value] if isinstance(node, MappingNode) else []
        for value in values:
            if isinstance(value, ScalarNode) and value.tag in (ys.INT, ys.FLOAT):
                refused = scalars.number(value, limit=float("inf"))[1]
                if refused:
                    self.error(value, f"answer: {refused}")
                    ok = False
        return ok

    def expect(self, node: Node) -> Expect | None:
        """A case's ``expect``: at least one key, each as the ``Expect`` fields say."""
        structurer = Structurer(self.where)
        built = structurer.build(Expect, node)
        self.problems += structurer.problems
        if built is INVALID:
            return None
        given = {key for key, _, _ in ys.mapping_items(node, self.where)[0]}  # type: ignore[arg-type]
        if not given:
            self.error(node, "expect needs at least one of " + ", ".join(_expect_keys()))
            return None
        return dataclasses.replace(built, checks_likely="likely_cause" in given)


def _expect_keys() -> list[str]:
    return [f.name for f in dataclasses.fields(Expect) if not f.metadata.get("internal")]


def load_cases(folders: Iterable[Path]) -> tuple[list[Case], list[Problem]]:
    """Every case under the folders, with duplicate names reported."""
    cases: list[Case] = []
    problems: list[Problem] = []
    for folder in folders:
        for path in case_files(folder):
            found, file_problems = read_cases(path)
            cases += found
            problems += file_problems
    first: dict[str, Case] = {}
    for case in cases:
        if case.name in first:
            problems.append(
                Problem(
                    case.pos.path,
                    case.pos.line,
                    case.pos.column,
                    f"case name {case.name!r} is used twice (first at {first[case.name].pos})",
                )
            )
        first.setdefault(case.name, case)
    return cases, problems
