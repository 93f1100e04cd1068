"""Plain descriptions: the numbers people write instead of an HC4 become baselines."""

from __future__ import annotations

import pytest
from vortex_pulse.contracts.hc4_baselines import description_baselines


@pytest.mark.parametrize(
    ("text", "known", "want"),
    [
        (
            "Checkout conversion: expect 3.8–4.6%, below 3.5% for 2+ days investigate",
            [],
            ("Checkout conversion", 3.8, 4.6, "<", 3.5, "for 2+ days"),
        ),
        (
            "We expect 3.8-4.6%; below 3.5% for 2+ days, investigate.",
            ["Conversion"],
            ("Conversion", 3.8, 4.6, "<", 3.5, "for 2+ days"),
        ),
        (
            "Latency p95 under 500 ms, alert above 700 ms.",
            ["Action rate", "Latency p95"],
            ("Latency p95", None, 500.0, ">", 700.0, None),
        ),
    ],
)
def test_numbers_in_a_description_become_baselines_marked_with_their_source(
    text: str, known: list[str], want: tuple[object, ...]
) -> None:
    (b,) = description_baselines(text, known)
    got = (
        b.metric,
        b.expected_low,
        b.expected_high,
        b.investigate_op,
        b.investigate_value,
        b.persistence,
    )
    assert got == want
    assert b.source == "description"
    assert b.quote and b.quote in text


def test_two_metrics_in_one_description_stay_apart() -> None:
    text = (
        "Action rate should hold 60-75%. Investigate if action rate < 50% for 2+ days.\n"
        "Latency p95 under 500 ms, alert above 700 ms."
    )
    found = {b.metric: b for b in description_baselines(text, ["Action rate", "Latency p95"])}
    assert set(found) == {"Action rate", "Latency p95"}
    assert (found["Action rate"].expected_low, found["Action rate"].investigate_value) == (60, 50)
    assert found["Action rate"].higher_is_better is True
    assert found["Latency p95"].higher_is_better is False
    assert found["Latency p95"].line == 2


def test_a_description_without_numbers_has_no_baseline() -> None:
    assert description_baselines("Users should like it more than before.", ["Delight"]) == []
