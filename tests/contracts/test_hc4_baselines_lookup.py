"""The two lookups the baseline extractor makes per statement (contracts/hc4_baselines):
which known metric a name means, and which line a quoted snippet came from."""

from __future__ import annotations

from vortex_pulse.contracts.hc4_baselines import _Lines, match_metric


def test_the_closest_name_wins_and_a_tie_matches_nothing() -> None:
    known = ["checkout conversion rate", "conversion", "p95 latency"]
    assert match_metric("Checkout conversion", known) == "checkout conversion rate"
    assert match_metric("error rate", known) is None
    assert match_metric("conversion rate", ["conversion rate x", "conversion rate y"]) is None


def test_a_name_listed_twice_ties_with_itself() -> None:
    # The extractor passes every earlier statement's metric, repeats included: a repeated
    # name is ambiguous, and the caller keeps the name as written.
    assert match_metric("checkout conversion", ["Checkout conversion"]) == "Checkout conversion"
    assert match_metric("checkout conversion", ["Checkout conversion"] * 2) is None


LINES = [
    "---",
    "**Metric:** checkout *conversion* stays 3.8-4.6%",
    "| Errors | <1% |",
    "checkout conversion again",
    "",
]


def test_a_snippet_is_found_on_the_first_line_from_its_start_emphasis_aside() -> None:
    lines = _Lines(LINES)
    assert lines.find("checkout conversion", 99) == 2
    assert lines.find("checkout conversion", 99, start=3) == 4
    assert lines.find("**Errors** | <1%", 99) == 3
    assert lines.find("not there", 99) == 99
    assert lines.find("Errors\nchecko", 99) == 99  # no line holds a newline
    assert lines.find("checkout", 99, start=9) == 99
    assert lines.find("", 99) == 99
