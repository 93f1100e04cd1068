"""The HC4 reader's cheap tests before a regex (decision 2201) never skip a match: whenever
the regex would match, the precheck lets it run."""

from __future__ import annotations

import random

from vortex_pulse.contracts.hc4 import _SCOPE_WORDS, _may_name_scope, _scope_part, read_hc4
from vortex_pulse.contracts.markdown import may_contain, strip_emphasis

PIECES = ["traffic", "TRAFFIC", "roll", "out", "rollout", "roll-out", "rolled", " ", "reach",
          "audience", "%", " of ", "users", "sessions", "all", "market", "regions", "launch",
          "ed", " to ", "available", "*", "**", "_", "__", "|", " | ", "40", "k", "i", "s",
          "\u0131", "\u0130", "\u017f", "\u212a", "é", "\n"]  # fmt: skip


PHRASES = ["traffic", "rollout", "roll-out", "rolled out", "reach", "audience", "% of users",
           "% of traffic", "% of sessions", "all users", "markets", "region", "launched to",
           "launch to", "available to"]  # fmt: skip
FOLD = {"i": "\u0131", "I": "\u0130", "s": "\u017f", "k": "\u212a"}


def _mangled(rng: random.Random, phrase: str) -> str:
    """The phrase with random case, folded letters and emphasis markers inside it."""
    out = []
    for ch in phrase:
        ch = ch.upper() if rng.random() < 0.3 else ch
        ch = FOLD.get(ch, ch) if rng.random() < 0.1 else ch
        out.append(ch)
        if rng.random() < 0.15:
            out.append(rng.choice(["**", "__", "*", "_"]))
    return "".join(out)


def test_a_line_with_a_scope_word_is_never_skipped() -> None:
    rng = random.Random(2201)
    found = 0
    for _ in range(20000):
        pieces = [rng.choice(PIECES) for _ in range(rng.randint(0, 4))]
        if rng.random() < 0.7:
            pieces.insert(rng.randint(0, len(pieces)), _mangled(rng, rng.choice(PHRASES)))
        line = "".join(pieces)
        if _SCOPE_WORDS.search(strip_emphasis(line)):
            found += 1
            assert _may_name_scope(line), line
    assert found > 3000


def test_folded_letters_reach_the_regex() -> None:
    # re.IGNORECASE reads the dotless ı as i: "traffıc" is a scope word.
    assert _SCOPE_WORDS.search("traff\u0131c 40%")
    assert _may_name_scope("traff\u0131c 40%")
    assert not may_contain("plain ascii text", ("traffic",))


def test_the_scope_hint_survives_emphasis_inside_a_word() -> None:
    text = "# HC4: X\n\n## 1. Experiment Summary\n\n- Note: roll**out** to 40% of users\n"
    assert _scope_part("roll**out** to 40% of users") == "rollout to 40% of users"
    assert read_hc4(text).scope_hint == "Note: rollout to 40% of users"
