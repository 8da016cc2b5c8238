"""Rule test cases: given answers, the outcome a rule author expects, checked by the engine.

Cases live in a pack's ``tests/`` folder (never loaded as rules). Each is assessed as
``assess --no-input`` would (missing answers are unknown) and compared with what it
expects; a failure keeps the case's ``file:line`` and the evidence behind the outcome.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from spasmcheck.errors import Problem, SpasmcheckError, did_you_mean

from . import yamlsource as ys
from .loader import TESTS_DIR, read_text
from .model import ID_PATTERN, NOWHERE, Level, Pos, RulePack, doc
from .structure import INVALID, Structurer

if TYPE_CHECKING:
    from spasmcheck.engine.result import Assessment

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
    name: str
    answers: dict[str, Any]
    expect: Expect
    pos: Pos


@dataclass(frozen=True, slots=True)
class Result:
    """One case's outcome: ``failures`` is empty when it passed."""

    case: Case
    failures: tuple[str, ...]
    assessment: Assessment | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


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
    except ys.YamlProblem as error:
        return [], [error.problem]
    if not isinstance(node, MappingNode):
        found = "empty" if node is None else ys.describe(node)
        return [], [Problem(where, 1, 1, f"a rule test file must be a mapping, not {found}")]
    reader = _CaseReader(where)
    return reader.file(node), reader.problems


class _CaseReader:
    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def error(self, node: Node, message: str) -> None:
        self.problems.append(ys.problem(node, self.where, message))

    def file(self, node: MappingNode) -> list[Case]:
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

    def expect(self, node: Node) -> Expect | None:
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


# --- running ------------------------------------------------------------------------------


def reference_problems(pack: RulePack, cases: Sequence[Case]) -> list[Problem]:
    """Ids in ``expect`` that the pack does not have: a typo there would pass silently."""
    flags = {r.id for r in pack.red_flags}
    causes = {c.id for c in pack.causes}
    problems = []
    for case in cases:
        e = case.expect
        wanted = [(i, flags, "red flag") for i in (*e.red_flags, *e.no_red_flags)]
        wanted += [(i, causes, "cause") for i in e.top_causes]
        if e.likely_cause is not None:
            wanted.append((e.likely_cause, causes, "cause"))
        for ident, known, kind in wanted:
            if ident not in known:
                p = case.pos
                problems.append(
                    Problem(
                        p.path,
                        p.line,
                        p.column,
                        f"case {case.name!r}: unknown {kind} {ident!r}{did_you_mean(ident, known)}",
                    )
                )
    return problems


def run_case(pack: RulePack, case: Case) -> Result:
    """Assess the case's answers and compare with what it expects."""
    from spasmcheck.engine import assess
    from spasmcheck.engine.answers import parse_answers

    try:
        answers = parse_answers(pack, case.answers, where="answers")
    except SpasmcheckError as error:
        return Result(case, (str(error),))
    result = assess(pack, answers)
    return Result(case, tuple(compare(case.expect, result)), result)


def compare(expect: Expect, result: Assessment) -> list[str]:
    """What differs between the expected and the actual outcome, one line each."""
    failures = []
    if expect.triage is not None and result.triage.level != expect.triage:
        failures.append(f"triage: expected {expect.triage}, got {result.triage.level}")
    if expect.checks_likely and result.likely_cause != expect.likely_cause:
        failures.append(
            f"likely_cause: expected {_none(expect.likely_cause)}, got {_none(result.likely_cause)}"
        )
    fired = [f.id for f in result.red_flags]
    missing = [i for i in expect.red_flags if i not in fired]
    if missing:
        failures.append(f"red_flags: expected {', '.join(missing)} to fire; fired: {_list(fired)}")
    unwanted = [i for i in expect.no_red_flags if i in fired]
    if unwanted:
        failures.append(f"no_red_flags: {', '.join(unwanted)} fired")
    shown = [a.text.lower() for a in (*result.immediate_relief, *result.prevention)]
    shown += [a.text.lower() for a in result.see_professional]
    absent = [w for w in expect.advice_includes if not any(w.lower() in t for t in shown)]
    if absent:
        failures.append(f"advice_includes: no advice shown mentions {', '.join(absent)}")
    present = [w for w in expect.advice_excludes if any(w.lower() in t for t in shown)]
    if present:
        failures.append(f"advice_excludes: advice shown mentions {', '.join(present)}")
    if expect.top_causes:
        got = [c.id for c in result.causes[: len(expect.top_causes)]]
        if got != list(expect.top_causes):
            failures.append(
                f"top_causes: expected {', '.join(expect.top_causes)}, got {', '.join(got)}"
            )
    return failures


def _none(value: str | None) -> str:
    return "null (none)" if value is None else value


def _list(items: Sequence[str]) -> str:
    return ", ".join(items) if items else "none"


def evidence_lines(result: Assessment, limit: int = 3) -> list[str]:
    """The outcome and why, for a failure report."""
    lines = [f"triage {result.triage.level} because of: {_list(result.triage.reasons)}"]
    for cause in result.causes[:limit]:
        items = (
            ", ".join(f"{e.question}={e.answer} {e.weight:+g}" for e in cause.evidence)
            or "no evidence"
        )
        lines.append(f"cause {cause.id}: score {cause.score:g} ({items})")
    lines.append(f"likely cause: {_none(result.likely_cause)}")
    return lines


# --- coverage -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Uncovered:
    kind: str
    ident: str
    pos: Pos


def coverage(
    pack: RulePack, results: Sequence[Result], files: Iterable[str] | None = None
) -> tuple[list[Uncovered], int]:
    """What no case exercises, and how many things there are to exercise.

    A red flag or triage rule is exercised when it fires in some case, an evidence entry
    when its condition holds, a cause when some case names it likely. With ``files``,
    only definitions written in those files count (the packs under test).
    """
    mine = None if files is None else set(files)
    done = [r.assessment for r in results if r.assessment is not None]
    fired_flags = {f.id for a in done for f in a.red_flags}
    fired_rules = {r.id for a in done for r in a.triage_rules}
    likely = {a.likely_cause for a in done}
    # (kind, label, position, exercised?) for every definition of the packs under test
    checks: list[tuple[str, str, Pos, bool]] = []
    for flag in pack.red_flags:
        checks.append(("red flag", flag.id, flag.pos, flag.id in fired_flags))
    for cause in pack.causes:
        checks.append(("cause", cause.id, cause.pos, cause.id in likely))
        for n, e in enumerate(cause.evidence, 1):
            held = any(e.when.test(a.answers) is True for a in done)
            checks.append(("evidence", f"{cause.id} #{n}", e.pos, held))
    for rule in pack.triage_rules:
        checks.append(("triage rule", rule.id, rule.pos, rule.id in fired_rules))
    counted = [c for c in checks if mine is None or c[2].path in mine]
    missing = [Uncovered(kind, ident, pos) for kind, ident, pos, hit in counted if not hit]
    total = len(counted)
    return missing, total


def report(results: Sequence[Result]) -> list[str]:
    """What ``rules test`` prints: each failure with where, what and why, then the count."""
    out = []
    for result in results:
        if result.passed:
            continue
        out.append(f"{result.case.pos}: FAIL {result.case.name}")
        out += [f"    {line}" for line in result.failures]
        if result.assessment is not None:
            out += [f"    | {line}" for line in evidence_lines(result.assessment)]
    failed = sum(1 for r in results if not r.passed)
    out.append(f"{len(results) - failed} passed, {failed} failed")
    return out


def coverage_report(
    pack: RulePack, results: Sequence[Result], tested: Sequence[Path] | None = None
) -> list[str]:
    """What ``rules test --coverage`` adds; with ``tested`` folders, only their definitions."""
    files = None
    if tested:
        labels = {str(pack_folder(p)) for p in tested}
        files = [f for layer in pack.layers if layer.label in labels for f in layer.files]
    missing, total = coverage(pack, results, files)
    return [
        f"coverage: {total - len(missing)} of {total} exercised",
        *(f"{m.pos}: not covered: {m.kind} {m.ident}" for m in missing),
    ]
