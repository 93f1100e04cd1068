"""The sentence splitter and the reader skip regex work that cannot change their result
(decision 2222): both are compared with their plain forms on every corpus text and on
texts built from abbreviations, markup and quotes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from vortex_pulse.contracts import strategy
from vortex_pulse.contracts.strategy import split_sentences

from tests.contracts.test_contracts_strategy_shape import SENTENCES, TEXTS

try:  # Python 3.11 keeps the regex parser under re._parser; older ones as sre_parse
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]


def plain_split(text: str) -> list[str]:
    """`split_sentences` searching the whole buffer for an abbreviation."""
    sentences: list[str] = []
    buf = ""
    for piece in strategy._SPLIT.split(text):
        if not piece or not piece.strip():
            continue
        buf = f"{buf} {piece}" if buf else piece
        if strategy._ABBREV.search(buf.rstrip()):
            continue
        sentences.append(buf.strip())
        buf = ""
    if buf.strip():
        sentences.append(buf.strip())
    return sentences


def plain_clean(sentence: str) -> str:
    """`_clean` running every substitution."""
    s = strategy._MARKUP.sub("", sentence).strip()
    s = strategy._ENUMERATOR.sub("", s)
    s = strategy._QUOTED.sub('""', s)
    return s.strip(" \t|").strip()


def test_an_abbreviation_match_is_no_wider_than_the_searched_tail() -> None:
    parsed = sre_parse.parse(strategy._ABBREV.pattern, strategy._ABBREV.flags)
    assert parsed.getwidth()[1] <= strategy._ABBREV_WIDTH


def test_the_corpora_split_and_read_as_before() -> None:
    assert all(split_sentences(t) == plain_split(t) for t in TEXTS)
    assert all(strategy._clean(s) == plain_clean(s) for s in SENTENCES + TEXTS)


_PIECES = [
    "vs.", "e.g.", "i.e.", "approx.", "Approx.", "xapprox.", "p.", "no.", "No.", "st.", " ",
    "  ", "\n", ". ", "; ", "? ", "! ", "(2) ", " | ", "<br>", "**", "__", "_", "*", "#", "# ",
    '"', "“", "”", "«", "»", "`", "1. ", "- ", "a) ", "word", "Word", "ca.", "etc.", "0.01",
    "é", "—", "\t",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=20).map("".join))
def test_built_texts_split_and_read_as_before(text: str) -> None:
    assert split_sentences(text) == plain_split(text)
    assert strategy._clean(text) == plain_clean(text)
