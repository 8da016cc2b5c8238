"""Reading YAML safely, keeping each node's position for ``file:line:column`` messages.

Files are *composed* (parsed to nodes), never constructed by a loader that could build
Python objects. Aliases are refused, so a small file cannot expand into a huge one.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from spasmcheck.errors import Problem

from .position import Pos

try:  # the C parser is many times faster; pure Python is the fallback
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

STR = "tag:yaml.org,2002:str"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
NULL = "tag:yaml.org,2002:null"
SCALAR_TAGS = frozenset({STR, BOOL, INT, FLOAT, NULL})
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
COLLECTION_TAGS = frozenset({MAP, SEQ})

_constructor = yaml.constructor.SafeConstructor()


_BY_FIRST: dict[str, tuple[tuple[str, Any], ...]] = {
    first: tuple(pairs) for first, pairs in _SafeLoader.yaml_implicit_resolvers.items()
}


@functools.lru_cache(maxsize=8192)
def _resolved(kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """The tag of a node written without one (``BaseResolver.resolve``, same answers): a
    plain scalar's by its first character, as YAML 1.1 reads it. Cached, bounded, and
    called by the composer without a method in between: a pack writes the same keys and
    words again and again (a 100x pack 441,000 nodes, 17,000 different scalars), and
    resolving was a quarter of composing it."""
    if kind is ScalarNode:
        if implicit[0]:
            for tag, regexp in _BY_FIRST.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return STR
    return SEQ if kind is SequenceNode else MAP


_EMPTY: dict[Any, Any] = {}
"""Never filled: its ``get`` and ``clear`` are the resolver's do-nothing hooks."""


class _FastResolving(_SafeLoader):
    """The safe loader with its tag resolver written for this one use: the same tags,
    without the general resolver's per-node work for path resolvers, which the safe loader
    never has (resolving was a quarter of composing a large pack)."""

    # The composer calls these two around every node to keep the path that path resolvers
    # match. With none to match they have nothing to do: C callables that do nothing (an
    # empty dict's ``get(parent, index)`` and ``clear()``) cost less than the methods.
    descend_resolver = _EMPTY.get  # type: ignore[assignment]
    ascend_resolver = _EMPTY.clear

    resolve = staticmethod(_resolved)


# The shortcut holds only while the safe loader has no path resolvers and no resolver for
# any first character (``None``); should a PyYAML add one, its own resolver is used.
_Loader = (
    _SafeLoader
    if _SafeLoader.yaml_path_resolvers or None in _SafeLoader.yaml_implicit_resolvers
    else _FastResolving
)


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


_BOOLS: dict[str, bool] = yaml.constructor.SafeConstructor.bool_values


def scalar(node: ScalarNode) -> Any:
    """The Python value of a plain scalar (str, bool, int, float or None)."""
    tag = node.tag
    # Text, booleans and nulls as the safe constructor makes them, without its four calls
    # per node (they were a quarter of turning a large pack's nodes into records).
    if tag == STR:
        return node.value
    if tag == BOOL:
        return _BOOLS[node.value.lower()]
    if tag == NULL:
        return None
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
TYPED = frozenset({INT, FLOAT, BOOL, NULL})


def _implicit(value: str) -> str:
    """The tag YAML 1.1 gives ``value`` written plain: the composer's own (cached) answer."""
    if _Loader is _FastResolving:
        return _resolved(ScalarNode, value, (True, False))
    return _resolver.resolve(ScalarNode, value, (True, False))  # pragma: no cover


def misfit_tag(node: ScalarNode, path: str) -> Problem | None:
    """Refuse ``!!int x``, ``!!float 1`` or ``!!bool maybe``: an explicit tag the value does
    not have on its own. PyYAML would raise ``ValueError`` or ``KeyError`` building it
    (and leave its constructor broken for that node); ``!!str`` always fits."""
    if node.tag not in TYPED:
        return None
    implicit = STR if node.style else _implicit(node.value)
    if implicit == node.tag:
        return None
    kind = node.tag.rsplit(":", 1)[-1]
    return problem(
        node, path, f"the tag !!{kind} does not fit {node.value[:40]!r}: write the value untagged"
    )


KEY_TAGS = frozenset({STR, BOOL, INT, NULL})
"""The tags of a key ``mapping_items`` takes: written as plain text, read as its text."""


def mapping_items(
    node: MappingNode, path: str
) -> tuple[list[tuple[str, Node, Node]], list[Problem]]:
    """The (key, key node, value node) of a mapping, refusing duplicate and non-text keys."""
    pairs = node.value
    items: list[tuple[str, Node, Node]]
    items = [(k.value, k, v) for k, v in pairs if type(k) is ScalarNode and k.tag in KEY_TAGS]
    if len(items) == len(pairs) and len({key for key, _, _ in items}) == len(items):
        return items, []  # every key plain text, none twice: the common case, at once
    items = []
    problems: list[Problem] = []
    first_seen: dict[str, Node] = {}
    for key_node, value_node in pairs:
        if not isinstance(key_node, ScalarNode) or key_node.tag not in KEY_TAGS:
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
