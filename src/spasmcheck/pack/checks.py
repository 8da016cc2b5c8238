"""Checks across the files of a pack: questions well formed, every reference resolves.

Conditions are checked in place, never rebuilt: the structurer already wrote their
values in answer form, so a condition is built (and compiled) exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from spasmcheck.errors import Problem, did_you_mean

from .conditions import NUMERIC_OPERATORS, Compare, Condition, LikelyCause, leaves
from .model import Cause, Question, QuestionList, RedFlag
from .position import Pos
from .qtypes import for_question

RESERVED_ID = "id"
"""The key a batch record names itself with (``spasmcheck.batch.ID_KEY``): never a
question id."""


class Checker:
    """Collects cross-file problems: dangling references, impossible values."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._ranks: tuple[Mapping[str, Question], dict[str, int]] | None = None

    def at(self, pos: Pos, message: str) -> None:
        """Record a problem at ``pos``."""
        self.problems.append(Problem.at(pos, message))

    def codes(self, items: Iterable[Question | RedFlag | Cause]) -> None:
        """Every code has the format its system requires (``codes.problem``)."""
        from .codes import coded, problem

        for owner, code in coded(items):
            why = problem(code)
            if why is not None:
                self.at(code.pos, f"{owner}: {why}")

    def questions(self, questions: Iterable[Question]) -> None:
        """Options, ranges and types agree with each other."""
        for q in questions:
            if q.id == RESERVED_ID:
                self.at(
                    q.pos,
                    f"{RESERVED_ID!r} cannot be a question id: batch records use it to name "
                    "the record",
                )
        checklists = [q for q in questions if q.checklist]
        for extra in checklists[1:]:
            self.at(
                extra.pos,
                f"checklist: only one question may be the checklist, and "
                f"{checklists[0].id!r} already is",
            )
        for q in checklists:
            if q.type != "yes_no" or q.screening or q.ask_if is not None:
                self.at(
                    q.pos,
                    f"checklist question {q.id!r} must be yes_no, with no "
                    "screening and no ask_if: the checklist itself decides when it is asked",
                )
        for q in questions:
            for pos, message in for_question(q).definition_problems(q):
                self.at(pos, message)

    def lists(
        self,
        lists: Iterable[QuestionList],
        questions: Iterable[Question],
        red_flags: Iterable[RedFlag],
    ) -> None:
        """Each list's members exist and can be grouped: a "no" to the list answers each
        one "no", so a member must be a yes/no question with a short label, and never a
        warning sign (those have their own lists, always asked); a list needs two members."""
        by_id = {item.id: item for item in lists}
        signs = {flag.id for flag in red_flags}
        members: dict[str, int] = dict.fromkeys(by_id, 0)
        for q in questions:
            if q.list is None:
                continue
            if q.list not in by_id:
                self.at(
                    q.pos,
                    f"question {q.id!r}: unknown list {q.list!r}{did_you_mean(q.list, by_id)}",
                )
                continue
            members[q.list] += 1
            if q.type != "yes_no":
                self.at(
                    q.pos,
                    f"question {q.id!r} is in list {q.list!r}, so it must be yes_no, not {q.type}",
                )
            if not q.short:
                self.at(
                    q.pos,
                    f"question {q.id!r} is in list {q.list!r}, so it needs a 'short' label "
                    "(a few words shown on the list)",
                )
            if q.screening or q.first or q.checklist or q.id in signs:
                self.at(
                    q.pos,
                    f"question {q.id!r} is a warning sign or asked first, so it cannot be in "
                    f"list {q.list!r}: warning signs are asked in their own lists",
                )
        for item in by_id.values():
            if members[item.id] < 2:
                self.at(
                    item.pos,
                    f"list {item.id!r} has {members[item.id]} question(s): a list needs at "
                    f"least two (write 'list: {item.id}' in each of its questions)",
                )

    def sources(self, sources: Mapping[str, Any], citing: Iterable[Any]) -> None:
        """Every cited source id exists."""
        for item in citing:
            if item.source not in sources:
                self.at(
                    item.pos, f"unknown source {item.source!r}{did_you_mean(item.source, sources)}"
                )

    def condition(
        self,
        condition: Condition,
        questions: Mapping[str, Question],
        causes: Iterable[str],
        *,
        asking: str | None = None,
        allow_cause: bool = False,
    ) -> None:
        """Every question and cause a condition names exists, and each value fits its
        question. ``asking``: the condition is that question's ``ask_if``, which may only
        read questions asked before it."""
        rank = self._rank(questions) if asking is not None else {}
        # Most conditions are one comparison: no generator for those.
        for leaf in (condition,) if type(condition) is Compare else leaves(condition):
            if isinstance(leaf, LikelyCause):
                causes = list(causes)
                if not allow_cause:
                    self.at(leaf.pos, "likely_cause can only be tested in triage rules")
                elif leaf.cause not in causes:
                    self.at(
                        leaf.pos, f"unknown cause {leaf.cause!r}{did_you_mean(leaf.cause, causes)}"
                    )
                continue
            question = questions.get(leaf.question)
            if question is None:
                hint = did_you_mean(leaf.question, questions)
                self.at(leaf.pos, f"unknown question {leaf.question!r}{hint}")
                continue
            if asking is not None and (
                leaf.question == asking or rank[leaf.question] > rank[asking]
            ):
                self.at(
                    leaf.pos, f"ask_if of {asking!r} reads {leaf.question!r}, which is asked later"
                )
            self._values(leaf, question)

    def _rank(self, questions: Mapping[str, Question]) -> dict[str, int]:
        """Each question's place in asking order, worked out once per pack (a list's
        ``index`` per condition made checking a large pack quadratic)."""
        if self._ranks is None or self._ranks[0] is not questions:
            self._ranks = (questions, {q: i for i, q in enumerate(questions)})
        return self._ranks[1]

    def _values(self, condition: Compare, question: Question) -> None:
        op = condition.op
        if op in ("unknown", "answered"):
            return
        kind = for_question(question)
        if op in NUMERIC_OPERATORS and not kind.ordered:
            self.at(
                condition.pos,
                f"{op} needs a scale or number question; {question.id!r} is {question.type}",
            )
            return
        check = kind.check_value
        for value in condition.value if op == "one_of" else (condition.value,):
            message = check(question, value)
            if message:
                self.at(condition.pos, message)
