"""Loading rule folders into one validated ``RulePack``, or every problem at once.

A pack is the ``*.yaml`` files of one or more folders (searched recursively, except the
``tests`` folders, which hold rule test cases). Each file declares its format version;
a file written for a newer format is refused whole, never half-read.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, ScalarNode

from . import yamlsource as ys
from .conditions import AllOf, AnyOf, Compare, Condition, LikelyCause, Not
from .errors import Problem, RulePackError, UsageError
from .model import (
    FORMAT_VERSION,
    GeneralAdvice,
    Layer,
    PackInfo,
    Pos,
    Question,
    RuleFile,
    RulePack,
    urgency,
)
from .structure import INVALID, MAX_DEPTH, Structurer, did_you_mean

RULE_SUFFIXES = (".yaml", ".yml")
TESTS_DIR = "tests"
MAX_FILE_BYTES = 2 * 1024 * 1024
"""A rule file larger than this is refused before parsing; real packs are a few KiB."""


def builtin_rules_dir() -> Path:
    """The built-in pack: inside the installed package, or ``rules/`` of a source checkout."""
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def rule_files(folder: Path) -> list[Path]:
    """The rule files of a folder, in a stable order, leaving out rule tests."""
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        raise UsageError(f"{folder}: rules folder not found")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise UsageError(f"{folder}: rules folder is not readable (permission denied)")
    found = []

    def refuse(error: OSError) -> None:
        raise UsageError(f"{error.filename}: cannot read: {error.strerror or error}")

    for root, dirs, files in os.walk(folder, onerror=refuse):
        dirs[:] = sorted(d for d in dirs if d != TESTS_DIR and not d.startswith("."))
        found += [Path(root) / f for f in sorted(files) if f.endswith(RULE_SUFFIXES)]
    return found


BUILTIN_LABEL = "built-in"


def load_rules(*folders: str | os.PathLike[str], builtin: bool = True) -> RulePack:
    """Load and validate a pack from the built-in rules and/or the given folders or files.

    Each folder is a layer on top of the ones before it: it may add definitions, and
    replace or remove earlier ones only when its YAML says so (``replace: true``,
    ``remove_red_flags``). Raises ``RulePackError`` with every problem found (warnings
    included), ``UsageError`` for a missing or unreadable folder.
    """
    paths = [(BUILTIN_LABEL, builtin_rules_dir())] if builtin else []
    paths += [(str(f), Path(f)) for f in folders]
    if not paths:
        raise UsageError("no rules to load: give a rules folder, or keep the built-in rules")
    layers: list[list[RuleFile]] = []
    labels: list[Layer] = []
    problems: list[Problem] = []
    for label, path in paths:
        found = rule_files(path)
        if not found:
            raise UsageError(f"{path}: no rule files (*.yaml) in this folder")
        parsed: list[RuleFile] = []
        for file in found:
            rule_file, file_problems = read_rule_file(file)
            problems += file_problems
            if rule_file is not None:
                parsed.append(rule_file)
        layers.append(parsed)
        labels.append(Layer(label, tuple(str(f) for f in found)))
    if problems:
        raise RulePackError(problems)
    return build_layers(layers, labels)


def read_text(path: Path) -> tuple[str | None, Problem | None]:
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 1024
            return None, Problem(
                where, 1, 1, f"file is {size // 1024} KiB, over the {limit} KiB limit"
            )
        data = path.read_bytes()
    except OSError as error:
        return None, Problem(where, 1, 1, f"cannot read: {error.strerror or error}")
    if b"\0" in data:
        return None, Problem(where, 1, 1, "not a text file (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return None, Problem(where, 1, 1, f"not UTF-8 text (byte {error.start})")


def read_rule_file(path: Path) -> tuple[RuleFile | None, list[Problem]]:
    """One file to a ``RuleFile``, or the problems that stop it."""
    where = str(path)
    text, unreadable = read_text(path)
    if unreadable:
        return None, [unreadable]
    try:
        node = ys.compose(text or "", where)
    except ys.YamlProblem as error:
        return None, [error.problem]
    if node is None:
        return None, [Problem(where, 1, 1, "empty file: a rule file needs at least 'format: 1'")]
    if not isinstance(node, MappingNode):
        return None, [
            ys.problem(node, where, f"a rule file must be a mapping, not {ys.describe(node)}")
        ]
    too_new = _format_problem(node, where) or ys.too_deep(node, where, MAX_DEPTH)
    if too_new:
        return None, [too_new]
    structurer = Structurer(where)
    built = structurer.build(RuleFile, node)
    if built is INVALID:
        return None, structurer.problems
    if built.remove_red_flags:
        removals = next(v for k, v in node.value if k.value == "remove_red_flags")
        places = tuple(ys.pos(item, where) for item in removals.value)
        built = dataclasses.replace(built, removal_pos=places)
    return built, structurer.problems


def _format_problem(node: MappingNode, where: str) -> Problem | None:
    """Refuse a file written for a newer format before reading anything else of it."""
    for key_node, value_node in node.value:
        is_format = isinstance(key_node, ScalarNode) and key_node.value == "format"
        if is_format and value_node.tag == ys.INT and int(value_node.value) > FORMAT_VERSION:
            return ys.problem(
                value_node,
                where,
                f"written for rule format {value_node.value}; this spasmcheck reads format "
                f"{FORMAT_VERSION}: upgrade spasmcheck to use it",
            )
    return None


# --- merging files and checking references ----------------------------------------------


def build_pack(files: Sequence[RuleFile], paths: Sequence[str]) -> RulePack:
    """Merge the files of one pack and check every reference; raise with all problems."""
    return build_layers([list(files)], [Layer(BUILTIN_LABEL, tuple(paths))])


def build_layers(layers: Sequence[Sequence[RuleFile]], labels: Sequence[Layer]) -> RulePack:
    """Merge layers of files, earliest first, and check every reference."""
    checker = _Checker()
    merger = _Merger(checker, labels)
    for index, files in enumerate(layers):
        merger.layer(index, files)
    info = merger.singles["pack"]
    if info is None:
        where = layers[0][0].pos if layers and layers[0] else Pos("<rules>", 1, 1)
        checker.at(where, "the pack has no pack metadata ('pack:'): one file must have it")
    general = merger.singles["general_advice"]
    sources = merger.items["source"]
    questions = list(merger.items["question"].values())
    red_flags = list(merger.items["red flag"].values())
    causes = list(merger.items["cause"].values())
    rules = list(merger.items["triage rule"].values())
    checker.questions(questions)
    # Asking order: warning signs first, then the rest, each as written.
    questions = sorted(questions, key=lambda q: not q.screening)
    qindex = {q.id: q for q in questions}
    cause_ids = {c.id for c in causes}
    checker.check_sources(sources, red_flags, rules, causes, general)

    checked_questions = tuple(
        dataclasses.replace(
            q, ask_if=checker.condition(q.ask_if, qindex, cause_ids, q.id, order=True)
        )
        if q.ask_if
        else q
        for q in questions
    )
    checked_flags = tuple(
        dataclasses.replace(r, when=checker.condition(r.when, qindex, cause_ids)) for r in red_flags
    )
    checked_causes = tuple(
        dataclasses.replace(
            c,
            evidence=tuple(
                dataclasses.replace(e, when=checker.condition(e.when, qindex, cause_ids))
                for e in c.evidence
            ),
        )
        for c in causes
    )
    checked_rules = tuple(
        dataclasses.replace(r, when=checker.condition(r.when, qindex, cause_ids, allow_cause=True))
        for r in rules
    )
    if checker.problems:
        raise RulePackError([*checker.problems, *merger.warnings])
    assert isinstance(info, PackInfo)
    return RulePack(
        info=info,
        sources=sources,
        questions=checked_questions,
        red_flags=checked_flags,
        causes=checked_causes,
        triage_rules=checked_rules,
        general_advice=general or GeneralAdvice(),
        files=tuple(f for layer in labels for f in layer.files),
        question_index={q.id: q for q in checked_questions},
        layers=tuple(labels),
        warnings=tuple(merger.warnings),
    )


_KEYED = {
    "source": "sources",
    "question": "questions",
    "red flag": "red_flags",
    "cause": "causes",
    "triage rule": "triage_rules",
}
_SINGLE = {"pack": "pack metadata ('pack:')", "general_advice": "general advice"}


class _Merger:
    """Adds layer after layer: new ids add, ``replace: true`` replaces, anything else clashes.

    Replacing keeps the earlier definition's place, so a replaced question is asked
    where the original was.
    """

    def __init__(self, checker: _Checker, labels: Sequence[Layer]) -> None:
        self.checker = checker
        self.labels = labels
        self.items: dict[str, dict[str, Any]] = {kind: {} for kind in _KEYED}
        self.singles: dict[str, Any] = dict.fromkeys(_SINGLE)
        self.warnings: list[Problem] = []

    def warn(self, pos: Pos, message: str) -> None:
        self.warnings.append(Problem(pos.path, pos.line, pos.column, message, "warning"))

    def layer(self, index: int, files: Sequence[RuleFile]) -> None:
        earlier = {kind: dict(items) for kind, items in self.items.items()}
        for file in files:
            places = file.removal_pos or (file.pos,) * len(file.remove_red_flags)
            for flag_id, place in zip(file.remove_red_flags, places, strict=True):
                self.remove_red_flag(flag_id, place, earlier["red flag"])
        for kind, attr in _KEYED.items():
            here: dict[str, Any] = {}
            for file in files:
                for item in getattr(file, attr):
                    self.add(kind, item, here, earlier[kind])
        for attr, what in _SINGLE.items():
            found = [getattr(f, attr) for f in files if getattr(f, attr) is not None]
            for extra in found[1:]:
                self.checker.at(extra.pos, f"{what} is given twice (first at {found[0].pos})")
            if not found:
                continue
            item, before = found[0], self.singles[attr]
            if before is not None and not item.replace:
                self.checker.at(
                    item.pos,
                    f"{what} is already given at {before.pos}; "
                    "write 'replace: true' in it to replace it",
                )
            elif before is None and item.replace and index > 0:
                self.checker.at(item.pos, f"'replace: true', but no earlier pack has {what}")
            else:
                self.singles[attr] = item

    def add(self, kind: str, item: Any, here: dict[str, Any], earlier: dict[str, Any]) -> None:
        items = self.items[kind]
        if item.id in here:
            self.checker.at(
                item.pos, f"{kind} {item.id!r} is defined twice (first at {here[item.id].pos})"
            )
            return
        here[item.id] = item
        before = earlier.get(item.id)
        if before is None:
            if item.replace:
                hint = did_you_mean(item.id, earlier)
                self.checker.at(
                    item.pos,
                    f"{kind} {item.id!r} says 'replace: true', but no earlier pack "
                    f"defines it{hint}",
                )
                return
            items[item.id] = item
            return
        if not item.replace:
            self.checker.at(
                item.pos,
                f"{kind} {item.id!r} is defined twice (first at {before.pos}); to replace "
                "that definition write 'replace: true' in this one, or pick a new id",
            )
            return
        items[item.id] = item
        if kind == "red flag" and urgency(item.level) < urgency(before.level):
            self.warn(
                item.pos,
                f"red flag {item.id!r} is lowered from {before.level} to {item.level} "
                f"(it was defined at {before.pos})",
            )

    def remove_red_flag(self, flag_id: str, pos: Pos, earlier: dict[str, Any]) -> None:
        flag = earlier.get(flag_id)
        if flag is None:
            hint = did_you_mean(flag_id, earlier)
            self.checker.at(
                pos, f"remove_red_flags: no earlier pack has red flag {flag_id!r}{hint}"
            )
            return
        self.items["red flag"].pop(flag_id, None)
        self.warn(
            pos,
            f"red flag {flag_id!r} ({flag.level}, defined at {flag.pos}) is removed: "
            "the warning sign will no longer be checked",
        )


class _Checker:
    """Collects cross-file problems: duplicates, dangling references, impossible values."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def at(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(pos.path, pos.line, pos.column, message))

    def questions(self, questions: Sequence[Question]) -> None:
        for q in questions:
            if q.type == "choice":
                ids = [o.id for o in q.options]
                if len(ids) < 2:
                    self.at(q.pos, f"choice question {q.id!r} needs at least two options")
                for option in q.options:
                    if ids.count(option.id) > 1:
                        self.at(option.pos, f"option {option.id!r} appears twice in {q.id!r}")
            elif q.options:
                self.at(q.pos, f"only choice questions have options; {q.id!r} is {q.type}")
            if q.type in ("scale", "number"):
                if q.min is None or q.max is None:
                    self.at(q.pos, f"{q.type} question {q.id!r} needs min and max")
                elif q.min >= q.max:
                    self.at(q.pos, f"question {q.id!r}: min must be below max")
            elif q.min is not None or q.max is not None:
                self.at(
                    q.pos, f"only scale and number questions have min and max; {q.id!r} is {q.type}"
                )

    def check_sources(self, sources: dict[str, Any], *groups: Any) -> None:
        red_flags, rules, causes, general = groups
        cited: list[Any] = list(red_flags) + list(rules)
        for cause in causes:
            cited += [*cause.relief, *cause.prevention, *cause.see_professional]
        if general:
            cited += [*general.relief, *general.prevention, *general.see_professional]
        for item in cited:
            if item.source not in sources:
                hint = did_you_mean(item.source, sources)
                self.at(item.pos, f"unknown source {item.source!r}{hint}")

    def condition(
        self,
        condition: Condition,
        questions: dict[str, Question],
        causes: set[str],
        asking: str | None = None,
        *,
        order: bool = False,
        allow_cause: bool = False,
    ) -> Condition:
        """Check a condition's references and normalise its values to answer form."""
        if isinstance(condition, (AllOf, AnyOf)):
            items = tuple(
                self.condition(i, questions, causes, asking, order=order, allow_cause=allow_cause)
                for i in condition.items
            )
            return dataclasses.replace(condition, items=items)
        if isinstance(condition, Not):
            item = self.condition(
                condition.item, questions, causes, asking, order=order, allow_cause=allow_cause
            )
            return dataclasses.replace(condition, item=item)
        if isinstance(condition, LikelyCause):
            if not allow_cause:
                self.at(condition.pos, "likely_cause can only be tested in triage rules")
            elif condition.cause not in causes:
                self.at(
                    condition.pos,
                    f"unknown cause {condition.cause!r}{did_you_mean(condition.cause, causes)}",
                )
            return condition
        question = questions.get(condition.question)
        if question is None:
            hint = did_you_mean(condition.question, questions)
            self.at(condition.pos, f"unknown question {condition.question!r}{hint}")
            return condition
        if order and asking is not None:
            ids = list(questions)
            if condition.question == asking or ids.index(condition.question) > ids.index(asking):
                self.at(
                    condition.pos,
                    f"ask_if of {asking!r} reads {condition.question!r}, which is asked later",
                )
        return self._values(condition, question)

    def _values(self, condition: Compare, question: Question) -> Compare:
        op = condition.op
        if op in ("unknown", "answered"):
            return condition
        numeric = op in ("at_least", "at_most", "above", "below")
        if numeric and question.type not in ("scale", "number"):
            self.at(
                condition.pos,
                f"{op} needs a scale or number question; {question.id!r} is {question.type}",
            )
            return condition
        values = condition.value if op == "one_of" else (condition.value,)
        normalised = tuple(self._value(v, question, condition.pos) for v in values)
        return dataclasses.replace(condition, value=normalised if op == "one_of" else normalised[0])

    def _value(self, value: Any, question: Question, pos: Pos) -> Any:
        if question.type == "yes_no":
            if isinstance(value, bool):
                return "yes" if value else "no"
            if value not in ("yes", "no"):
                self.at(
                    pos,
                    f"{question.id!r} is yes/no: compare it with yes or no, not {value!r}",
                )
            return value
        if question.type == "choice":
            options = [o.id for o in question.options]
            if isinstance(value, bool):
                self.at(
                    pos,
                    f"YAML reads unquoted yes/no as a boolean: quote the option of {question.id!r}",
                )
            elif value not in options:
                hint = did_you_mean(str(value), options)
                self.at(
                    pos,
                    f"{value!r} is not an option of {question.id!r} ({', '.join(options)}){hint}",
                )
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.at(pos, f"{question.id!r} takes numbers; {value!r} is not one")
        elif (
            question.min is not None
            and question.max is not None
            and not (question.min <= value <= question.max)
        ):
            self.at(pos, f"{value} is outside the range of {question.id!r} ({question.allowed()})")
        return value
