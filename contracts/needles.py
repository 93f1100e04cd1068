"""Strings that every match of a regular expression contains: a provable pre-check.

`needles(pattern)` reads a compiled pattern's parsed form and returns a set of strings
such that any text the pattern matches contains at least one of them, or None when it
cannot tell. `Needled` runs the pattern only on a text holding one: a substring test is
far cheaper than a search that tries each branch of a long alternation at every position.

Sound by construction, for a pattern without re.IGNORECASE (a case-insensitive literal
matches more than itself): a match contains every literal run of a sequence it matches,
one branch of each alternation, and the body of a repeat taken at least once. Lookarounds,
classes and anything else give no string (they are skipped, never guessed). When the
pattern only ever runs on texts of ASCII and a few other characters (`plain`), strings
with any other character are dropped: such a text cannot hold them, so that branch
cannot match (decision 2221).
"""

from __future__ import annotations

import re
from typing import Any, Final, Protocol

try:  # Python 3.11 keeps the regex parser under re._parser; older ones as sre_parse
    import re._constants as _c  # type: ignore[import-not-found,unused-ignore]
    import re._parser as _p  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef,unused-ignore]
    import sre_parse as _p  # type: ignore[no-redef,unused-ignore]

Needles = frozenset[str]
_MOST: Final = 80  # more needles than this and the substring tests cost what the search does
_EXPAND: Final = 4  # a class of at most this many single characters extends a literal run
_RUN_CAP: Final = 16  # at most this many spellings of one literal run


def _best(candidates: list[Needles]) -> Needles | None:
    """The most selective of several sets each of which every match must meet: the
    longest shortest string, then the fewest strings. An empty set means no match."""
    if not candidates:
        return None
    return min(candidates, key=lambda n: (-min(map(len, n), default=1 << 20), len(n)))


def _minimal(found: set[str]) -> Needles:
    """Drop a string that holds another: a text holding it holds the shorter one too.
    Shortest first, so each is compared only with the shorter ones kept (a dropped one
    holds a kept one, which any string holding it holds too)."""
    kept: list[str] = []
    for s in sorted(found, key=len):
        if not any(t in s for t in kept):
            kept.append(s)
    return frozenset(kept)


def _class_chars(av: Any) -> list[str] | None:
    chars = [chr(a) for o, a in av if o is _c.LITERAL]
    if len(chars) != len(av) or len(chars) > _EXPAND:
        return None
    return chars


def _spellable(s: str, plain: str | None) -> bool:
    """`s` can occur in a text of ASCII and the characters of `plain` (None: any text)."""
    return plain is None or all(ch.isascii() or ch in plain for ch in s)


def _sequence(items: Any, plain: str | None) -> Needles | None:
    candidates: list[Needles] = []
    run: set[str] = {""}

    def flush() -> None:
        nonlocal run
        spelled = {s for s in run if s and _spellable(s, plain)}
        if run != {""}:
            candidates.append(_minimal(spelled) if spelled else frozenset())
        run = {""}

    for op, av in items:
        if op is _c.LITERAL:
            run = {s + chr(av) for s in run}
            continue
        chars = _class_chars(av) if op is _c.IN else None
        if chars is not None and len(run) * len(chars) <= _RUN_CAP:
            run = {s + ch for s in run for ch in chars}
            continue
        flush()
        found = _item(op, av, plain)
        if found is not None:
            candidates.append(found)
    flush()
    return _best(candidates)


def _item(op: Any, av: Any, plain: str | None) -> Needles | None:
    if op is _c.SUBPATTERN:
        return None if av[1] or av[2] else _sequence(av[3], plain)
    if op is _c.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            one = _sequence(branch, plain)
            if one is None:
                return None
            found |= one
        return _minimal(found)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        return _sequence(av[2], plain) if av[0] >= 1 else None
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(av, plain)
    return None


def needles(pattern: re.Pattern[str], *, plain: str | None = None) -> Needles | None:
    """Strings one of which every match of `pattern` contains (None: no such set known).
    With `plain`, only for texts of ASCII and the characters of `plain`."""
    return _needles(pattern, _p.parse(pattern.pattern, pattern.flags), plain)


def _needles(pattern: re.Pattern[str], parsed: Any, plain: str | None) -> Needles | None:
    return None if pattern.flags & re.IGNORECASE else _sequence(parsed, plain)


class Rule(Protocol):
    """What the strategy rules call on a pattern: a compiled one, or a `Needled` one."""

    def search(self, s: str) -> re.Match[str] | None: ...

    def match(self, s: str) -> re.Match[str] | None: ...


def needled(pattern: re.Pattern[str], *, plain: str | None = None) -> Rule:
    """`pattern`, behind its needles when that is cheaper: it is not anchored at the start
    (a search then tries one position, already cheap) and has at most `_MOST` needles."""
    parsed = _p.parse(pattern.pattern, pattern.flags)
    if len(parsed) > 0 and parsed[0] == (_c.AT, _c.AT_BEGINNING):
        return pattern
    found = _needles(pattern, parsed, plain)
    if found is None or len(found) > _MOST:
        return pattern
    return Needled(pattern, found)


class Needled:
    """`pattern`'s search and match, run only on a text that holds one of its needles.
    Truthiness is what callers may rely on: without a needle the answer is None."""

    __slots__ = ("needles", "rule")

    def __init__(self, rule: re.Pattern[str], found: Needles) -> None:
        self.rule: Final = rule
        self.needles: Final = tuple(sorted(found, key=len))

    def search(self, s: str) -> re.Match[str] | None:
        for n in self.needles:
            if n in s:
                return self.rule.search(s)
        return None

    def match(self, s: str) -> re.Match[str] | None:
        for n in self.needles:
            if n in s:
                return self.rule.match(s)
        return None
