"""YAML whose aliases cannot explode: `safe_load` builds `*alias` references as shared
objects, so a few hundred bytes ("billion laughs") become a structure that any walk over it
(validation, rendering, JSON) visits billions of times. Tools that dump YAML emit aliases
for repeated objects, so aliases are allowed, but the document's expanded size (every
alias counted as a copy of what it names) is capped before anything is constructed.

Both directions use libyaml when PyYAML was built with it (its wheels are): the same safe
loader and dumper, several times faster on the many small frontmatters a 1,000-experiment
portfolio reads and writes (HC4, HC5, HC10). Reading, a flat document (`key: word` lines)
needs no parser and an alias-free tree of plain values no PyYAML constructor: both give what
`safe_load` gives, anything else goes through PyYAML (docs/decisions/2200)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

import yaml
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.core.files import FileReadError, read_bytes
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

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


# libyaml's parser (shipped in PyYAML's wheels) builds the same nodes as the pure-Python
# one about ten times faster; construction is the same SafeConstructor either way. A text
# it refuses is parsed again by the pure-Python loader, so every error keeps its wording.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_NOT_PLAIN: Any = object()
_STR: Final = "tag:yaml.org,2002:str"
_SEQ: Final = "tag:yaml.org,2002:seq"
_MAP: Final = "tag:yaml.org,2002:map"
# Scalar tags whose safe constructor reads only the scalar's text (no state, no children).
_SCALARS: Final = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "null", "bool", "int", "float", "timestamp")
)
_DEPTH: Final = 64


def _plain(loader: Any, node: Node, depth: int) -> Any:
    """What `construct_document` builds from an alias-free tree of str-keyed maps, lists
    and the plain scalar types, or `_NOT_PLAIN` for anything else (merge keys, sets,
    binary, unknown tags, deep nesting): those go through PyYAML's constructor. Each scalar
    is built by the same SafeConstructor method; maps keep PyYAML's order and its last
    value for a repeated key. Why: PyYAML's construction (generators, per-node state) is
    about half of reading a small frontmatter."""
    if isinstance(node, ScalarNode):
        if node.tag == _STR:
            return node.value
        if node.tag in _SCALARS:
            return loader.yaml_constructors[node.tag](loader, node)
        return _NOT_PLAIN
    if depth >= _DEPTH:
        return _NOT_PLAIN
    if isinstance(node, MappingNode) and node.tag == _MAP:
        data: dict[str, Any] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag != _STR:
                return _NOT_PLAIN
            item = _plain(loader, value, depth + 1)
            if item is _NOT_PLAIN:
                return _NOT_PLAIN
            data[key.value] = item
        return data
    if isinstance(node, SequenceNode) and node.tag == _SEQ:
        items = []
        for value in node.value:
            item = _plain(loader, value, depth + 1)
            if item is _NOT_PLAIN:
                return _NOT_PLAIN
            items.append(item)
        return items
    return _NOT_PLAIN


def safe_dump(data: Any, **kwargs: Any) -> str:
    """`yaml.safe_dump` (plain data only), through libyaml when available."""
    return str(yaml.dump(data, Dumper=_DUMPER, **kwargs))


# A flat document: every line `key: value`, the key a word, the value one simple word or a
# flow list of them (`[]`, `[noah]`, `[a, b]`). A simple word (ASCII letters, digits and
# `_ . / -`, starting with a letter or digit) is a plain scalar in any context: no quote,
# space, colon, `#` or flow indicator to read, so its meaning is only its resolver's tag.
_WORD: Final = r"[A-Za-z0-9][A-Za-z0-9_./-]*"
# A key at most 128 characters: YAML refuses an implicit key past 1,024, and a longer one
# is left to PyYAML, which says so.
_KEY: Final = r"[A-Za-z0-9][A-Za-z0-9_./-]{0,127}"
_FLAT_LINE: Final = re.compile(rf"({_KEY}): (?:({_WORD})|\[((?:{_WORD}(?:, {_WORD})*)?)\])")
_RESOLVER: Final = Resolver()  # the safe loaders' resolver (no state but path resolvers)
_SCALAR: Final = SafeConstructor()  # its scalar methods read only the node's text


def _word(value: str) -> Any:
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
    if tag == _STR:
        return value
    return _SCALAR.yaml_constructors[tag](_SCALAR, ScalarNode(tag, value))


def _flat(text: str) -> Any:
    """What `yaml.safe_load` reads from a flat document, or `_NOT_PLAIN` for any other
    text (a nested value, a quote, a comment, a blank line, a key that is not a string, a
    value that cannot be built): those are parsed by PyYAML."""
    data: dict[str, Any] = {}
    try:
        for line in text.split("\n"):
            m = _FLAT_LINE.fullmatch(line)
            if m is None:
                return _NOT_PLAIN
            key, word, items = m.groups()
            if _RESOLVER.resolve(ScalarNode, key, (True, False)) != _STR:
                return _NOT_PLAIN
            if word is not None:
                data[key] = _word(word)
            else:
                data[key] = [_word(w) for w in items.split(", ")] if items else []
    except Exception:  # noqa: BLE001 - PyYAML's own reading raises it as before
        return _NOT_PLAIN
    return data


def load(text: str, max_nodes: int = MAX_EXPANDED_NODES) -> Any:
    """`yaml.safe_load`, refusing documents whose aliases expand past `max_nodes` values
    (yaml.YAMLError with a problem_mark, like any YAML error)."""
    if len(text) * 4 < max_nodes:  # (under the node cap, as for any alias-free text)
        flat = _flat(text)
        if flat is not _NOT_PLAIN:
            return flat
    if _FAST_LOADER is not None:
        try:
            return _load(_FAST_LOADER, text, max_nodes)
        except yaml.YAMLError:
            pass  # the same refusal, worded as it always was
    return _load(yaml.SafeLoader, text, max_nodes)


def _load(kind: Any, text: str, max_nodes: int) -> Any:
    loader = kind(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        # Without an alias (`*name`) every node is written out, and YAML cannot write more
        # than three per character ("[?,?]"): a text under a quarter of the cap cannot
        # exceed it (every frontmatter of a portfolio), so its nodes need not be counted.
        if ("*" in text or len(text) * 4 >= max_nodes) and expanded_size(node) > max_nodes:
            raise ComposerError(
                None, None,
                f"YAML aliases expand to more than {max_nodes} values", node.start_mark,
            )  # fmt: skip
        if "*" not in text:  # no alias: the nodes form a tree, every value built once
            try:
                plain = _plain(loader, node, 0)
            except Exception:  # noqa: BLE001 - PyYAML's own construction raises it as before
                plain = _NOT_PLAIN
            if plain is not _NOT_PLAIN:
                return plain
        try:
            return loader.construct_document(node)
        except (ValueError, OverflowError) as exc:
            # A scalar the resolver typed but cannot build ("2026-02-30" as a date): a YAML
            # mistake like any other, not an internal error.
            raise ConstructorError(None, None, str(exc), None) from None
    finally:
        loader.dispose()


def read_file(path: Path, what: str = "config") -> Any:
    """A YAML file a user gave us (a config, a sidecar, observability.yaml): a regular file
    under its size cap, aliases capped, every problem one ConfigError line naming the file."""
    if not path.exists():
        raise ConfigError(f"{path}: {what} file not found")
    try:
        return load(read_bytes(path, "config").decode("utf-8-sig"))
    except FileReadError as exc:
        raise ConfigError(str(exc)) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a text file (expected YAML)") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None)
        raise ConfigError(
            f"{path}: invalid YAML{where}" + (f": {problem}" if problem else "")
        ) from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid YAML: nested too deeply") from None


# What `safe_dump` writes unquoted or in single quotes, character for character: ASCII
# letters, digits, '_', '.', '/', '-', not starting with an indicator ('-', '.': "---",
# "...", "-x") and never empty (docs/decisions/2100-hc10-frontmatter-without-pyyaml.md).
_DUMPED_PLAIN: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")


def plain_scalar(text: str) -> str | None:
    """`text` as `safe_dump` writes a simple value, or None when it is not provably simple.
    A simple text the resolver reads back as a string ("exp-1") stays plain; one it would
    read as something else ("2026-03-02", "yes", "null", "1_000", "0x1f") is single-quoted
    (it holds no quote to double)."""
    if not _DUMPED_PLAIN.fullmatch(text):
        return None
    if _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR:
        return text
    return f"'{text}'"
