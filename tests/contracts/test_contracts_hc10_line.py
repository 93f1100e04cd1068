"""`line` (headings and focus questions on one line) skips its substitution for printable
texts without a double space: that must give what the substitution gives."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from vortex_pulse.contracts.hc5_render import line


def _substituted(value: object) -> str:
    return re.sub(r"\s+", " ", "" if value is None else str(value)).strip()


def test_the_only_printable_character_spaces_match_is_the_ascii_space() -> None:
    spaces = re.compile(r"\s")
    for c in range(sys.maxunicode + 1):
        char = chr(c)
        if spaces.match(char) and char != " ":
            assert not char.isprintable(), hex(c)


_texts = st.lists(
    st.one_of(
        st.sampled_from([" ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u2028", "\x1c", "\x85", "x"]),
        st.text(max_size=5),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=_texts)
def test_line_is_the_substitution(text: str) -> None:
    assert line(text) == _substituted(text)


def test_values_other_than_text() -> None:
    for value in (None, 3, 1.5, " a  b ", "What changed\nfor users?"):
        assert line(value) == _substituted(value)
