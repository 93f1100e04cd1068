"""Trajectory: robust slope with a significance test, level shifts, oscillation.

Trend statistics and change-point search run on the series averaged into at most
TREND_BINS time-ordered bins: it keeps Theil-Sen (quadratic in points) cheap for thousands
of series and smooths noise; the change point is then refined on the raw points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import ruptures as rpt
from vortex_pulse.signals import rules
from vortex_pulse.signals.facts import Trajectory
from vortex_pulse.signals.scoring.level import Band, clean_mask, runs
from vortex_pulse.signals.scoring.robust import mann_kendall_p, theil_sen_slope

WEEK = 7 * 86400.0


@dataclass(frozen=True, slots=True)
class ChangePoint:
    index: int  # first raw point of the new level
    before: float  # mean level before
    after: float  # mean level after


@dataclass(frozen=True, slots=True)
class TrendResult:
    trajectory: Trajectory
    slope_per_week: float | None
    p_value: float | None
    duration_hours: float | None
    change_point: ChangePoint | None
    reason: str  # which trajectory rule applied, for the notes


def bin_means(ts: np.ndarray, values: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Means of consecutive equal-count chunks (time order kept)."""
    if len(ts) <= bins:
        return ts, values
    starts = np.linspace(0, len(ts), bins, endpoint=False).astype(np.int64)
    counts = np.diff(np.append(starts, len(ts)))
    return np.add.reduceat(ts, starts) / counts, np.add.reduceat(values, starts) / counts


def _best_split(values: np.ndarray, lo: int, hi: int) -> int:
    """Index j in [lo, hi] minimising the two-segment squared error (the L2 / linear-kernel
    cost ruptures uses), evaluated with cumulative sums."""
    n = len(values)
    c = np.cumsum(values)
    j = np.arange(max(lo, 1), min(hi, n - 1) + 1)
    left, right = c[j - 1], c[-1] - c[j - 1]
    gain = left**2 / j + right**2 / (n - j)
    return int(j[np.argmax(gain)])


def change_point(
    ts: np.ndarray, values: np.ndarray, scale: float, min_post_s: float
) -> ChangePoint | None:
    """The single most likely level shift, if it is real.

    Real = a mean shift of at least CP_MIN_SHIFT_SIGMA residual standard deviations and
    TREND_MIN_FRACTION of the practical scale, fitting better than a straight line (a ramp
    is a trend, not a shift), with the new level held for at least `min_post_s`.
    """
    if len(values) < rules.MIN_POINTS:
        return None
    _, bv = bin_means(ts, values, rules.TREND_BINS)
    bkp = rpt.KernelCPD(kernel="linear", min_size=1).fit(bv.reshape(-1, 1)).predict(n_bkps=1)[0]
    # Refine on raw points within one bin either side of the binned break.
    per_bin = len(values) / len(bv)
    lo = int((bkp - 1) * per_bin)
    hi = int(np.ceil((bkp + 1) * per_bin))
    j = _best_split(values, lo, hi)
    before, after = float(values[:j].mean()), float(values[j:].mean())
    shift = after - before
    step_sse = float(((values[:j] - before) ** 2).sum() + ((values[j:] - after) ** 2).sum())
    # Noise = what the two-level model leaves unexplained: swings around a level (seasonality,
    # oscillation) make a split between them insignificant.
    sigma = float(np.sqrt(step_sse / max(1, len(values) - 2)))
    if abs(shift) < max(rules.CP_MIN_SHIFT_SIGMA * sigma, rules.TREND_MIN_FRACTION * scale):
        return None
    # Least-squares line residual: Syy - Sxy^2 / Sxx.
    dx, dy = ts - ts.mean(), values - values.mean()
    sxx = float(dx @ dx)
    line_sse = float(dy @ dy) - (float(dx @ dy) ** 2 / sxx if sxx > 0 else 0.0)
    if step_sse >= line_sse:
        return None
    cadence = float(np.median(np.diff(ts)))
    if ts[-1] - ts[j] + cadence < min_post_s or len(values) - j < rules.DEFAULT_PERSISTENCE_POINTS:
        return None
    return ChangePoint(j, before, after)


def excursions(values: np.ndarray, band: Band) -> int:
    """Separate stays outside the band (below or above), isolated points ignored."""
    below = clean_mask(values < band.low) if band.low is not None else None
    above = clean_mask(values > band.high) if band.high is not None else None
    dummy_ts = np.arange(len(values), dtype=np.float64)
    return sum(len(runs(m, dummy_ts, 1.0)) for m in (below, above) if m is not None)


def _moving(delta: float, band: Band, level: float, better_high: bool | None) -> Trajectory:
    if better_high is not None:
        return "Improving" if (delta > 0) == better_high else "Degrading"
    # No better side: moving towards the band's centre improves, away from it degrades.
    lo = band.low if band.low is not None else band.high
    hi = band.high if band.high is not None else band.low
    centre = (lo + hi) / 2 if lo is not None and hi is not None else level
    return "Improving" if (delta > 0) == (level < centre) else "Degrading"


def too_short(ts: np.ndarray, values: np.ndarray) -> bool:
    """Fewer points or a shorter span than a trend needs (docs/rules.md)."""
    span = float(ts[-1] - ts[0]) if len(ts) else 0.0
    return len(values) < rules.MIN_POINTS or span < rules.MIN_SPAN_S


def slope_and_p(ts: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """Theil-Sen slope (per second) over at most TREND_BINS bin means, and its
    Mann-Kendall p: the one trend estimate (the window's trend, the story's slope after a
    step)."""
    bt, bv = bin_means(ts, values, rules.TREND_BINS)
    return theil_sen_slope(bt, bv), mann_kendall_p(bt, bv)


def assess_trend(
    ts: np.ndarray,
    values: np.ndarray,
    band: Band,
    scale: float,
    better_high: bool | None,
    min_post_s: float,
) -> TrendResult:
    """The trajectory table of docs/rules.md, first matching row wins."""
    if too_short(ts, values):
        return TrendResult(
            "Insufficient Data", None, None, None, None,
            f"fewer than {rules.MIN_POINTS} points or less than "
            f"{rules.MIN_SPAN_S / rules.HOUR:.0f} h of data",
        )  # fmt: skip
    span = float(ts[-1] - ts[0])
    slope, p = slope_and_p(ts, values)
    change = slope * span
    slope_week = slope * WEEK
    level = float(np.median(values[-rules.RECENT_MIN_POINTS :]))
    cp = change_point(ts, values, scale, min_post_s)
    if cp is not None:
        return TrendResult(
            _moving(cp.after - cp.before, band, level, better_high), slope_week, p,
            float(ts[-1] - ts[cp.index]) / rules.HOUR, cp,
            f"level shift of {cp.after - cp.before:+.4g} at a change point",
        )  # fmt: skip
    span_h = span / rules.HOUR
    trending = p < rules.TREND_ALPHA and abs(change) >= rules.TREND_MIN_FRACTION * scale
    p10, p90 = np.percentile(values, [10, 90])
    amplitude = float(p90 - p10)
    dominant = trending and abs(change) >= rules.TREND_DOMINANCE * amplitude
    if not dominant and amplitude >= rules.OSC_MIN_AMPLITUDE * scale:
        count = excursions(values, band)
        if count >= rules.OSC_MIN_EXCURSIONS:
            return TrendResult(
                "Oscillating", slope_week, p, span_h, None,
                f"{count} separate excursions outside the band, swing {amplitude:.4g}",
            )  # fmt: skip
    if trending:
        return TrendResult(
            _moving(change, band, level, better_high), slope_week, p, span_h, None,
            f"Theil-Sen change {change:+.4g} over the window, Mann-Kendall p={p:.3g}",
        )  # fmt: skip
    return TrendResult("Stable", slope_week, p, span_h, None, "no significant trend or shift")
