"""A validated pack: every rule file of every layer merged and checked (``loader`` makes it)."""

# No ``from __future__ import annotations``: Record classes read their field types.

from collections.abc import Mapping

from spasmcheck.errors import Problem

from .model import (
    AdditionalAdvice,
    Cause,
    GeneralAdvice,
    PackInfo,
    Question,
    QuestionList,
    RedFlag,
    Source,
    TriageRule,
)
from .position import Pos
from .record import Record, field


class Layer(Record, kw_only=False):
    """One folder (or file) of rules, in load order: the built-in pack first, the user's last."""

    label: str
    files: tuple[str, ...]


class RulePack(Record, kw_only=False):
    """A validated pack: every file merged, every reference checked."""

    info: PackInfo
    sources: Mapping[str, Source]
    questions: tuple[Question, ...]
    red_flags: tuple[RedFlag, ...]
    causes: tuple[Cause, ...]
    triage_rules: tuple[TriageRule, ...]
    general_advice: GeneralAdvice
    additional_advice: tuple[AdditionalAdvice, ...] = ()
    lists: tuple[QuestionList, ...] = ()
    """The grouped lists of questions (not the warning-sign lists, which are built in)."""
    files: tuple[str, ...] = ()
    question_index: Mapping[str, Question] = field(default_factory=dict, repr=False)
    layers: tuple[Layer, ...] = ()
    warnings: tuple[Problem, ...] = ()
    """What a rule author should know but that does not stop the pack, e.g. a removed red flag."""
    sha256: str = ""
    """SHA-256 of the exact rule files used, in order (``provenance.pack_sha256``)."""

    def stamp(self) -> dict[str, str]:
        """``{name, version, sha256}``: which guidance a result came from."""
        return {"name": self.info.name, "version": self.info.version, "sha256": self.sha256}

    def question(self, question_id: str) -> Question:
        """The question with this id (``KeyError`` if none)."""
        return self.question_index[question_id]

    def cause(self, cause_id: str) -> Cause:
        """The cause with this id (``KeyError`` if none)."""
        return next(c for c in self.causes if c.id == cause_id)

    def origin(self, pos: Pos) -> str:
        """The label of the layer (pack folder) a definition comes from."""
        return next((layer.label for layer in self.layers if pos.path in layer.files), pos.path)
