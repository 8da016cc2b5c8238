"""The answers a clinical diff tries: deterministic, seeded, from both packs' questions.

Every question of either pack, with every value either pack allows (``unknown`` always
among them; numbers at the ends of their range and either side of each number a rule
compares), makes the ``space``. From it come one set per single sign (that answer alone,
and with every other yes/no question answered no), and seeded random sets whose share of
yes answers varies, so that both lone warning signs and busy combinations are tried.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from spasmcheck.pack.conditions import UNKNOWN, Compare, leaves
from spasmcheck.pack.lint.search import conditions
from spasmcheck.pack.qtypes import for_question
from spasmcheck.pack.rulepack import RulePack

YES_SHARES = (0.02, 0.05, 0.1, 0.2, 0.35, 0.5)
"""How often a random set answers a yes/no question yes: mostly few signs at a time."""
UNKNOWN_SHARES = (0.0, 0.1, 0.3)
"""How often a random set leaves a question unanswered."""


class AnswerSet(NamedTuple):
    """Answers to try, and where they come from (a test case, a single sign, a seed)."""

    origin: str
    answers: Mapping[str, Any]


Space = dict[str, tuple[str, list[Any]]]
"""Question id -> (type, the values to try), over both packs."""


def space(*packs: RulePack) -> Space:
    """Each question of the packs (first pack's order first) with every value to try."""
    near: dict[str, set[float]] = {}
    for pack in packs:
        for _, condition in conditions(pack):
            for leaf in leaves(condition):
                if not isinstance(leaf, Compare):
                    continue
                compared = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
                for v in compared:
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        near.setdefault(leaf.question, set()).add(v)
    found: Space = {}
    for pack in packs:
        for q in pack.questions:
            values = for_question(q).domain(q, sorted(near.get(q.id, ())))
            kind, before = found.get(q.id, (q.type, []))
            merged = [*before, *(v for v in values if v not in before)]
            found[q.id] = (kind, [v for v in merged if v != UNKNOWN] + [UNKNOWN])
    return found


def single_signs(values: Space) -> Iterator[AnswerSet]:
    """Each answer alone, then with every other yes/no question answered no."""
    all_no = {q: "no" for q, (kind, _) in values.items() if kind == "yes_no"}
    for question, (_, options) in values.items():
        for value in options:
            if value == UNKNOWN:
                continue
            yield AnswerSet(f"sign {question}={value}", {question: value})
            yield AnswerSet(f"sign {question}={value}, others no", {**all_no, question: value})


def generated(values: Space, count: int, seed: int) -> Iterator[AnswerSet]:
    """``count`` random answer sets, the same ones for the same seed and questions."""
    rng = random.Random(seed)
    ids = list(values)
    for n in range(count):
        yes_share = rng.choice(YES_SHARES)
        unknown_share = rng.choice(UNKNOWN_SHARES)
        answers: dict[str, Any] = {}
        for question in ids:
            kind, options = values[question]
            if rng.random() < unknown_share:
                continue
            if kind == "yes_no":
                answers[question] = "yes" if rng.random() < yes_share else "no"
            else:
                answers[question] = rng.choice(_known(options))
        yield AnswerSet(f"generated #{n + 1} (seed {seed})", answers)


def _known(options: Sequence[Any]) -> Sequence[Any]:
    return [v for v in options if v != UNKNOWN] or [UNKNOWN]
