"""Data quality of one series: samples, cadence, completeness, gaps, staleness, confidence."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from vortex_pulse.core.numbers import duration
from vortex_pulse.signals import rules
from vortex_pulse.signals.facts import Confidence
from vortex_pulse.signals.series import Window


@dataclass(frozen=True, slots=True)
class Quality:
    points: int
    samples: int
    n_given: bool
    cadence_s: float | None
    completeness: float
    gaps: int
    staleness_h: float | None


def assess_quality(ts: np.ndarray, n: np.ndarray | None, window: Window) -> Quality:
    points = len(ts)
    given = n is not None and bool(np.isfinite(n).any())
    samples = int(np.nansum(n)) if given and n is not None else points
    if points == 0:
        return Quality(0, 0, given, None, 0.0, 0, None)
    staleness = max(0.0, window.reference.timestamp() - float(ts[-1])) / rules.HOUR
    if points < 2:
        return Quality(points, samples, given, None, 0.0, 0, staleness)
    diffs = np.diff(ts)
    cadence = float(np.median(diffs))
    expected = window.seconds / cadence if cadence > 0 else float(points)
    completeness = min(1.0, points / expected) if expected > 0 else 0.0
    gaps = int((diffs > rules.GAP_FACTOR * cadence).sum())
    return Quality(points, samples, given, cadence, completeness, gaps, staleness)


def confidence_of(
    q: Quality, window: Window, numeric_baseline: bool, source: str | None = None
) -> tuple[Confidence, str]:
    """The confidence table of docs/rules.md; returns (confidence, why). A baseline proposed
    by a model (`source` "llm") or learned from the data ("learned") caps it at Medium."""
    stale_low = rules.STALE_LOW_FRACTION * window.seconds / rules.HOUR
    if not numeric_baseline:
        return "Low", "no numeric baseline"
    if q.points < rules.MIN_POINTS:
        return "Low", f"only {q.points} points"
    if q.completeness < rules.LOW_COMPLETENESS:
        return "Low", f"completeness {q.completeness:.0%}"
    if q.staleness_h is not None and q.staleness_h > stale_low:
        return "Low", f"last point {duration(q.staleness_h)} before the report date"
    if q.n_given and q.samples < rules.LOW_SAMPLES:
        return "Low", f"only {q.samples} samples"
    fresh_h = max(2 * (q.cadence_s or 0.0), rules.HOUR) / rules.HOUR
    high = (
        q.completeness >= rules.HIGH_COMPLETENESS
        and (q.staleness_h or 0.0) <= fresh_h
        and (not q.n_given or q.samples >= rules.HIGH_SAMPLES)
    )
    if high and source == "llm":
        return "Medium", "baseline proposed by a model"
    if high and source == "learned":
        return "Medium", "baseline learned from the data"
    if high:
        return "High", "complete, fresh data"
    return "Medium", (
        f"completeness {q.completeness:.0%}, staleness {duration(q.staleness_h or 0.0)}, "
        f"{q.samples} samples"
    )
