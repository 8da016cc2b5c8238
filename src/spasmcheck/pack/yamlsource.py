"""Reading YAML safely, keeping each node's position for ``file:line:column`` messages.

Files are *composed* (parsed to nodes), never constructed by a loader that could build
Python objects. Aliases are refused, so a small file cannot expand into a huge one.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from spasmcheck.errors import Problem

from .model import NUMBER_LIMIT
from .position import Pos

try:  # the C parser is many times faster; pure Python is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

STR = "tag:yaml.org,2002:str"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
NULL = "tag:yaml.org,2002:null"
SCALAR_TAGS = frozenset({STR, BOOL, INT, FLOAT, NULL})
COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})

_constructor = yaml.constructor.SafeConstructor()


class YamlProblem(Exception):
    """The text is not YAML this tool will read; carries the position."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def compose(text: str, path: str) -> Node | None:
    """Parse one YAML document to nodes; ``None`` for an empty document."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or error.context or "not valid YAML"
        raise YamlProblem(Problem(path, line, column, f"invalid YAML: {reason}")) from None
    except yaml.YAMLError as error:  # e.g. a second document or a reader error
        raise YamlProblem(Problem(path, 1, 1, f"invalid YAML: {error}")) from None
    except RecursionError:  # the pure-Python composer recurses; libyaml stops at depth 1000
        raise YamlProblem(Problem(path, 1, 1, "invalid YAML: nested too deeply")) from None


MAX_DEPTH = 50
"""Deeper nesting than any rule, test or answers file needs; the one limit, checked once."""


def too_deep(node: Node, path: str, limit: int = MAX_DEPTH) -> Problem | None:
    """The first alias, or node nested deeper than ``limit``, found without recursion.

    Checked before anything else reads the nodes, so neither a "billion laughs" file nor
    a deeply nested one costs more than one pass over what was parsed. This is the one
    alias and depth check: everything that reads nodes afterwards relies on it.
    """
    stack = [(node, 0)]
    seen: set[int] = set()
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return problem(current, path, f"nested more than {limit} levels deep")
        if id(current) in seen:
            return problem(current, path, "aliases (*name) are not supported here")
        seen.add(id(current))
        if isinstance(current, SequenceNode):
            children = current.value
        elif isinstance(current, MappingNode):
            children = [v for _, v in current.value]
        else:
            continue
        stack += [(child, depth + 1) for child in reversed(children)]
    return None


def pos(node: Node, path: str) -> Pos:
    """Where a node is written."""
    mark = node.start_mark
    return Pos(path, mark.line + 1, mark.column + 1)


def problem(node: Node, path: str, message: str, severity: str = "error") -> Problem:
    """A problem at a node."""
    mark = node.start_mark
    return Problem(path, mark.line + 1, mark.column + 1, message, severity)


def scalar(node: ScalarNode) -> Any:
    """The Python value of a plain scalar (str, bool, int, float or None)."""
    value = _constructor.construct_object(node)
    # PyYAML's constructor keeps every node it built until a whole document is built,
    # which never happens here: without this, every rule file read stayed in memory.
    del _constructor.constructed_objects[node]
    return value


def describe(node: Node) -> str:
    """What a node is, in a rule author's words."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return {
        BOOL: f"the boolean {node.value!r}",
        INT: f"the number {node.value}",
        FLOAT: f"the number {node.value}",
        NULL: "empty",
    }.get(node.tag, f"the text {node.value!r}")


def check_tag(node: Node, path: str) -> Problem | None:
    """Refuse explicit tags such as ``!!python/object``: rule files hold plain data only."""
    allowed = SCALAR_TAGS if isinstance(node, ScalarNode) else COLLECTION_TAGS
    if node.tag not in allowed:
        return problem(
            node, path, f"the tag {node.tag!r} is not allowed: rule files hold plain data"
        )
    if isinstance(node, ScalarNode):
        return misfit_tag(node, path)
    return None


_resolver = yaml.resolver.Resolver()
_TYPED = frozenset({INT, FLOAT, BOOL, NULL})


def misfit_tag(node: ScalarNode, path: str) -> Problem | None:
    """Refuse ``!!int x``, ``!!float 1`` or ``!!bool maybe``: an explicit tag the value does
    not have on its own. PyYAML would raise ``ValueError`` or ``KeyError`` building it
    (and leave its constructor broken for that node); ``!!str`` always fits."""
    if node.tag not in _TYPED:
        return None
    implicit = STR if node.style else _resolver.resolve(ScalarNode, node.value, (True, False))
    if implicit == node.tag:
        return None
    kind = node.tag.rsplit(":", 1)[-1]
    return problem(
        node, path, f"the tag !!{kind} does not fit {node.value[:40]!r}: write the value untagged"
    )


def mapping_items(
    node: MappingNode, path: str
) -> tuple[list[tuple[str, Node, Node]], list[Problem]]:
    """The (key, key node, value node) of a mapping, refusing duplicate and non-text keys."""
    items: list[tuple[str, Node, Node]] = []
    problems: list[Problem] = []
    first_seen: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag not in (STR, BOOL, INT, NULL):
            problems.append(problem(key_node, path, "a key must be plain text"))
            continue
        key = key_node.value
        if key in first_seen:
            line = first_seen[key].start_mark.line + 1
            problems.append(
                problem(key_node, path, f"duplicate key {key!r} (first at line {line})")
            )
            continue
        first_seen[key] = key_node
        items.append((key, key_node, value_node))
    return items, problems


def to_python(node: Node, path: str) -> Any:
    """Plain Python data from nodes, refusing aliases, tags, duplicate keys and deep nesting."""
    deep = too_deep(node, path)
    if deep:
        raise YamlProblem(deep)
    return _plain(node, path)


def _plain(node: Node, path: str) -> Any:
    """``to_python`` after ``too_deep``: no alias, and recursion bounded by ``MAX_DEPTH``."""
    bad_tag = check_tag(node, path)
    if bad_tag:
        raise YamlProblem(bad_tag)
    if isinstance(node, ScalarNode):
        return scalar(node)
    if isinstance(node, SequenceNode):
        return [_plain(item, path) for item in node.value]
    items, problems = mapping_items(node, path)  # type: ignore[arg-type]
    if problems:
        raise YamlProblem(problems[0])
    return {key: _plain(value, path) for key, _, value in items}


# --- what rule files may hold: no control characters, only plain finite numbers ----------

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
            misfit = misfit_tag(current, path) if current.tag in _TYPED else None
            if misfit:
                problems.append(misfit)
            found = TEXT_CONTROL.search(current.value)
            if found:
                code = f"U+{ord(found.group()):04X}"
                problems.append(
                    problem(
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
    misfit = misfit_tag(node, "")
    if misfit:  # ``!!int x``: nothing to read
        return None, misfit.message
    if len(text) > MAX_NUMBER_CHARS:
        return None, f"a number of {len(text)} characters is too long"
    plain = _PLAIN_INT if node.tag == INT else _PLAIN_FLOAT
    if not plain.fullmatch(text):
        lowered = text.lower()
        if lowered.lstrip("+-") in (".inf", ".nan"):
            return None, f"{text} is not a finite number"
        read = scalar(node)  # YAML 1.1's reading, short and implicitly tagged: it builds
        if isinstance(read, float) and not math.isfinite(read):
            return None, f"{text} is not a finite number"
        return None, (
            f"{text} is ambiguous: YAML 1.1 reads it as {read}, YAML 1.2 otherwise; "
            "write the number in plain decimal"
        )
    value = scalar(node)
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"{text} is not a finite number"
    if abs(value) > limit:
        return None, f"{text} is too large: at most {limit:,} either way"
    return value, ""
