"""Learned baselines: what normal looks like for a metric nobody gave numbers for.

A metric without a numeric baseline learns one from its own history (docs/rules.md,
"Learned baselines"): a robust location (median) and spread (1.4826 x MAD of what the
seasonal profile leaves), a daily or weekly profile when the data shows one (removed from
the values before they are compared), and an investigate threshold
`LEARNED_INVESTIGATE_SIGMA` spreads from the location on the harmful side.
The same band drives the streaming anomaly score (signals/scoring/streaming.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.signals import rules
from vortex_pulse.signals.timefmt import iso

DAY = 86400.0
WEEK = 7 * DAY
MAD_SIGMA = 1.4826  # MAD of a normal distribution -> its standard deviation


@dataclass(frozen=True, slots=True)
class LearnedBand:
    """A learned expectation. `profile[b]` is the offset from `location` of phase bucket b of
    `period` (None when the data shows no seasonality)."""

    location: float
    spread: float
    period: float | None
    profile: np.ndarray | None
    start: float  # first and last timestamp learned from (epoch seconds)
    end: float
    points: int

    def seasonal(self, ts: np.ndarray) -> np.ndarray:
        """The profile's offset at each timestamp (0 without seasonality)."""
        if self.profile is None or self.period is None:
            return np.zeros(len(ts))
        return self.profile[_phase(ts, self.period, len(self.profile))]

    @property
    def swing(self) -> tuple[float, float]:
        """Lowest and highest profile offsets (0, 0 without seasonality)."""
        if self.profile is None:
            return 0.0, 0.0
        return float(self.profile.min()), float(self.profile.max())


def robust_spread(x: np.ndarray) -> float:
    return MAD_SIGMA * float(np.median(np.abs(x - np.median(x)))) if len(x) else 0.0


def spread_floor(location: float, values: np.ndarray) -> float:
    """A spread of zero (a flat series) would make any change infinitely surprising: at least
    LEARNED_MIN_SPREAD of the level, else of the observed range, else an absolute epsilon."""
    scale = (abs(location) or float(np.ptp(values))) if len(values) else 0.0
    return max(rules.LEARNED_MIN_SPREAD * scale, 1e-9)


def _bucket_medians(phase: np.ndarray, values: np.ndarray, buckets: int) -> np.ndarray:
    """Median value per phase bucket (NaN for a bucket with no point)."""
    out = np.full(buckets, np.nan)
    order = np.argsort(phase, kind="stable")
    ph, vals = phase[order], values[order]
    cuts = np.flatnonzero(np.diff(ph)) + 1
    for group, vs in zip(np.split(ph, cuts), np.split(vals, cuts), strict=True):
        out[group[0]] = float(np.median(vs))
    return out


def _seasonal_fit(
    ts: np.ndarray, values: np.ndarray, period: float, cadence: float
) -> tuple[np.ndarray, float]:
    """(profile around the overall median, spread of what it leaves out of sample).

    The spread is cross-fitted: the profile of the odd cycles predicts the even ones and
    the other way round. In-sample residuals would be too small (each bucket median sits on
    its own points), the band too narrow, and healthy data would leave it."""
    buckets = int(min(rules.LEARNED_BUCKETS[period], max(1.0, period / max(cadence, 1.0))))
    phase = _phase(ts, period, buckets)
    odd = (np.floor(ts / period).astype(np.int64) % 2).astype(bool)
    resid = np.empty(len(values))
    for part in (odd, ~odd):
        other = _bucket_medians(phase[~part], values[~part], buckets)
        fallback = float(np.median(values[~part])) if (~part).any() else float(np.median(values))
        expected = other[phase[part]]
        resid[part] = values[part] - np.where(np.isnan(expected), fallback, expected)
    profile = _bucket_medians(phase, values, buckets) - float(np.median(values))
    return np.nan_to_num(profile), robust_spread(resid)


def learn_band(ts: np.ndarray, values: np.ndarray) -> LearnedBand | None:
    """Learn from finite points; None when there are too few to say what normal is."""
    keep = np.isfinite(values)
    ts, values = ts[keep], values[keep]
    if len(values) < rules.MIN_POINTS:
        return None
    span = float(ts[-1] - ts[0])
    cadence = float(np.median(np.diff(ts))) if len(ts) > 1 else 0.0
    location = float(np.median(values))
    plain = robust_spread(values)
    spread, best_period, profile = plain, None, None
    for period in (DAY, WEEK):
        # two full cycles at least, and several points per cycle, or the profile is noise
        if span < rules.LEARNED_MIN_CYCLES * period or cadence <= 0 or cadence > period / 6:
            continue
        prof, rest = _seasonal_fit(ts, values, period, cadence)
        if rest < rules.LEARNED_SEASONAL_GAIN * plain and rest < spread:
            spread, best_period, profile = rest, period, prof
    spread = max(spread, spread_floor(location, values))
    return LearnedBand(
        location=location,
        spread=spread,
        period=best_period,
        profile=profile,
        start=float(ts[0]),
        end=float(ts[-1]),
        points=len(values),
    )


def _phase(ts: np.ndarray, period: float, buckets: int) -> np.ndarray:
    return ((np.mod(ts, period) / period) * buckets).astype(np.int64) % buckets


def learned_baseline(
    metric: str, band: LearnedBand, unit: str | None, higher_is_better: bool | None
) -> Baseline:
    """The learned band as a Baseline the engine scores like any other.

    The engine compares values with the seasonal profile removed (`LearnedBand.seasonal`),
    so the band and threshold are about the deseasonalised level. Expected range: location
    +/- LEARNED_BAND_SIGMA spreads. Investigate threshold, only when the better side is
    known: LEARNED_INVESTIGATE_SIGMA spreads on the harmful side.
    """
    k = rules.LEARNED_BAND_SIGMA * band.spread
    reach = rules.LEARNED_INVESTIGATE_SIGMA * band.spread
    op: str | None = None
    value: float | None = None
    if higher_is_better is True:
        op, value = "<", band.location - reach
    elif higher_is_better is False:
        op, value = ">", band.location + reach
    return Baseline.model_validate(
        {
            "metric": metric,
            "unit": unit,
            "expected_low": band.location - k,
            "expected_high": band.location + k,
            "investigate_op": op,
            "investigate_value": value,
            "higher_is_better": higher_is_better,
            "source": "learned",
            "learned_from": iso(band.start),
            "learned_to": iso(band.end),
        }
    )
