"""Baselines the tests share: one definition each."""

from __future__ import annotations

from vortex_pulse.contracts.baselines import Baseline

# An action rate expected at 60-75%, investigated below 50% for 2+ days (the example's
# dinner-suggestions metric).
RATE = Baseline(
    metric="Action rate",
    unit="%",
    expected_low=60.0,
    expected_high=75.0,
    investigate_op="<",
    investigate_value=50.0,
    persistence="for 2+ days",
    persistence_seconds=172800.0,
    higher_is_better=True,
)
