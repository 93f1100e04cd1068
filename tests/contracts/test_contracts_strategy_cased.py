"""A plain sentence judged lowercased by case-sensitive twins gets the verdict the rules
as written give it (decision 2220).

`judge` lowercases a sentence of ASCII and caseless punctuation (— – ‘ ’ “ ”) and runs each
rule compiled without re.IGNORECASE. That is sound while no rule names a letter such a
text could match only by folding: no ASCII capital, no non-ASCII letter that folds to an
ASCII one (the Kelvin sign, the long s, the dotted capital I), no back-reference. The
rules are walked for those, and every sentence of the guard corpora and contract
fixtures, with its case changed, is judged both ways.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from vortex_pulse.contracts import advice_grammar, strategy
from vortex_pulse.contracts.needles import Needled
from vortex_pulse.contracts.strategy import judge, read

from tests.contracts.test_contracts_strategy_shape import SENTENCES, TEXTS, _patterns

try:  # Python 3.11 keeps the regex parser under re._parser; older ones as sre_parse
    import re._constants as sre_constants  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

PLAIN = "".join(chr(i) for i in range(128)) + advice_grammar.CASELESS


def _unwrapped(value: Any) -> Any:
    """A rule set's value with every `Needled` rule as the pattern it runs."""
    if isinstance(value, Needled):
        return value.rule
    if isinstance(value, list | tuple):
        return type(value)(_unwrapped(v) for v in value)
    if isinstance(value, dict):
        return {k: _unwrapped(v) for k, v in value.items()}
    return value


def _pairs() -> Iterator[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """(name, rule as written, its twin) for every rule `judge` runs."""
    for prefix, written, twins in (
        ("", strategy._ANY_TEXT, strategy._lowercase_plain()),
        ("grammar.", advice_grammar.ANY_TEXT, advice_grammar.lowercase_plain()),
    ):
        for name in vars(written):
            if name == "grammar":
                continue
            for (key, a), (_, b) in zip(
                _patterns(getattr(written, name), name),
                _patterns(_unwrapped(getattr(twins, name)), name),
                strict=True,
            ):
                yield prefix + key, a, b


def _letters(tree: Any, out: list[tuple[str, Any]]) -> None:
    """Every literal, range, back-reference and inline flag group of a parsed regex."""
    c = sre_constants
    for op, av in tree:
        if op in (c.LITERAL, c.NOT_LITERAL):
            out.append(("literal", av))
        elif op is c.IN:
            for o, a in av:
                if o in (c.LITERAL, c.NOT_LITERAL):
                    out.append(("literal", a))
                elif o is c.RANGE:
                    out.append(("range", a))
        elif op is c.BRANCH:
            for branch in av[1]:
                _letters(branch, out)
        elif op is c.SUBPATTERN:
            if av[1] or av[2]:
                out.append(("flags", av))
            _letters(av[-1], out)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
            _letters(av[2], out)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            _letters(av[1], out)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            _letters(av, out)
        elif op in (c.GROUPREF, c.GROUPREF_IGNORE, c.GROUPREF_EXISTS):
            out.append(("back-reference", av))


def _folds_to_plain(ch: str) -> bool:
    """`ch` (not ASCII) matches a character of a plain text other than itself under
    re.IGNORECASE."""
    return re.compile(re.escape(ch), re.IGNORECASE).search(PLAIN.replace(ch, "")) is not None


def _unsound(tree: Any) -> list[Any]:
    out: list[tuple[str, Any]] = []
    _letters(tree, out)
    bad: list[Any] = []
    for kind, av in out:
        if kind == "literal":
            ch = chr(av)
            if ch in string.ascii_uppercase or (not ch.isascii() and _folds_to_plain(ch)):
                bad.append(ch)
        elif kind == "range":
            lo, hi = av
            chars = [chr(i) for i in range(lo, hi + 1)]
            if any(ch in string.ascii_uppercase for ch in chars) or any(
                _folds_to_plain(ch) for ch in chars if not ch.isascii()
            ):
                bad.append(f"{chr(lo)}-{chr(hi)}")
        else:
            bad.append((kind, av))
    return bad


def test_every_twin_is_its_rule_without_ignorecase() -> None:
    pairs = list(_pairs())
    assert len(pairs) > 30  # the walk sees the rules (strategy, grammar, per language)
    for name, rule, twin in pairs:
        assert twin.pattern == rule.pattern, name
        assert twin.flags == rule.flags & ~re.IGNORECASE, name
        if twin is not rule:
            assert rule.flags & re.IGNORECASE, name


def test_the_caseless_characters_have_no_case() -> None:
    for ch in advice_grammar.CASELESS:
        assert ch.lower() == ch == ch.upper() and not _folds_to_plain(ch)
        assert not re.match(r"\w", ch)
    assert advice_grammar.caseless_plain("a — b “c” – ‘d’") and not advice_grammar.caseless_plain(
        "é"
    )


def test_no_rule_names_a_letter_a_plain_text_matches_only_by_folding() -> None:
    found = {}
    for name, rule, _ in _pairs():
        bad = _unsound(sre_parse.parse(rule.pattern, rule.flags))
        if bad:
            found[name] = bad
    assert found == {}


def test_the_walk_would_see_a_capital_or_a_folding_letter() -> None:
    assert _unsound(sre_parse.parse(r"\bHC4\b")) == ["H", "C"]
    assert _unsound(sre_parse.parse("[a-z\u212a]|\u017f|(a)\\1|(?i:x)"))[:2] == ["\u212a", "\u017f"]
    assert _unsound(sre_parse.parse("[A-C]")) == ["A-C"]


def _cases(s: str) -> list[str]:
    return [s, s.upper(), s.lower(), s.swapcase(), s.title()]


def test_every_plain_sentence_gets_the_written_rules_verdict_in_any_case() -> None:
    ascii_sentences = [s for s in SENTENCES if advice_grammar.caseless_plain(read(s))]
    assert len(ascii_sentences) > 1000
    assert sum(judge(read(s)) is not None for s in ascii_sentences) > 100
    differ = [
        v
        for s in ascii_sentences
        for v in _cases(read(s))
        if judge(v) != strategy._ANY_TEXT.judge(v)
    ]
    assert differ == []


def test_whole_texts_too() -> None:
    texts = [read(t) for t in TEXTS if advice_grammar.caseless_plain(read(t))]
    assert len(texts) > 100
    assert [judge(t) for t in texts] == [strategy._ANY_TEXT.judge(t) for t in texts]


_PIECES = [
    "We ", "we ", "WE ", "should ", "Should ", "SHOULD ", "roll it back", "Roll It Back",
    "the team ", "The Team ", "According to the HC4, ", "as the hc4 says ", "cut the budget",
    "Cut ", "pause ", "Pause ", "Debemos ", "deberíamos ", "Wir sollten ", "Il faut ",
    "Let's ", "LET US ", "why not ", "Why Not ", "? ", ". ", ", ", "; ", ": ", "I'd ",
    "Experiment 017 ", "41.5% ", "route to Isla ", "Research ", "monitor ", "would restore ",
    "Rolling back ", "it would be wise to ", "deserves no further investment", "'", '"', "-",
    "K", "k", "S", "s", "I", "i", "x", " ", "—", "–", "‘", "’", "“", "”", "Decision — pivot",
    "Recommendations — ", "é",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join))
def test_built_sentences_get_the_written_rules_verdict(text: str) -> None:
    s = read(text)
    assert judge(s) == strategy._ANY_TEXT.judge(s)
