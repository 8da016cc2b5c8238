"""Loading rule folders into one validated ``RulePack``, or every problem at once.

A pack is the ``*.yaml`` files of one or more folders (searched recursively, except the
``tests`` folders, which hold rule test cases). Each file declares its format version;
a file written for a newer format is refused whole, never half-read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from spasmcheck.errors import Problem, RulePackError, UsageError

from . import record
from .builtin import BUILTIN_LABEL, builtin_rules_dir
from .files import NOT_REGULAR, read_hashed_text
from .model import FORMAT_VERSION, GeneralAdvice, PackInfo, RuleFile
from .pausegc import paused_gc
from .position import Pos
from .provenance import Digests, pack_sha256
from .rulepack import Layer, RulePack

if TYPE_CHECKING:
    from yaml.nodes import MappingNode

# PyYAML, structuring, merging and checking are imported by the functions that use them:
# listing and hashing rule files (pack/cache.py) must not pay for them.

RULE_SUFFIXES = (".yaml", ".yml")
TESTS_DIR = "tests"


def rule_files(folder: Path) -> list[Path]:
    """The rule files of a folder, in a stable order, leaving out rule tests.

    Anything named ``*.yaml`` is listed, whatever it is: ``read_text`` refuses a FIFO,
    socket or device with a located problem, so a downloaded pack never silently loses
    a file. A path given directly must be a folder or a regular file.
    """
    try:
        mode = folder.stat().st_mode
    except FileNotFoundError:
        raise UsageError(f"{folder}: rules folder not found") from None
    except OSError as error:
        raise UsageError(f"{folder}: cannot read: {error.strerror or error}") from None
    if stat.S_ISREG(mode):
        return [folder]
    if not stat.S_ISDIR(mode):
        raise UsageError(f"{folder}: {NOT_REGULAR}; give a rules folder or a rule file")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise UsageError(f"{folder}: rules folder is not readable (permission denied)")
    found = []

    def refuse(error: OSError) -> None:
        raise UsageError(f"{error.filename}: cannot read: {error.strerror or error}")

    for root, dirs, files in os.walk(folder, onerror=refuse):
        dirs[:] = sorted(d for d in dirs if d != TESTS_DIR and not d.startswith("."))
        found += [Path(root) / f for f in sorted(files) if f.endswith(RULE_SUFFIXES)]
    return found


def load_rules(*folders: str | os.PathLike[str], builtin: bool = True) -> RulePack:
    """Load and validate a pack from the built-in rules and/or the given folders or files.

    Each folder is a layer on top of the ones before it: it may add definitions, and
    replace or remove earlier ones only when its YAML says so (``replace: true``,
    ``remove_red_flags``). Raises ``RulePackError`` with every problem found (warnings
    included), ``UsageError`` for a missing or unreadable folder.
    """
    return load_listed(list_layers(*folders, builtin=builtin))


def list_layers(
    *folders: str | os.PathLike[str], builtin: bool = True
) -> list[tuple[str, list[Path]]]:
    """Each layer's label and rule files, in load order, without reading them.

    Raises ``UsageError`` for a missing, unreadable or empty folder.
    """
    paths = [(BUILTIN_LABEL, builtin_rules_dir())] if builtin else []
    paths += [(str(f), Path(f)) for f in folders]
    if not paths:
        raise UsageError("no rules to load: give a rules folder, or keep the built-in rules")
    listed = []
    for label, path in paths:
        found = rule_files(path)
        if not found:
            raise UsageError(f"{path}: no rule files (*.yaml) in this folder")
        listed.append((label, found))
    return listed


def load_listed(
    listed: Sequence[tuple[str, Sequence[Path]]], digests: Digests | None = None
) -> RulePack:
    """Read, validate and merge the layers that ``list_layers`` found.

    ``digests`` are the files' SHA-256s when the caller (the pack cache) has just
    computed them; otherwise each file is hashed here as it is read, for the pack's
    ``sha256``: the bytes hashed are the bytes validated.
    """
    with paused_gc():
        return _load_listed(listed, digests)


def _load_listed(listed: Sequence[tuple[str, Sequence[Path]]], digests: Digests | None) -> RulePack:
    layers: list[list[RuleFile]] = []
    labels: list[Layer] = []
    problems: list[Problem] = []
    read: list[list[str]] = []  # each file's SHA-256, of the bytes validated
    for label, found in listed:
        parsed: list[RuleFile] = []
        read.append([])
        for file in found:
            rule_file, file_problems, sha256 = read_rule_file(file)
            problems += file_problems
            read[-1].append(sha256)
            if rule_file is not None:
                parsed.append(rule_file)
        layers.append(parsed)
        labels.append(Layer(label, tuple(str(f) for f in found)))
    if problems:
        raise RulePackError(problems, files=[f for layer in labels for f in layer.files])
    sha256 = pack_sha256(listed, read if digests is None else digests)
    return build_layers(layers, labels, sha256=sha256)


def read_rule_file(path: Path) -> tuple[RuleFile | None, list[Problem], str]:
    """One file to a ``RuleFile``, or the problems that stop it; and the SHA-256 of the
    bytes read (``files.read_hashed_text``), the ones validated."""
    text, unreadable, sha256 = read_hashed_text(path)
    if unreadable:
        return None, [unreadable], sha256
    return (*_rule_file(text or "", str(path)), sha256)


def _rule_file(text: str, where: str) -> tuple[RuleFile | None, list[Problem]]:
    """A rule file's text to a ``RuleFile``, or the problems that stop it."""
    from yaml.nodes import MappingNode

    from . import plaintext, scalars
    from . import yamlsource as ys
    from .structure import INVALID, Structurer

    try:
        node = ys.compose(text, where)
    except ys.YamlProblem as error:
        return None, [error.problem]
    if node is None:
        return None, [Problem(where, 1, 1, "empty file: a rule file needs at least 'format: 1'")]
    if not isinstance(node, MappingNode):
        return None, [
            ys.problem(node, where, f"a rule file must be a mapping, not {ys.describe(node)}")
        ]
    if plaintext.is_plain(text):  # no tag, alias or control character: only the depth
        too_new = _format_problem(node, where) or plaintext.collection_too_deep(node, where)
        if too_new:
            return None, [too_new]
    else:
        too_new = _format_problem(node, where) or ys.too_deep(node, where)
        if too_new:
            return None, [too_new]
        controls = scalars.scalar_problems(node, where)
        if controls:
            return None, controls
    structurer = Structurer(where)
    built = structurer.build(RuleFile, node)
    if built is INVALID:
        return None, structurer.problems
    if built.remove_red_flags:
        removals = next(v for k, v in node.value if k.value == "remove_red_flags")
        places = tuple(ys.pos(item, where) for item in removals.value)
        built = record.replace(built, removal_pos=places)
    return built, structurer.problems


def _format_problem(node: MappingNode, where: str) -> Problem | None:
    """Refuse a file written for a newer format before reading anything else of it."""
    from yaml.nodes import ScalarNode

    from . import scalars
    from . import yamlsource as ys

    for key_node, value_node in node.value:
        is_format = isinstance(key_node, ScalarNode) and key_node.value == "format"
        if not is_format or not isinstance(value_node, ScalarNode) or value_node.tag != ys.INT:
            continue
        text = value_node.value
        if text.isascii() and text.isdigit() and len(text) < 4 and int(text) <= FORMAT_VERSION:
            continue  # a format this version reads (what `number` would find, sooner)
        version = scalars.number(value_node)[0]  # None if refused: the structurer says why
        if version is not None and version > FORMAT_VERSION:
            return ys.problem(
                value_node,
                where,
                f"written for rule format {value_node.value}; this spasmcheck reads format "
                f"{FORMAT_VERSION}: upgrade spasmcheck to use it",
            )
    return None


# --- layering files and checking references --------------------------------------------


def build_layers(
    layers: Sequence[Sequence[RuleFile]], labels: Sequence[Layer], *, sha256: str = ""
) -> RulePack:
    """Merge layers of files, earliest first, and check every reference; ``sha256`` is
    the pack's fingerprint (``provenance.pack_sha256``)."""
    from .checks import Checker
    from .merge import Merger

    merger = Merger()
    for index, files in enumerate(layers):
        merger.layer(index, files)
    checker = Checker()
    checker.problems += merger.problems
    info = merger.singles["pack"]
    if info is None:
        where = layers[0][0].pos if layers and layers[0] else Pos("<rules>", 1, 1)
        checker.at(where, "the pack has no pack metadata ('pack:'): one file must have it")
    general = merger.singles["general_advice"] or GeneralAdvice()
    sources = merger.items["source"]
    red_flags = tuple(merger.items["red flag"].values())
    causes = tuple(merger.items["cause"].values())
    rules = tuple(merger.items["triage rule"].values())
    additional = tuple(merger.items["additional advice"].values())
    # Asking order: `first` questions, then warning signs, then the rest, each as written.
    questions = tuple(
        sorted(merger.items["question"].values(), key=lambda q: (not q.first, not q.screening))
    )
    qindex = {q.id: q for q in questions}
    cause_ids = [c.id for c in causes]
    checker.questions(questions)
    lists = tuple(merger.items["list"].values())
    checker.lists(lists, questions, red_flags)
    advice = [a for holder in (*causes, general, *additional) for a in holder.advice()]
    checker.sources(sources, [*red_flags, *rules, *advice])
    for item in advice:
        if item.avoid_if is not None:
            checker.condition(item.avoid_if, qindex, cause_ids)
    for extra in additional:
        checker.condition(extra.when, qindex, cause_ids)
    for q in questions:
        if q.ask_if is not None:
            checker.condition(q.ask_if, qindex, cause_ids, asking=q.id)
    for flag in red_flags:
        checker.condition(flag.when, qindex, cause_ids)
    for cause in causes:
        if cause.only_if is not None:
            checker.condition(cause.only_if, qindex, cause_ids)
        for evidence in cause.evidence:
            checker.condition(evidence.when, qindex, cause_ids)
    for rule in rules:
        checker.condition(rule.when, qindex, cause_ids, allow_cause=True)
    checker.codes([*questions, *red_flags, *causes])
    if checker.problems:
        read = [f for layer in labels for f in layer.files]
        raise RulePackError([*checker.problems, *merger.warnings], files=read)
    assert isinstance(info, PackInfo)
    return RulePack(
        info=info,
        sources=sources,
        questions=questions,
        red_flags=red_flags,
        causes=causes,
        triage_rules=rules,
        general_advice=general,
        additional_advice=additional,
        lists=lists,
        files=tuple(f for layer in labels for f in layer.files),
        question_index=qindex,
        layers=tuple(labels),
        warnings=tuple(merger.warnings),
        sha256=sha256,
    )
