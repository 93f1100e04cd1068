"""Thresholds in generated PromQL are exact: a rounded threshold would move the alert."""

from __future__ import annotations

from vortex_pulse.pulse.rules import promql_number


def test_promql_numbers_are_exact_and_plain() -> None:
    assert promql_number(50.0) == "50"
    assert promql_number(99.95) == "99.95"
    assert promql_number(1234567.5) == "1234567.5"  # f"{x:g}" would give 1.23457e+06
    assert promql_number(0.001) == "0.001"
