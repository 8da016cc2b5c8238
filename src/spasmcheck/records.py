"""What a record answers: its cells read as answers to the pack's questions, each
distinct cell read once and remembered, since a batch meets the same few values of each
question again and again (``batch`` says what a record and a cell may be).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spasmcheck.cells import BadRecord, memoable, missing, plain_value
from spasmcheck.engine.answers import parse_answers
from spasmcheck.errors import closest
from spasmcheck.pack.checks import RESERVED_ID
from spasmcheck.pack.rulepack import RulePack

__all__ = ["ID_KEY", "Cells"]

ID_KEY = RESERVED_ID
"""The key of a record that names it; copied to its result, never read as a question
(the loader refuses it as a question id)."""

_MEMO_LIMIT = 50_000
"""Distinct (question, raw value) pairs remembered per pack; bounds memory on odd input."""

_MISSING: Any = object()
"""The answer of an empty cell (the record does not answer that question); also "not
seen yet" in the memo of keys."""


class Cells:
    """One pack's questions and what each cell met so far was read as."""

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        self._memo: dict[tuple[Any, type, Any], tuple[str | None, Any]] = {}
        self._keys: dict[Any, str | None] = {}

    def answers(self, record: Mapping[str, Any], ignored: list[str]) -> dict[str, Any]:
        """``parse_answers`` of a record without its id and its empty cells, remembering
        each value's result; keys that are not question ids are added to ``ignored``."""
        if type(record) is not dict and not isinstance(record, Mapping):
            raise BadRecord("expected a JSON object of question ids to answers")
        if "resourceType" in record:  # a FHIR QuestionnaireResponse, or a Bundle with one
            from spasmcheck.fhir.reading import answers_from_fhir

            return parse_answers(self.pack, answers_from_fhir(self.pack, record))
        memo = self._memo
        answers: dict[str, Any] = {}
        for key, raw in record.items():
            if key == ID_KEY:
                continue
            try:
                question, value = memo[(key, type(raw), raw)]
            except (KeyError, TypeError):  # not seen yet, a list / mapping (refused), NaN
                question, value = self._parse(key, raw)
                if question is not None and len(memo) < _MEMO_LIMIT and memoable(raw):
                    memo[(key, type(raw), raw)] = (question, value)
            if question is None:
                ignored.append(key)
                continue
            if value is _MISSING:
                continue
            if question in answers:  # "sore" and "sore ": conflicting health answers
                raise BadRecord(f"{question!r} is answered twice")
            answers[question] = value
        return answers

    def _parse(self, key: Any, raw: Any) -> tuple[str | None, Any]:
        """(question id, answer) of one cell; (None, missing) for a key that is no question."""
        question = self._question(key)
        if question is None:
            return None, _MISSING  # another column: whatever it holds is not read
        if isinstance(raw, (list, dict)):
            raise BadRecord(f"{key}: each answer must be a single value, not a list or mapping")
        if missing(raw):
            return question, _MISSING
        ((question, value),) = parse_answers(self.pack, {question: plain_value(raw)}).items()
        return question, value

    def _question(self, key: Any) -> str | None:
        """The question id a key names (spaces around it allowed), None for a key that is
        no question; remembered, as looking for a likely misspelling (difflib) is slow."""
        known = self._keys.get(key, _MISSING)
        if known is not _MISSING:
            return known
        if not isinstance(key, str):
            raise BadRecord(f"the key {key!r} is not text")
        name = key.strip()
        question: str | None = name
        if name not in self.pack.question_index:
            try:
                key.encode("utf-8")
            except UnicodeEncodeError:
                raise BadRecord("a key is not valid text (a lone surrogate)") from None
            if closest(name, self.pack.question_index) is not None:
                parse_answers(self.pack, {key: None})  # raises with "did you mean"
            question = None
        if len(self._keys) < _MEMO_LIMIT:
            self._keys[key] = question
        return question
