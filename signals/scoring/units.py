"""Reconciling a series' scale with its baseline's unit (percent given as 0.62 or 62)."""

from __future__ import annotations

import numpy as np
from vortex_pulse.contracts.baselines import Baseline

PERCENT_UNITS = frozenset({"%", "percent", "pct", "percentage"})


def is_percent(unit: str | None) -> bool:
    return unit is not None and unit.strip().lower() in PERCENT_UNITS


def percent_factor(values: np.ndarray, b: Baseline, unit: str | None) -> float | None:
    """The factor that puts a percent series on its baseline's scale, or None.

    x100 when the baseline is in percent points (some bound above 1) and every value is a
    fraction (|v| <= 1); x0.01 when the baseline is written as fractions (every bound <= 1)
    and the values are percent points (median above 1, none above 100).
    """
    if not is_percent(unit) or len(values) == 0:
        return None
    edges = (b.expected_low, b.expected_high, b.investigate_value)
    bounds = [abs(x) for x in edges if x is not None]
    if not bounds:
        return None
    ref = max(bounds)
    magnitude = np.abs(values)
    if ref > 1.0 and float(magnitude.max()) <= 1.0:
        return 100.0
    if ref <= 1.0 and float(np.median(magnitude)) > 1.0 and float(magnitude.max()) <= 100.0:
        return 0.01
    return None
