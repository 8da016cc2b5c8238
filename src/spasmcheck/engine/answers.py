"""Answers from flags, files and stdin, checked and coerced by each question's type.

Each value is parsed by its question's type (``pack.qtypes``), so flags, files, stdin and
batch lines accept the same forms: YAML's ``numbness_tingling: no`` (a boolean) is ``no``,
and ``frequency=3`` or ``frequency=Every day`` name an option by number or label.
Error messages never echo the answers of other questions: they are health data.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from spasmcheck.errors import UsageError, did_you_mean, printable
from spasmcheck.pack.conditions import Answer
from spasmcheck.pack.qtypes import as_text, parse, shown_raw
from spasmcheck.pack.rulepack import RulePack

if TYPE_CHECKING:
    from yaml.nodes import ScalarNode

MAX_ANSWERS_BYTES = 1024 * 1024


def parse_answers(
    pack: RulePack, raw: Mapping[str, object], *, where: str | None = None
) -> dict[str, Answer]:
    """Check ids against the pack and coerce each value; the closest id is suggested.

    ``where`` (a file name) prefixes error messages. Two keys naming one question
    (``"sore"`` and ``"sore "``) are refused: which answer is right cannot be guessed.
    """
    prefix = f"{where}: " if where else ""
    if not isinstance(raw, Mapping):
        raise UsageError(f"{prefix}expected a mapping of question ids to answers")
    answers: dict[str, Answer] = {}
    for key, value in raw.items():
        question_id = (key if isinstance(key, str) else as_text(key)).strip()
        if question_id not in pack.question_index:
            hint = did_you_mean(question_id, pack.question_index)
            raise UsageError(f"{prefix}unknown question id {question_id!r}{hint}")
        if question_id in answers:
            raise UsageError(f"{prefix}{question_id!r} is answered twice")
        try:
            answers[question_id] = parse(pack.question_index[question_id], value)
        except UsageError as error:
            raise UsageError(f"{prefix}{error}") from None
    return answers


def parse_assignments(assignments: Iterable[str]) -> dict[str, str]:
    """``-a id=value`` flags to a mapping; the last flag for an id wins."""
    result: dict[str, str] = {}
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        if not sep or not key.strip():
            raise UsageError(
                f"-a {shown_raw(assignment)}: expected ID=VALUE, e.g. -a radiating_pain=yes"
            )
        result[key.strip()] = value
    return result


def gather_answers(
    pack: RulePack, answers_file: str | None, assignments: Iterable[str], *, stdin: TextIO
) -> dict[str, Answer]:
    """Answers from a file (``-`` for ``stdin``) and ``-a`` flags; the flags win."""
    answers: dict[str, Answer] = {}
    if answers_file == "-":
        raw = read_answers_text(read_stdin(stdin), "<stdin>", pack)
        answers = parse_answers(pack, raw, where="<stdin>")
    elif answers_file is not None:
        where = printable(answers_file)
        answers = parse_answers(pack, read_answers_file(answers_file, pack), where=where)
    answers.update(parse_answers(pack, parse_assignments(assignments)))
    return answers


def read_answers_text(text: str, where: str, pack: RulePack | None = None) -> dict[str, Any]:
    """A YAML or JSON mapping of question ids to values (JSON is read as YAML flow), or,
    given the ``pack``, a FHIR QuestionnaireResponse or a Bundle holding one
    (``spasmcheck.fhir.reading``), told apart by its ``resourceType``.

    Each value is kept as written (text), so the question's type reads it exactly as it
    reads ``-a ID=VALUE``: YAML 1.1 would make ``1:00`` 60, ``0x2`` 2, ``1_0`` 10 and
    ``on`` true. Only an unquoted yes/no/true/false (a YAML boolean) becomes ``True`` or
    ``False``, and an empty or ``null`` value ``None`` (unknown).
    """
    if not text.strip():
        raise UsageError(f"{where}: no answers (empty input)")
    if pack is not None and '"resourceType"' in text:
        resource = _json_object(text, where)
        if resource is not None:
            from spasmcheck.fhir.reading import answers_from_fhir

            return answers_from_fhir(pack, resource, where=where)
    from yaml.nodes import MappingNode, ScalarNode

    from spasmcheck.pack import yamlsource as ys  # PyYAML only when there is a file to read

    try:
        text.encode("utf-8")  # libyaml would raise UnicodeEncodeError on a lone surrogate
    except UnicodeEncodeError:
        raise UsageError(f"{where}: answers are not valid text (a lone surrogate)") from None
    try:
        node = ys.compose(text, where)
        if node is not None:
            deep = ys.too_deep(node, where)
            if deep:
                raise ys.YamlProblem(deep)
    except ys.YamlProblem as error:
        # libyaml's reader errors add a second line ("in <unicode string>, position 3")
        raise UsageError(str(error.problem).splitlines()[0]) from None
    if not isinstance(node, MappingNode):
        raise UsageError(f"{where}: expected a mapping of question ids to answers")
    items, problems = ys.mapping_items(node, where)
    bad = problems or [p for _, _, value in items if (p := ys.check_tag(value, where))]
    if bad:
        raise UsageError(str(bad[0]))
    data: dict[str, Any] = {}
    for key, _, value in items:
        if not isinstance(value, ScalarNode):
            raise UsageError(f"{where}: each answer must be a single value, not a list or mapping")
        data[key] = _as_written(value)
    return data


def _json_object(text: str, where: str) -> dict[str, Any] | None:
    """``text`` as a JSON object naming a FHIR ``resourceType``, or ``None`` when it is
    not one (answers in YAML, or JSON of question ids, are read as before)."""
    import json

    try:
        data = json.loads(text, object_pairs_hook=_unique)
    except UsageError as error:
        raise UsageError(f"{where}: {error}") from None
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and "resourceType" in data else None


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key given twice is refused, as in every other answers input."""
    data = dict(pairs)
    if len(data) != len(pairs):
        raise UsageError("a JSON object gives a key twice")
    return data


def _as_written(node: ScalarNode) -> object:
    """A scalar's text, except a YAML null (``None``) and an unquoted yes/no (a boolean)."""
    if node.tag == _NULL:
        return None
    if node.tag == _BOOL and node.value.lower() in _YAML_BOOLS:
        return node.value.lower() in ("yes", "true")
    return node.value


_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_YAML_BOOLS = ("yes", "no", "true", "false")
"""YAML 1.1 booleans that are also documented answers; ``on``/``off`` are not."""


def read_stdin(stdin: TextIO | BinaryIO | None) -> str:
    """At most ``MAX_ANSWERS_BYTES`` of UTF-8 from stdin: an endless stream is refused."""
    if stdin is None:  # started with stdin closed (<&-)
        raise UsageError("<stdin>: no standard input to read answers from")
    source = getattr(stdin, "buffer", stdin)
    try:
        data = source.read(MAX_ANSWERS_BYTES + 1)
    except OSError as error:
        raise UsageError(f"<stdin>: cannot read answers: {error.strerror or error}") from None
    if isinstance(data, str):  # a text stream without a byte buffer (a test's StringIO)
        data = data.encode("utf-8", "surrogateescape")
    return _decoded(data, "<stdin>", "answers on stdin are")


def read_answers_file(path: str, pack: RulePack | None = None) -> dict[str, Any]:
    """An answers file, refusing what is not a small UTF-8 regular file.

    The file is opened without blocking (a FIFO with no writer would wait forever) and
    checked after opening, so a device (``/dev/zero``), a FIFO or a directory is refused
    whatever its name; at most ``MAX_ANSWERS_BYTES`` + 1 bytes are read from it.
    """
    where = printable(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise UsageError(f"{where}: cannot read answers file: {error.strerror or error}") from None
    try:
        kind = _not_regular(os.fstat(fd).st_mode)
        if kind:
            raise UsageError(
                f"{where}: answers file is {kind}, not a regular file (use --answers - for stdin)"
            )
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(MAX_ANSWERS_BYTES + 1)
    except OSError as error:
        raise UsageError(f"{where}: cannot read answers file: {error.strerror or error}") from None
    finally:
        os.close(fd)
    return read_answers_text(_decoded(data, where, "answers file is"), where, pack)


def _decoded(data: bytes, where: str, what: str) -> str:
    """UTF-8 text (a BOM allowed) of at most ``MAX_ANSWERS_BYTES``, or a one-line error."""
    if len(data) > MAX_ANSWERS_BYTES:
        raise UsageError(f"{where}: {what} larger than 1 MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{where}: {what} not UTF-8 text") from None


def _not_regular(mode: int) -> str | None:
    """What a file is when it is not a regular file, in words."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
