"""Why each red flag, triage rule and cause did or did not fire: ``assess --explain``.

Every condition is shown as a tree with the three-valued result of each part, so a
rule author sees which part held, which did not, and which was unknown.
"""

from __future__ import annotations

from collections.abc import Mapping

from spasmcheck.engine.result import Assessment
from spasmcheck.pack.conditions import (
    UNKNOWN,
    AllOf,
    Answer,
    AnyOf,
    Compare,
    Condition,
    LikelyCause,
    Not,
    Truth,
    describe,
)
from spasmcheck.pack.rulepack import RulePack

MARK = {True: "held", False: "not held", None: "unknown"}


def condition_lines(
    condition: Condition, answers: Mapping[str, Answer], likely: str | None, indent: int = 6
) -> list[str]:
    """One line per part of the condition, with whether it held."""
    value: Truth = condition.test(answers, likely)
    pad = " " * indent
    mark = f"[{MARK[value]}]"
    if isinstance(condition, (AllOf, AnyOf)):
        word = "all of" if isinstance(condition, AllOf) else "any of"
        lines = [f"{pad}{mark} {word}:"]
        for item in condition.items:
            lines += condition_lines(item, answers, likely, indent + 2)
        return lines
    if isinstance(condition, Not):
        return [f"{pad}{mark} not:", *condition_lines(condition.item, answers, likely, indent + 2)]
    if isinstance(condition, LikelyCause):
        return [f"{pad}{mark} {describe(condition)} (likely cause: {likely or 'none'})"]
    assert isinstance(condition, Compare)
    answer = answers.get(condition.question, UNKNOWN)
    return [f"{pad}{mark} {describe(condition)} (answer: {answer})"]


def explain(pack: RulePack, result: Assessment) -> str:
    """The explanation as plain text, for stderr (stdout stays the summary or JSON)."""
    answers = result.answers
    likely = result.likely_cause
    fired_flags = {f.id for f in result.red_flags}
    fired_rules = {r.id for r in result.triage_rules}
    lines = ["Explanation (why each rule did or did not fire)", "", "Red flags:"]
    for flag in pack.red_flags:
        state = "FIRED" if flag.id in fired_flags else "did not fire"
        lines.append(f"  {flag.id} ({flag.level}): {state}")
        lines += condition_lines(flag.when, answers, likely)
    lines += ["", "Triage rules:"]
    for rule in pack.triage_rules:
        state = "FIRED" if rule.id in fired_rules else "did not fire"
        lines.append(f"  {rule.id} ({rule.level}): {state}")
        lines += condition_lines(rule.when, answers, likely)
    threshold = pack.info.likely_threshold
    lines += ["", f"Causes (named likely at a score of {threshold:g} or more, if top):"]
    scores = {c.id: c.score for c in result.causes}
    for cause in pack.causes:
        tag = ", likely" if cause.id == likely else ""
        lines.append(f"  {cause.id}: score {scores.get(cause.id, 0):g}{tag}")
        applies = cause.only_if is None or cause.only_if.test(answers) is True
        if cause.only_if is not None:
            state = "applies" if applies else "does not apply: no evidence counts"
            lines.append(f"    only_if: {state}")
            lines += condition_lines(cause.only_if, answers, likely, indent=8)
        for evidence in cause.evidence:
            counted = applies and evidence.when.test(answers) is True
            lines.append(
                f"    {evidence.weight:+g} {'counted' if counted else 'not counted'}"
                + (f": {evidence.because}" if evidence.because else "")
            )
            lines += condition_lines(evidence.when, answers, likely, indent=8)
    return "\n".join(lines) + "\n"
