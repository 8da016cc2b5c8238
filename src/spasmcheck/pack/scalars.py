"""What the scalars of a rule or rule test file may hold: no control characters, and only
plain, finite numbers of a sane size. Checked once, at load, for every field."""

from __future__ import annotations

import math
import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from spasmcheck.errors import Problem

from . import yamlsource as ys
from .model import NUMBER_LIMIT

TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than newline and tab: ESC starts terminal escape sequences,
CSI (U+009B) is ESC [ in one character, CR overwrites a line. YAML's ``"\\e"``,
``"\\x1b"`` and ``"\\u009b"`` write them."""


def scalar_problems(node: Node, path: str) -> list[Problem]:
    """A problem for every key or value holding a control character other than newline
    and tab, or an explicit tag it does not fit (``misfit_tag``), found without recursion
    (``too_deep`` ran first).

    Every text of a rule or rule test file may reach a terminal (plain and markdown
    output, ``questions``, ``rules list``, ``--explain``, test names), so none may hold
    the makings of an escape sequence; rejected at load time, one place for every field.
    """
    problems: list[Problem] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ScalarNode):
            misfit = ys.misfit_tag(current, path) if current.tag in ys.TYPED else None
            if misfit:
                problems.append(misfit)
            found = TEXT_CONTROL.search(current.value)
            if found:
                code = f"U+{ord(found.group()):04X}"
                problems.append(
                    ys.problem(
                        current,
                        path,
                        f"text holds the control character {code}; rule files may hold no "
                        "control characters but newline and tab (they could drive the "
                        "terminal)",
                    )
                )
        elif isinstance(current, SequenceNode):
            stack += reversed(current.value)
        elif isinstance(current, MappingNode):
            for key, value in reversed(current.value):
                stack += [value, key]
    return problems


MAX_NUMBER_CHARS = 30
"""More characters than any number a rule needs; longer ones are refused unread (Python
will not even turn a 5000-digit integer into an int)."""
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def number(node: ScalarNode, limit: float = NUMBER_LIMIT) -> tuple[int | float | None, str]:
    """The value of a YAML number node, or ``(None, why it is refused)``.

    Only plain decimal numbers are read. YAML 1.1 (PyYAML) reads ``0x2`` as 2, ``010`` as
    8, ``1:00`` as 60 and ``1_0`` as 10, where YAML 1.2 (editors, yaml-language-server)
    reads text or another number: such a value is ambiguous, so it is refused with the
    plain form to write. ``.nan`` and ``.inf`` would silently disable a cause or break
    arithmetic, and ``|value| > limit`` is a typo or an attack, never a weight.
    """
    text = node.value
    misfit = ys.misfit_tag(node, "")
    if misfit:  # ``!!int x``: nothing to read
        return None, misfit.message
    if len(text) > MAX_NUMBER_CHARS:
        return None, f"a number of {len(text)} characters is too long"
    plain = _PLAIN_INT if node.tag == ys.INT else _PLAIN_FLOAT
    if not plain.fullmatch(text):
        lowered = text.lower()
        if lowered.lstrip("+-") in (".inf", ".nan"):
            return None, f"{text} is not a finite number"
        read = ys.scalar(node)  # YAML 1.1's reading, short and implicitly tagged: it builds
        if isinstance(read, float) and not math.isfinite(read):
            return None, f"{text} is not a finite number"
        return None, (
            f"{text} is ambiguous: YAML 1.1 reads it as {read}, YAML 1.2 otherwise; "
            "write the number in plain decimal"
        )
    # Plain decimal, so Python reads it as YAML 1.1 does (PyYAML's constructor, which
    # ys.scalar calls, takes the same steps and several calls for it).
    value = int(text) if node.tag == ys.INT else float(text)
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"{text} is not a finite number"
    if abs(value) > limit:
        return None, f"{text} is too large: at most {limit:,} either way"
    return value, ""
