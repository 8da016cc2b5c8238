"""Fewer checks for a rule file whose text cannot need them (most files).

``yamlsource.too_deep`` (aliases, depth) and ``scalars.scalar_problems`` (control
characters, misfit tags) each walk every node of a file. A text in which no tag, anchor
or control character can be written needs neither walk: only its depth is checked, and
walking its collections is enough for that. Each test here may say "might" of a text that
does not (prose), which only costs the full checks; never the other way round.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from spasmcheck.errors import Problem

from . import yamlsource as ys
from .scalars import TEXT_CONTROL


def is_plain(text: str) -> bool:
    """Whether ``text`` can hold no tag, anchor (so no alias) and no control character:
    its nodes need only ``collection_too_deep``."""
    return not (may_hold_properties(text) or may_hold_controls(text))


def may_hold_properties(text: str) -> bool:
    """Whether ``text`` might hold an explicit tag (``!!int``, ``!x``) or an anchor
    (``&name``), and so an alias (an alias to an undefined anchor does not compose).

    YAML starts a tag or an anchor only at the start of a token, never right after a
    letter, digit or underscore: a text whose every ``!`` and ``&`` follows one (``A&E``,
    ``now!``) holds neither. Any other ``!`` or ``&`` may be prose, which only costs the
    full checks. ``str.find`` rather than a regular expression: ten times faster here.
    """
    for mark in ("!", "&"):
        at = text.find(mark)
        while at >= 0:
            before = text[at - 1] if at else ""
            if not (before.isalnum() or before == "_"):
                return True
            at = text.find(mark, at + 1)
    return False


_NOT_CONTROL = bytes([*b"\t\n", *range(0x20, 0x7F)])
"""The ASCII characters ``TEXT_CONTROL`` allows."""


def may_hold_controls(text: str) -> bool:
    """Whether a scalar composed from ``text`` might hold a ``TEXT_CONTROL`` character.

    A scalar's characters are the text's own, line breaks folded to spaces or newlines,
    except where a double-quoted scalar writes an escape (``"\\e"``), which needs a
    backslash: a text with neither a control character nor a backslash gives none.
    An ASCII text is searched as bytes (``bytes.translate`` keeps only what is not
    allowed), several times faster than the regular expression, which reads any other.
    """
    if "\\" in text:
        return True
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _NOT_CONTROL))
    return TEXT_CONTROL.search(text) is not None


def collection_too_deep(node: Node, path: str, limit: int = ys.MAX_DEPTH) -> Problem | None:
    """``yamlsource.too_deep`` for a document known to hold no alias (its text is not
    ``may_hold_properties``): the same answer, most often found walking only collections.

    Collections are walked a level at a time, scalars (most of a rule file's nodes) never
    visited; only if a collection at depth ``limit`` has children is ``too_deep`` asked
    which node, depth first, is the first too deep. With an alias a level could hold the
    same node many times over: never call it for such a document.
    """
    level = [node]
    for _ in range(limit):
        below: list[Node] = []
        for current in level:
            if type(current) is MappingNode:
                below += [v for _, v in current.value if type(v) is not ScalarNode]
            elif type(current) is SequenceNode:
                below += [v for v in current.value if type(v) is not ScalarNode]
        if not below:
            return None
        level = below
    if limit < 0 or any(type(n) is not ScalarNode and n.value for n in level):
        return ys.too_deep(node, path, limit)
    return None
