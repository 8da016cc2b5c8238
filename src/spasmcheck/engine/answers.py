"""Answers from flags, files and stdin, checked and coerced by each question's type.

Each value is parsed by its question's type (``pack.qtypes``), so flags, files, stdin and
batch lines accept the same forms: YAML's ``numbness_tingling: no`` (a boolean) is ``no``,
and ``frequency=3`` or ``frequency=Every day`` name an option by number or label.
Error messages never echo the answers of other questions: they are health data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from spasmcheck.errors import UsageError, did_you_mean
from spasmcheck.pack.conditions import Answer
from spasmcheck.pack.model import Question, RulePack
from spasmcheck.pack.qtypes import parse, shown_raw

MAX_ANSWERS_BYTES = 1024 * 1024


def parse_value(question: Question, raw: object) -> Answer:
    """One answer in normal form (``yes``/``no``, an option id, a number or ``unknown``).

    Raises ``UsageError`` naming the question and every form it allows (``qtypes``).
    """
    return parse(question, raw)


def parse_answers(
    pack: RulePack, raw: Mapping[str, object], *, where: str | None = None
) -> dict[str, Answer]:
    """Check ids against the pack and coerce each value; the closest id is suggested.

    ``where`` (a file name) prefixes error messages.
    """
    prefix = f"{where}: " if where else ""
    answers: dict[str, Answer] = {}
    for key, value in raw.items():
        question_id = str(key).strip()
        if question_id not in pack.question_index:
            hint = did_you_mean(question_id, pack.question_index)
            raise UsageError(f"{prefix}unknown question id {question_id!r}{hint}")
        try:
            answers[question_id] = parse_value(pack.question_index[question_id], value)
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
        raw = read_answers_text(stdin.read(), "<stdin>")
        answers = parse_answers(pack, raw, where="<stdin>")
    elif answers_file is not None:
        answers = parse_answers(pack, read_answers_file(answers_file), where=answers_file)
    answers.update(parse_answers(pack, parse_assignments(assignments)))
    return answers


def read_answers_text(text: str, where: str) -> dict[str, Any]:
    """A YAML or JSON mapping of question ids to values (JSON is read as YAML 1.1 flow)."""
    if not text.strip():
        raise UsageError(f"{where}: no answers (empty input)")
    from spasmcheck.pack import yamlsource as ys  # PyYAML only when there is a file to read

    try:
        node = ys.compose(text, where)
        data = ys.to_python(node, where) if node is not None else None
    except ys.YamlProblem as error:
        raise UsageError(str(error.problem)) from None
    if not isinstance(data, dict):
        raise UsageError(f"{where}: expected a mapping of question ids to answers")
    for value in data.values():
        if isinstance(value, (dict, list)):
            raise UsageError(f"{where}: each answer must be a single value, not a list or mapping")
    return data


def read_answers_file(path: str) -> dict[str, Any]:
    """An answers file, refusing what is not a small UTF-8 text file."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_ANSWERS_BYTES:
            raise UsageError(f"{path}: answers file is larger than 1 MiB")
        data = file.read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read answers file: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: answers file is not UTF-8 text") from None
    return read_answers_text(text, path)
