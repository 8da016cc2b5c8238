"""Reviewing a change to the rules: what two packs decide differently, under-triage first.

``answer_sets`` makes the answers to try (every rule test case of both packs, one sign
at a time, and seeded random sets), ``diff`` assesses each with both packs and keeps
those whose triage level, likely cause or red flags changed, ``report`` writes them.
"""

from .answer_sets import AnswerSet, generated, single_signs, space
from .diff import Change, Diff, Outcome, case_sets, compare, diff
from .report import to_dict, to_text

__all__ = [
    "AnswerSet",
    "Change",
    "Diff",
    "Outcome",
    "case_sets",
    "compare",
    "diff",
    "generated",
    "single_signs",
    "space",
    "to_dict",
    "to_text",
]
