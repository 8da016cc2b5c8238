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

        self.red_flags = tuple(
            dumps(part(red_flags=(f,))["red_flags"][0]) for _, f, _ in cp.red_flags
        )
        self.rules = tuple(
            dumps(part(triage_rules=(r,))["triage_rules"][0]) for _, r, _ in cp.rules
        )
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
        self.cause_heads = tuple(
            '{"id":' + dumps(c.cause.id) + ',"name":' + dumps(c.cause.name) + ',"score":'
            for c in cp.causes
        )
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
        # Per question, answer -> '"id":value'; answers are normalised, so 1 and 1.0 never
        # both occur (whole numbers are ints), and a value stands for itself as a key.
        self.pairs: tuple[dict[Answer, str], ...] = tuple({} for _ in cp.question_ids)
        self.tail = ',"disclaimer":' + dumps(pack.info.disclaimer)
        self._values: dict[str, str] = {}

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
        value = self.value
        causes = []
        for index, score, counted in outcome.causes:
            evidence = self.evidence[index]
            items = []
            for j in counted:
                head, middle, first, keys = evidence[j]
                read = ",".join(key + value(full.get(q, UNKNOWN)) for q, key in keys)
                items.append(f"{head}{value(full.get(first, UNKNOWN))}{middle}{read}}}}}")
            causes.append(
                f'{self.cause_heads[index]}{_num(score)!r},"evidence":[{",".join(items)}]}}'
            )
        likely = "null" if outcome.likely is None else self.cause_ids[outcome.likely]
        advice = self.advice[-1 if outcome.likely is None else outcome.likely]
        reasons = ",".join([value(r) for r in outcome.reasons])
        shown = ",".join(
            [
                pairs[v] if v in pairs else self.pair(i, v)
                for i, (pairs, v) in enumerate(zip(self.pairs, full.values(), strict=True))
            ]
        )
        unanswered = ",".join([text for q, _, text in self.keys if q not in answers])
        return (
            f'"schema_version":1,"triage":{{"level":"{outcome.level}","reasons":[{reasons}]}},'
            f'"red_flags":[{",".join(self.red_flags[i] for i in outcome.red_flags)}],'
            f'"triage_rules":[{",".join(self.rules[i] for i in outcome.rules)}],'
            f'"causes":[{",".join(causes)}],"likely_cause":{likely},{advice},'
            f'"answers":{{{shown}}},"unanswered":[{unanswered}],"stopped_early":false{self.tail}'
        )
