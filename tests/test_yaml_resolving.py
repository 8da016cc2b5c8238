"""yamlsource's own tag resolver reads every scalar exactly as PyYAML's safe loader does."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from spasmcheck.pack import yamlsource
from spasmcheck.pack.builtin import builtin_rules_dir

TRICKY = [
    "", "~", "null", "Null", "yes", "No", "on", "OFF", "true", "1", "-1", "+1", "0x1F",
    "0o17", "017", "1_000", "1:30", "1e3", "1.5", ".5", "-.inf", ".NaN", "2026-11-27",
    "2026-11-27T10:00:00Z", "<<", "=", "text", "'quoted'", '"1"', "[1, yes]", "{a: 1}",
]  # fmt: skip


def tags(node: yaml.Node) -> list[tuple[str, str, int, int]]:
    """Every node's tag and position, depth first."""
    out = [(node.tag, type(node).__name__, node.start_mark.line, node.start_mark.column)]
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            out += tags(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out += tags(key) + tags(value)
    return out


REFERENCE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's own safe loader, with its stock resolver (libyaml's parser when built with it)."""


def same_as_pyyaml(text: str) -> None:
    mine = yamlsource.compose(text, "x.yaml")
    theirs = yaml.compose(text, Loader=REFERENCE)
    assert (mine and tags(mine)) == (theirs and tags(theirs))


def test_tricky_scalars_get_the_safe_loaders_tags() -> None:
    for value in TRICKY:
        same_as_pyyaml(f"key: {value}\nlist: [{value}]\n")


def test_the_builtin_rule_files_compose_as_with_the_safe_loader() -> None:
    for path in sorted(builtin_rules_dir().rglob("*.yaml")):
        same_as_pyyaml(path.read_text(encoding="utf-8"))


@given(st.text(alphabet="0123456789.+-_:eExXoObBnNyYtTfF~<=aL ", max_size=12))
def test_any_plain_scalar_gets_the_safe_loaders_tag(value: str) -> None:
    try:
        theirs = yaml.compose(f"k: {value}\n", Loader=REFERENCE)
    except yaml.YAMLError:
        return  # not a plain scalar; the loader's own errors are tested elsewhere
    mine = yamlsource.compose(f"k: {value}\n", "x.yaml")
    assert mine is not None
    assert theirs is not None
    assert tags(mine) == tags(theirs)
