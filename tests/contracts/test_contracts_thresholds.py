"""Every threshold phrasing people write, read into numbers by hand-computed expectation."""

from __future__ import annotations

import pytest
from vortex_pulse.contracts.thresholds import (
    find_persistence,
    higher_is_better,
    normalize_unit,
    parse_bound,
)

DAY = 86400.0


@pytest.mark.parametrize(
    ("phrase", "op", "value", "unit"),
    [
        ("≥80%", ">=", 80.0, "%"),
        ("<5 min", "<", 5.0, "min"),
        ("≥4/5", ">=", 4.0, "/5"),
        ("at least 4 out of 5", ">=", 4.0, "/5"),
        ("> 10 minutes", ">", 10.0, "min"),
        ("<= 250ms", "<=", 250.0, "ms"),
        ("under 3 s", "<", 3.0, "s"),
        ("below 3.5/5", "<", 3.5, "/5"),
        ("more than 1,200 requests", ">", 1200.0, "count"),
        ("<1/week", "<", 1.0, "per week"),
        (">5 per 100 orders", ">", 5.0, "per 100 orders"),
        ("Action rate <50%: investigate suggestion quality.", "<", 50.0, "%"),
        ("Time-to-action >10 min: investigate timing or relevance.", ">", 10.0, "min"),
        ("Time-to-action over 10 minutes: investigate", ">", 10.0, "min"),
        ("Retention <60% in 4 weeks", "<", 60.0, "%"),
    ],
)
def test_comparisons(phrase: str, op: str, value: float, unit: str) -> None:
    bound = parse_bound(phrase)
    assert bound is not None
    assert (bound.op, bound.value, bound.unit) == (op, value, unit)
    assert bound.low is None and bound.high is None


@pytest.mark.parametrize(
    ("phrase", "low", "high", "unit"),
    [
        ("60-75%", 60.0, 75.0, "%"),
        ("3-8 per engagement", 3.0, 8.0, "per engagement"),
        ("between 150 and 300 ms", 150.0, 300.0, "ms"),
        ("150–300 ms", 150.0, 300.0, "ms"),
        ("2 to 4 per week", 2.0, 4.0, "per week"),
        (
            "Action rate 60-75% (lower than concierge due to algorithm vs. human curation)",
            60.0,
            75.0,
            "%",
        ),
    ],
)
def test_ranges(phrase: str, low: float, high: float, unit: str) -> None:
    bound = parse_bound(phrase)
    assert bound is not None and bound.is_range
    assert (bound.low, bound.high, bound.unit) == (low, high, unit)


@pytest.mark.parametrize(
    ("phrase", "seconds", "count"),
    [
        ("<1/week for 2+ weeks", 14 * DAY, None),
        ("<70% across 2+ engagements", None, 2),
        ("2+ consecutive engagements", None, 2),
        (">800 ms for 3 consecutive days", 3 * DAY, 3),
        ("sustained for 48 hours", 48 * 3600.0, None),
    ],
)
def test_persistence(phrase: str, seconds: float | None, count: int | None) -> None:
    found = find_persistence(phrase)
    assert found is not None
    assert (found.seconds, found.count) == (seconds, count)


def test_persistence_number_is_not_the_threshold() -> None:
    bound = parse_bound("<1/week for 2+ weeks")
    assert bound is not None
    assert (bound.op, bound.value, bound.unit) == ("<", 1.0, "per week")
    assert bound.persistence is not None and bound.persistence.text == "for 2+ weeks"


@pytest.mark.parametrize(
    "phrase",
    [
        "Any consultant stops mid-engagement",
        "Engagement timing clustered 4:00-4:30 PM",
        "2026-03-01 to 2026-03-05",
        "Retention at 4 weeks",
        "",
    ],
)
def test_no_number_means_no_bound(phrase: str) -> None:
    assert parse_bound(phrase) is None


def test_a_horizon_is_not_persistence() -> None:
    bound = parse_bound("Retention <60% at 4 weeks: investigate value decay.")
    assert bound is not None and (bound.op, bound.value) == ("<", 60.0)
    assert bound.persistence is None


@pytest.mark.parametrize(
    ("phrase", "investigate", "expected"),
    [
        ("<50%", True, True),
        (">10 min", True, False),
        ("≥80%", False, True),
        ("<5 min", False, False),
        ("60-75%", True, None),
    ],
)
def test_direction(phrase: str, investigate: bool, expected: bool | None) -> None:
    bound = parse_bound(phrase)
    assert bound is not None
    assert higher_is_better(bound, investigate=investigate) is expected


@pytest.mark.parametrize(
    ("raw", "unit"),
    [
        ("minutes", "min"),
        ("/week", "per week"),
        ("percent", "%"),
        ("stars", "/5"),
        ("milliseconds", "ms"),
        ("per engagement", "per engagement"),
        (None, None),
    ],
)
def test_unit_spellings(raw: str | None, unit: str | None) -> None:
    assert normalize_unit(raw) == unit
