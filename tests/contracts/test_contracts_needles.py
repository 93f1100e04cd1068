"""A rule runs only on a text holding one of its needles, and that never changes an answer
(contracts/needles.py, decision 2221).

`needles(p)` must be a set of strings one of which every match contains. Held three ways:
small patterns with known answers (each construct the reading handles or must skip),
texts generated from every needled strategy rule by Hypothesis (each one matches the rule,
so it must hold a needle), and every guard-corpus and fixture sentence lowercased.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vortex_pulse.contracts import advice_grammar, strategy
from vortex_pulse.contracts.needles import Needled, _minimal, needled, needles
from vortex_pulse.contracts.strategy import read

from tests.contracts.test_contracts_strategy_shape import SENTENCES, TEXTS


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"abc", {"abc"}),
        (r"\bfoo\s+bar\b", {"foo"}),  # the longest shortest string; either run would do
        (r"\b(?:we|you)\s+(?:should|must)\b", {"should", "must"}),
        (r"x(?:ab|abc)", {"xab"}),  # the parser factors the common prefix; "xabc" holds "xab"
        (r"h[oö]r", {"hor"}),  # a small class spells the run both ways; "hör" is not ASCII
        (r"(?:foo)+bar", {"foo"}),  # a repeat taken at least once is read; ties keep the first
        (r"a(?:foo)*b", {"a"}),  # a repeat that may be skipped gives nothing
        (r"(?=look)ahead", {"ahead"}),  # lookarounds are skipped, never read
        (r"^(?:停止|关闭)", frozenset()),  # no ASCII text can match
        (r"\w+\s\d", None),  # nothing literal
        (r"foo|\w+", None),  # one branch without a needle: no set
    ],
)
def test_needles_of_small_patterns(pattern: str, expected: set[str] | None) -> None:
    found = needles(re.compile(pattern), plain=advice_grammar.CASELESS)
    assert found == (None if expected is None else frozenset(expected))


def test_a_case_insensitive_pattern_has_no_needles() -> None:
    assert needles(re.compile("abc", re.IGNORECASE), plain=advice_grammar.CASELESS) is None


def test_every_needle_is_kept_for_any_text() -> None:
    assert needles(re.compile("h[oö]r")) == frozenset({"hor", "hör"})


def test_needled_answers_as_the_rule_does() -> None:
    rule = needled(re.compile(r"\b(?:we|you)\s+should\b"), plain=advice_grammar.CASELESS)
    assert isinstance(rule, Needled)
    assert rule.search("so we should go") and not rule.search("we could go")
    assert rule.match("you should") and not rule.match("so you should")
    # Anchored patterns are cheap already: left as they are.
    assert not isinstance(
        needled(re.compile(r"^we should"), plain=advice_grammar.CASELESS), Needled
    )


def _needled_rules() -> Iterator[tuple[str, Needled]]:
    def walk(value: Any, name: str) -> Iterator[tuple[str, Needled]]:
        if isinstance(value, Needled):
            yield name, value
        elif isinstance(value, list | tuple):
            for i, v in enumerate(value):
                yield from walk(v, f"{name}[{i}]")
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from walk(v, f"{name}[{k}]")

    for rules in (strategy._lowercase_plain(), advice_grammar.lowercase_plain()):
        for key, value in vars(rules).items():
            yield from walk(value, key)


NEEDLED = dict(_needled_rules())


def test_most_rules_are_needled() -> None:
    assert len(NEEDLED) > 25
    assert "implicit" in NEEDLED and "other_advice" in NEEDLED


def test_every_lowercased_corpus_sentence_matched_by_a_rule_holds_its_needle() -> None:
    texts = [
        t.lower()
        for t in {read(s) for s in SENTENCES} | set(TEXTS)
        if advice_grammar.caseless_plain(t)
    ]
    matched = 0
    for name, rule in NEEDLED.items():
        for text in texts:
            if rule.rule.search(text):
                matched += 1
                assert any(n in text for n in rule.needles), (name, text)
            assert bool(rule.search(text)) == bool(rule.rule.search(text))
    assert matched > 500  # the corpora exercise the rules, not only their misses


_PLAIN = st.sampled_from([chr(i) for i in range(128)] + list(advice_grammar.CASELESS))


@pytest.mark.parametrize("name", sorted(NEEDLED))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_text_a_rule_matches_holds_one_of_its_needles(name: str, data: Any) -> None:
    rule = NEEDLED[name]
    if not rule.needles:  # no plain text can match it (Chinese, Japanese): try any text
        text = data.draw(st.from_regex(rule.rule))
        assert rule.rule.search(text) and not advice_grammar.caseless_plain(text)
        return
    text = data.draw(st.from_regex(rule.rule, alphabet=_PLAIN))
    assert rule.rule.search(text)
    assert any(n in text for n in rule.needles)
    assert rule.search(text)


@settings(max_examples=300, deadline=None)
@given(st.sets(st.text(alphabet="abc", max_size=4), max_size=12))
def test_the_minimal_set_drops_exactly_the_strings_holding_another(found: set[str]) -> None:
    expected = {s for s in found if not any(t != s and t in s for t in found)}
    assert _minimal(found) == expected
