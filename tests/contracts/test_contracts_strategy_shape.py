"""Judging sentences by their digit shape (decision 2040) never changes a verdict.

The strategy detector judges `shape(s)` (every ASCII digit written as 0, except one right
after "hc") and the HC5 validator reuses one verdict for every text of the same shape. That
is only sound while no rule reads which digit is where: the rules are walked for digit
literals, then every sentence of the guard corpora and the contract fixtures is judged
both ways, with its digits changed, and whole texts are compared with a memo-free
reference (examples here; generated reports in tests/graphs/test_strategy_shape_reports.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from vortex_pulse.contracts import advice_grammar, strategy
from vortex_pulse.contracts.strategy import (
    StrategyFinding,
    StrategyMemo,
    classify,
    find_strategy,
    judge,
    read,
    shape,
    split_sentences,
)

try:  # Python 3.11 keeps the regex parser under re._parser; older ones as sre_parse
    import re._constants as sre_constants  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parents[2]
CORPORA = Path(__file__).resolve().parent / "corpus"
DIGITS = frozenset(range(ord("0"), ord("9") + 1))


def _patterns(value: Any, name: str) -> Iterator[tuple[str, re.Pattern[str]]]:
    if isinstance(value, re.Pattern):
        yield name, value
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _patterns(v, f"{name}[{i}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _patterns(v, f"{name}[{k!r}]")


def rules() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern the detector and the sentence splitter use."""
    found: dict[str, re.Pattern[str]] = {}
    for module in (strategy, advice_grammar):
        for key, value in vars(module).items():
            found |= dict(_patterns(value, f"{module.__name__.rsplit('.', 1)[-1]}.{key}"))
    return found


def _digit_literals(tree: Any, out: list[str]) -> None:
    """Literal digits and digit ranges that do not cover 0-9, anywhere in a parsed regex."""
    c = sre_constants
    for op, av in tree:
        if op in (c.LITERAL, c.NOT_LITERAL) and av in DIGITS:
            out.append(chr(av))
        elif op is c.IN:
            for o, a in av:
                if o is c.LITERAL and a in DIGITS:
                    out.append(chr(a))
                elif o is c.RANGE and DIGITS & set(range(a[0], a[1] + 1)) not in (set(), DIGITS):
                    out.append(f"{chr(a[0])}-{chr(a[1])}")
        elif op is c.BRANCH:
            for branch in av[1]:
                _digit_literals(branch, out)
        elif op is c.SUBPATTERN:
            _digit_literals(av[-1], out)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
            _digit_literals(av[2], out)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            _digit_literals(av[1], out)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            _digit_literals(av, out)
        elif op is c.GROUPREF_EXISTS:
            _digit_literals(av[1], out)
            if av[2] is not None:
                _digit_literals(av[2], out)


def test_no_rule_reads_a_digit_except_the_hc4_of_attributed_text() -> None:
    found = {}
    for name, pattern in rules().items():
        out: list[str] = []
        _digit_literals(sre_parse.parse(pattern.pattern, pattern.flags), out)
        if out:
            found[name] = out
    assert len(rules()) > 40  # the walk sees the rules (strategy, grammar, per language)
    # The only digit any rule names is the 4 of "hc4", which `shape` keeps (after "hc").
    assert found == {"advice_grammar._REPORTED": ["4"]}
    assert "(?:hc4|" in advice_grammar._REPORTED.pattern


def test_the_walk_would_see_a_digit_rule() -> None:
    out: list[str] = []
    _digit_literals(sre_parse.parse(r"\bp(?:9[59]|[1-3]\d)\b|x[0-9]"), out)
    assert out == ["9", "5", "9", "1-3"]


def test_shape_keeps_the_digit_of_a_contract_name_and_nothing_else() -> None:
    assert shape("**Experiment 017**: 41.5% since 2026-03-01 (HC4, hc5, Hc10)") == (
        "Experiment 000: 00.0% since 0000-00-00 (HC4, hc5, Hc10)"
    )
    # Why it must keep it: the HC4's own words are attributed text, an HC5's are not.
    assert classify("As the HC4 says the team should cut the budget.") is None
    assert classify("As the HC5 says the team should cut the budget.") == "resource allocation"
    assert classify("As the ＨＣ4 says the team should cut the budget.") is None  # NFKC first
    assert classify("As the HC**4** says the team should cut the budget.") is None


def _texts() -> list[str]:
    out: list[str] = []
    for name in ("strategy_corpus", "strategy_holdout_2", "strategy_holdout_3"):
        data = yaml.safe_load((CORPORA / f"{name}.yaml").read_text("utf-8"))
        out += [x["text"] for rows in data.values() for x in rows]
    for folder in (REPO / "tests" / "fixtures" / "contracts", REPO / "examples"):
        out += [p.read_text("utf-8") for p in sorted(folder.rglob("*.md"))]
    return out


TEXTS = _texts()
SENTENCES = sorted({s for t in TEXTS for s in [t, *split_sentences(t)]})
_ROTATE = [str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10)))
           for k in range(1, 10)]  # fmt: skip


def _other_digits(sentence: str, k: int) -> str:
    """`sentence` with every digit `shape` masks turned into another digit."""
    return re.sub(r"(?<!hc)[0-9]", lambda m: m.group(0).translate(_ROTATE[k]), sentence, flags=re.I)


def test_the_corpora_have_sentences_with_digits_and_strategy() -> None:
    assert len(SENTENCES) > 1200
    assert sum(bool(re.search(r"[0-9]", s)) for s in SENTENCES) > 500
    assert sum(judge(read(s)) is not None for s in SENTENCES) > 200


def test_every_sentence_gets_the_same_verdict_from_its_shape() -> None:
    differ = [s for s in SENTENCES if judge(read(s)) != judge(shape(s))]
    assert differ == []


def test_every_sentence_gets_the_same_verdict_with_other_digits() -> None:
    with_digits = [s for s in SENTENCES if re.search(r"[0-9]", s)]
    differ = [
        (s, k)
        for s in with_digits
        for k in (0, 4, 8)
        if judge(read(_other_digits(s, k))) != judge(read(s))
    ]
    assert differ == []


def reference(text: str) -> list[StrategyFinding]:
    """`find_strategy` without shapes or memo: every sentence read and judged as it is."""
    out = []
    for s in split_sentences(text):
        reason = judge(read(s))
        if reason is not None:
            out.append(StrategyFinding(sentence=s.strip(), reason=reason))
    return out


def test_memo_and_find_strategy_match_the_reference_on_every_text() -> None:
    memo = StrategyMemo()
    for text in TEXTS:
        expected = reference(text)
        assert memo.find(text) == expected
        assert find_strategy(text) == expected
        other = _other_digits(text, 2)  # same shape: answered from the memo
        assert memo.find(other) == reference(other)


def test_plain_characters_are_their_own_nfkc_form_in_any_pair() -> None:
    plain = [chr(i) for i in range(128) if chr(i) not in "*_"] + list("—–‘’“”")
    assert all(not strategy._NOT_PLAIN.search(c) for c in plain)
    assert strategy._NOT_PLAIN.search("*") and strategy._NOT_PLAIN.search("_")
    assert strategy._NOT_PLAIN.search("é") and strategy._NOT_PLAIN.search("ｈ")
    for a in plain:
        for b in plain:
            assert unicodedata.normalize("NFKC", a + b) == a + b


# Texts built from the pieces that could break the shortcut: contract names, markup the
# rules remove, full-width letters and digits, quotes, enumerators, sentence ends, advice.
_PIECES = [
    "HC", "hc", "Hc", "ＨＣ", "ｈ", "４", "4", "5", "0", "17", "41.5%", "2026-03-01", "**",
    "__", "_", "*", "—", "’", '"', "“", "”", "`", "(1) ", "1. ", "- ", "#", " ", " ", " ",
    "\n", ". ", "; ", "? ", " | ", "<br>", ":", ",", "as the ", " says ", "according to ",
    "the team should ", "we ", "cut the budget", "roll it back", "pause ", "Experiment ",
    "exp", "p95 ", "route to Isla", "should be paused", "Stop ", "vs. ", "e.g. ", "é",
    "As the HC4 says the team should cut ", "As the HC",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=25).map("".join),
    st.lists(st.sampled_from("0123456789"), min_size=1, max_size=8),
)
def test_texts_of_one_shape_share_verdicts_only_when_they_may(text: str, digits: list[str]) -> None:
    # Another text with every ASCII digit changed (those after "hc" too): the memo, having
    # judged `text`, must answer exactly what a fresh reading of the other text gives.
    it = iter(digits * 64)
    other = re.sub(r"[0-9]", lambda m: next(it), text)
    memo = StrategyMemo()
    assert memo.find(text) == reference(text)
    assert memo.find(other) == reference(other)
    assert memo.verdict(other) == judge(read(other))


@pytest.mark.parametrize(
    "text",
    [
        "As the HC4 says the team should cut the budget.",
        "As the HC**4** says the team should cut the budget.",
        "As the ＨＣ4 says the team should cut the budget.",
    ],
)
def test_a_contract_digit_is_never_shared_across_texts(text: str) -> None:
    memo = StrategyMemo()
    assert memo.find(text) == []
    changed = text.replace("4", "5")
    assert [f.reason for f in memo.find(changed)] == ["resource allocation"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["hc", "HC", "hC", "h", "c", "C", "4", "0", "9", " ", "ｈ", "é",
                                 "1", "5", "8", "٣", "\x7f", "~", "—", "“", "\ud800", "\udc00",
                                 "😀", "\x80"]))
       .map("".join))  # fmt: skip
def test_the_quick_digit_mask_is_the_rule(text: str) -> None:
    assert strategy._zeros(text) == strategy._DIGIT.sub("0", text)


def test_the_quick_digit_mask_is_the_rule_on_the_corpora() -> None:
    assert all(strategy._zeros(t) == strategy._DIGIT.sub("0", t) for t in TEXTS + SENTENCES)
