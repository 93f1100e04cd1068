"""The guards on model text: which numbers, dates and sentences pass, and why."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vortex_pulse.agents.llm.guards import (
    MAX_CHARS,
    Allowed,
    allowed_from,
    check_field,
    check_max_brief,
    check_numbers,
    check_shape,
    check_strategy,
    dates_in,
    numbers_in,
)

from tests.support.llm_fakes import sample_input

SHEET = {
    "metrics": [
        {
            "name": "Action rate",
            "observed": 48.2,
            "gap_relative": -0.2,
            "samples": 1234,
            "breach_hours": 36.0,
            "change_point": "2026-03-05T06:00:00Z",
            "completeness": 0.98,
            "expected": {"low": 60.0, "high": 75.0},
        }
    ],
    "anomalies": [{"segment": "ages 25-34", "description": "drop of 12.5 points"}],
    "fraction": 0.482,
}
ALLOWED = allowed_from(SHEET)


def bad_numbers(text: str) -> list[str]:
    return [w.text for w in numbers_in(text) if not ALLOWED.has_number(w)]


@pytest.mark.parametrize(
    "text",
    [
        "Action rate is 48.2%.",
        "Action rate is about 48%.",  # rounded, two significant digits kept
        "0.482 as a share is 48.2%.",  # fraction <-> percent
        "It sits 20% below the band.",  # |gap_relative| x 100
        "The gap is -20%.",  # a written minus matches a negative fact
        "There are 1,234 samples.",  # thousands separator
        "About 1,200 samples were seen.",  # rounding to hundreds keeps two digits
        "The breach has lasted 36 hours, 1.5 days.",  # hours -> days
        "Expected 60-75%.",  # a range: the dash is not a minus
        "Users aged 25-34 drop 12.5 points.",  # numbers inside sheet strings
        "The p95 latency and HC5 report.",  # digits glued to letters are names
        "(1) first point (2) second point",  # list markers
        "1. first line\n2. second line",
        "A change point on 2026-03-05.",
        "It started on 5 March 2026.",  # parts of a fact-sheet date
    ],
)
def test_numbers_from_the_sheet_pass(text: str) -> None:
    assert bad_numbers(text) == []
    assert check_numbers("f", text, ALLOWED) == []


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Action rate is 37.5%.", ["37.5"]),  # invented
        ("Action rate is about 50%.", ["50"]),  # 48.2 -> 50 drops to one digit: not rounding
        ("Roughly 0.5 of users act.", ["0.5"]),
        ("Completeness is 100%.", ["100"]),  # 98 -> 100 is not a rounding we accept
        ("The gap is -48.2%.", ["-48.2"]),  # the minus makes it another fact
        ("Roughly 1,000,000 users.", ["1,000,000"]),
        ("A 4x jump over 7 days.", ["4", "7"]),
    ],
)
def test_invented_numbers_are_named(text: str, bad: list[str]) -> None:
    assert bad_numbers(text) == bad
    (v,) = check_numbers("signal_summary", text, ALLOWED)
    assert v.kind == "numbers" and v.field == "signal_summary"
    assert all(b in v.detail for b in bad)


def test_dates_must_be_sheet_dates() -> None:
    assert dates_in("from 2026-03-05T06:00:00Z to 2026-03-09") == ["2026-03-05", "2026-03-09"]
    (v,) = check_numbers("f", "The shift began on 2026-03-09.", ALLOWED)
    assert v.kind == "dates" and "2026-03-09" in v.detail
    # a date's digits are not read as numbers 2026, 03, 09
    assert numbers_in("on 2026-03-09") == []


def test_written_precision() -> None:
    (w,) = numbers_in("1,200")
    assert (w.value, w.decimals, w.significant) == (1200, -2, 2)
    (w,) = numbers_in("0.50")
    assert (w.decimals, w.significant) == (2, 2)
    (w,) = numbers_in("\u221212.5")  # unicode minus
    assert w.negative and w.value == 12.5


def test_strategy_sentences_are_rejected() -> None:
    text = "Action rate is 48.2%. The team should pivot the onboarding flow."
    (v,) = check_strategy("potential_explanations", text)
    assert v.kind == "strategy" and "pivot" in v.detail
    assert check_strategy("f", "Action rate is 48.2%, below the expected 60-75%.") == []


def test_shape_and_length() -> None:
    assert [v.kind for v in check_shape("signal_summary", "")] == ["schema"]
    assert [v.kind for v in check_shape("signal_summary", None)] == ["schema"]
    long = "word " * (MAX_CHARS["signal_summary"] // 5 + 1)
    assert [v.kind for v in check_shape("signal_summary", long)] == ["length"]
    assert [v.kind for v in check_shape("f", "Fine.\n## Recommendations\nMore.")] == ["schema"]
    assert [v.kind for v in check_shape("f", "| a | b |")] == ["schema"]
    assert check_shape("f", "Plain sentence with 48.2%.") == []
    # the HC5 Signal Summary is one sentence; other fields may hold several
    two = "Action rate fell to 48.2%. It keeps falling."
    assert [v.detail for v in check_shape("signal_summary", two)] == ["more than one sentence"]
    assert check_shape("actual_vs_expected", two) == []
    assert check_shape("signal_summary", "Rate is 48.2% (vs. 60%); trajectory Degrading.") == []


def test_check_field_runs_every_guard() -> None:
    text = "Action rate fell to 37.5% on 2026-03-09, so we recommend a rollback."
    kinds = sorted(v.kind for v in check_field("signal_summary", text, ALLOWED))
    assert kinds == ["dates", "numbers", "strategy"]


def test_max_brief_may_carry_strategy_but_not_invented_numbers() -> None:
    facts = sample_input().facts
    brief = (
        "CHANGE: Onboarding checklist action rate 48.2% is below 60-75% since 2026-03-05;"
        " pivot the onboarding flow. Brief of 2026-03-23."
    )
    assert check_max_brief(brief, facts, report_date="2026-03-23") == []
    (v,) = check_max_brief("CHANGE: action rate fell to 41%; pivot.", facts)
    assert v.field == "max_brief" and "41" in v.detail


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("20% below the band", True),  # 19.67 -> 20: one significant digit but within 2%
        ("19.7% below the band", True),
        ("19% below the band", False),  # more than half a unit away
        ("25% below the band", False),
    ],
)
def test_rounding_of_a_relative_gap(text: str, ok: bool) -> None:
    allowed = allowed_from({"gap_relative": -0.1967})
    assert (check_numbers("f", text, allowed) == []) is ok


def test_one_digit_roundings_need_to_be_close() -> None:
    allowed = allowed_from({"completeness": 0.98, "observed": 48.2})
    # 98 -> 100 is 2.04% off: rejected; 48.2 -> 50 is 3.7% off: rejected
    assert bad_texts(allowed, ["100%", "50%", "48%", "98%"]) == ["100%", "50%"]


def bad_texts(allowed: Allowed, texts: list[str]) -> list[str]:
    return [t for t in texts if check_numbers("f", t, allowed)]


def sig3(v: float) -> str:
    """v rounded to three significant digits, written with thousands separators."""
    d = Decimal(repr(v))
    return f"{d.quantize(Decimal(1).scaleb(d.adjusted() - 2)):,f}"


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0.001, max_value=1e7, allow_nan=False, allow_infinity=False))
def test_any_fact_rounded_to_three_digits_passes_and_a_ten_percent_lie_fails(v: float) -> None:
    allowed = allowed_from({"observed": v})
    assert check_numbers("f", f"observed {sig3(v)}", allowed) == []
    assert check_numbers("f", f"observed {sig3(v * 1.1)}", allowed) != []
    assert check_numbers("f", f"observed {sig3(v * 0.9)}", allowed) != []


def test_counts_are_never_rescaled() -> None:
    allowed = allowed_from(
        {"metric_count": 1, "count_by_priority": {"P1": 1, "P2": 3}, "samples": 5}
    )
    assert bad_texts(allowed, ["1 metric", "3 at P2", "5 samples", "100%", "300%", "0.05"]) == [
        "100%",
        "300%",
        "0.05",
    ]
