"""YAML whose aliases cannot explode: `safe_load` builds `*alias` references as shared
objects, so a few hundred bytes ("billion laughs") become a structure that any walk over it
(validation, rendering, JSON) visits billions of times. Tools that dump YAML emit aliases
for repeated objects, so aliases are allowed, but the document's expanded size (every
alias counted as a copy of what it names) is capped before anything is constructed."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.nodes import MappingNode, Node, SequenceNode

MAX_EXPANDED_NODES = 100_000  # a config or frontmatter has hundreds


def expanded_size(node: Node) -> int:
    """How many nodes the document has once every alias is copied out (memoised per node,
    so the count itself costs one visit per distinct node)."""
    memo: dict[int, int] = {}

    def size(n: Node) -> int:
        key = id(n)
        if key in memo:
            return memo[key]
        memo[key] = 1  # a recursive alias (a node containing itself) counts once
        if isinstance(n, MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in n.value)
        elif isinstance(n, SequenceNode):
            total = 1 + sum(size(v) for v in n.value)
        else:
            total = 1
        memo[key] = total
        return total

    return size(node)


def load(text: str, max_nodes: int = MAX_EXPANDED_NODES) -> Any:
    """`yaml.safe_load`, refusing documents whose aliases expand past `max_nodes` values
    (yaml.YAMLError with a problem_mark, like any YAML error)."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if expanded_size(node) > max_nodes:
            raise ComposerError(
                None, None,
                f"YAML aliases expand to more than {max_nodes} values", node.start_mark,
            )  # fmt: skip
        return loader.construct_document(node)
    finally:
        loader.dispose()
