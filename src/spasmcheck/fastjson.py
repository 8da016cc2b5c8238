"""Compact JSON of an assessment written straight from a compiled pack, for batch mode.

Most of an assessment's JSON (advice, warning-sign texts, sources, the disclaimer) is
the same for every answer, so it is encoded once per pack and only the answers, scores
and what fired are encoded per line. The text is exactly
``json.dumps(Assessment.to_dict(), ensure_ascii=False, separators=(",", ":"))``: the
static parts are cut from ``to_dict`` itself, a self-check at build time falls back to
``to_dict`` if the object's shape ever changes, and tests/test_batch.py compares the two.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from itertools import compress
from operator import not_
from typing import Any

from .compiled import CompiledPack, Outcome
from .model import UNKNOWN, Answer, Assessment, CauseScore, EvidenceItem, Triage, _num

dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""The one encoding of batch output: UTF-8 text, no spaces, one line per object."""

TOP_KEYS = (
    "schema_version",
    "triage",
    "red_flags",
    "triage_rules",
    "causes",
    "likely_cause",
    "immediate_relief",
    "prevention",
    "see_professional",
    "answers",
    "unanswered",
    "stopped_early",
    "disclaimer",
)
CAUSE_KEYS = ("id", "name", "score", "evidence")
EVIDENCE_KEYS = ("question", "answer", "weight", "because", "answers")


class AssessmentWriter:
    """``write(answers, full, outcome)`` -> the JSON text of that assessment, minus braces."""

    def __init__(self, cp: CompiledPack) -> None:
        self.cp = cp
        pack = cp.pack
        blank = Assessment(
            triage=Triage("self_care", ()),
            red_flags=(),
            triage_rules=(),
            causes=(),
            likely_cause=None,
            immediate_relief=(),
            prevention=(),
            see_professional=(),
            answers={},
            unanswered=(),
            disclaimer=pack.info.disclaimer,
        )
        self.exact = self._shape_matches(blank)

        def part(**changes: Any) -> dict[str, Any]:
            return dataclasses.replace(blank, **changes).to_dict()

        self.red_flags = tuple(dumps(part(red_flags=(f,))["red_flags"][0]) for f, _ in cp.red_flags)
        self.rules = tuple(dumps(part(triage_rules=(r,))["triage_rules"][0]) for r, _ in cp.rules)
        self.advice = tuple(
            ",".join(
                f'"{key}":{dumps(value)}'
                for key, value in part(
                    immediate_relief=a[0], prevention=a[1], see_professional=a[2]
                ).items()
                if key in ("immediate_relief", "prevention", "see_professional")
            )
            for a in (*cp.cause_advice, cp.general_advice)
        )
        self.cause_ids = tuple(dumps(c.cause.id) for c in cp.causes)
        self.cause_reads = tuple(
            tuple(dict.fromkeys(q for e in c.evidence for q in e.questions)) for c in cp.causes
        )
        self._cause_memo: tuple[dict[Any, str], ...] = tuple({} for _ in cp.causes)
        self.cause_heads = tuple(
            '{"id":' + dumps(c.cause.id) + ',"name":' + dumps(c.cause.name) + ',"score":'
            for c in cp.causes
        )
        self.cause_empty = tuple(head + '0,"evidence":[]}' for head in self.cause_heads)
        self.evidence = tuple(
            tuple(
                (
                    '{"question":' + dumps(e.first) + ',"answer":',
                    ',"weight":'
                    + dumps(_num(e.weight))
                    + ',"because":'
                    + dumps(e.because)
                    + ',"answers":{',
                    e.first,
                    tuple((q, dumps(q) + ":") for q in e.questions),
                )
                for e in c.evidence
            )
            for c in cp.causes
        )
        self.keys = tuple((q, dumps(q) + ":", dumps(q)) for q in cp.question_ids)
        self.question_ids = cp.question_ids
        self.id_texts = tuple(dumps(q) for q in cp.question_ids)
        # Per question, answer -> '"id":value'; answers are normalised, so 1 and 1.0 never
        # both occur (whole numbers are ints), and a value stands for itself as a key.
        self.pairs: tuple[dict[Answer, str], ...] = tuple({} for _ in cp.question_ids)
        self.tail = ',"disclaimer":' + dumps(pack.info.disclaimer)
        self._values: dict[str, str] = {}
        self._evidence_memo: dict[tuple[int, int], dict[tuple[Answer, ...], str]] = {}

    @staticmethod
    def _shape_matches(blank: Assessment) -> bool:
        """Whether ``to_dict`` still has the keys this writer knows, in the same order."""
        item = EvidenceItem("q", "yes", 1, None, {"q": "yes"})
        cause = dataclasses.replace(blank, causes=(CauseScore("c", "C", 1, (item,)),))
        shown = cause.to_dict()["causes"][0]
        return (
            tuple(blank.to_dict()) == TOP_KEYS
            and tuple(shown) == CAUSE_KEYS
            and tuple(shown["evidence"][0]) == EVIDENCE_KEYS
        )

    def value(self, answer: Answer) -> str:
        if type(answer) is str:
            text = self._values.get(answer)
            if text is None:
                text = self._values[answer] = dumps(answer)
            return text
        return repr(answer)  # an int or a finite float: what json writes for it

    def pair(self, index: int, answer: Answer) -> str:
        text = self.keys[index][1] + self.value(answer)
        if len(self.pairs[index]) < 1000:  # number answers could be many distinct values
            self.pairs[index][answer] = text
        return text

    def write(
        self, answers: Mapping[str, Answer], full: Mapping[str, Answer], outcome: Outcome
    ) -> str:
        """The assessment's JSON object without its closing brace (callers may add keys)."""
        fired, ranked, likely, rules, level, reasons = outcome
        causes = []
        memos, reads, empty = self._cause_memo, self.cause_reads, self.cause_empty
        for index, score, counted in ranked:
            if not counted:
                causes.append(empty[index])
                continue
            # A cause's object depends only on which evidence counted and the answers
            # that evidence reads: remember it by those (a few values, few combinations).
            key = (counted, tuple(map(full.__getitem__, reads[index])))
            memo = memos[index]
            text = memo.get(key)
            if text is None:
                items = ",".join([self.evidence_item(index, j, full) for j in counted])
                text = f'{self.cause_heads[index]}{_num(score)!r},"evidence":[{items}]}}'
                if len(memo) < 5000:
                    memo[key] = text
            causes.append(text)
        value = self.value
        # These two run over every question of the pack, so they stay in C (map, compress)
        # in the common case; a value not seen before takes the slow path once.
        try:
            shown = ",".join(map(dict.__getitem__, self.pairs, full.values()))
        except KeyError:
            shown = ",".join(
                [
                    pairs[v] if v in pairs else self.pair(i, v)
                    for i, (pairs, v) in enumerate(zip(self.pairs, full.values(), strict=True))
                ]
            )
        unanswered = ",".join(
            compress(self.id_texts, map(not_, map(answers.__contains__, self.question_ids)))
        )
        return (
            f'"schema_version":1,"triage":{{"level":"{level}",'
            f'"reasons":[{",".join([value(r) for r in reasons])}]}},'
            f'"red_flags":[{",".join([self.red_flags[i] for i in fired])}],'
            f'"triage_rules":[{",".join([self.rules[i] for i in rules])}],'
            f'"causes":[{",".join(causes)}],'
            f'"likely_cause":{"null" if likely is None else self.cause_ids[likely]},'
            f"{self.advice[-1 if likely is None else likely]},"
            f'"answers":{{{shown}}},"unanswered":[{unanswered}],"stopped_early":false{self.tail}'
        )

    def evidence_item(self, cause: int, j: int, full: Mapping[str, Answer]) -> str:
        """One evidence object; remembered per answers it reads (usually one, few values)."""
        head, middle, first, keys = self.evidence[cause][j]
        read = tuple([full.get(q, UNKNOWN) for q, _ in keys])
        memo = self._evidence_memo.setdefault((cause, j), {})
        text = memo.get(read)
        if text is None:
            value = self.value
            shown = ",".join([key + value(v) for (_, key), v in zip(keys, read, strict=True)])
            first_value = value(full.get(first, UNKNOWN))
            text = f"{head}{first_value}{middle}{shown}}}}}"
            if len(memo) < 1000:
                memo[read] = text
        return text
