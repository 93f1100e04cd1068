"""The aggregate of a metric that only has segmented series."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from vortex_pulse.signals.series import Series, SeriesKey


def aggregate_segments(key: SeriesKey, segments: Sequence[Series]) -> Series:
    """Per timestamp, the n-weighted mean of the segments (a plain mean when any point lacks
    n), with n = the sum of the segments' n. Timestamps whose weights sum to 0 are dropped."""
    ts = np.concatenate([s.ts for s in segments])
    values = np.concatenate([s.values for s in segments])
    uniq, inv = np.unique(ts, return_inverse=True)
    if all(s.n is not None for s in segments):
        n = np.concatenate([s.n for s in segments if s.n is not None])
        if not np.isnan(n).any():
            weight = np.bincount(inv, weights=n, minlength=len(uniq))
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = np.bincount(inv, weights=values * n, minlength=len(uniq)) / weight
            ok = weight > 0
            return Series(key, uniq[ok], mean[ok], weight[ok])
    count = np.bincount(inv, minlength=len(uniq)).astype(np.float64)
    return Series(key, uniq, np.bincount(inv, weights=values, minlength=len(uniq)) / count, None)
