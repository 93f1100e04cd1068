"""A per-point anomaly score in [0, 1], computed only from the points before each one.

Streaming counterparts of the engine's detectors (docs/rules.md, "Streaming anomaly
score"). They share the engine's learned band; the surprise and level-shift tests below are
their own point-by-point forms, because the engine's change-point search looks at the whole
window and cannot run without look-ahead. tests/signals/test_signals_streaming.py checks
that the score and the engine's anomaly flags agree on the same series.

- the learned band (signals/scoring/learned.py) learned on the learning period gives the
  seasonal profile, removed from every value; location and spread are then re-learned on
  the STREAM_MEMORY_FACTOR x learn points just before each point (robust median and MAD),
  so the band follows a series that moves, as the engine's band is learned from the
  history before its window;
- surprise: how many spreads the point lies from that band;
- level shift: how many spreads the mean of the last STREAM_SHIFT_POINTS points lies from
  it (scaled by sqrt(points), the noise of a mean): a new level that single points hide;
- only news counts: a point scores when its surprise exceeds every surprise of the
  STREAM_QUIET_FRACTION x learn points before it and no point scored in the last
  STREAM_REFRACTORY x learn points, so a lasting or drifting anomaly is reported when it
  starts, not at every point it lasts (the engine, too, reports a shift once).

The surprise z maps to z / (z + STREAM_HALF_Z), 0.5 at STREAM_HALF_Z spreads.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from vortex_pulse.signals import rules
from vortex_pulse.signals.scoring.learned import MAD_SIGMA, learn_band, spread_floor


def _trailing_stats(
    resid: np.ndarray, learn: int, memory: int, stride: int
) -> tuple[np.ndarray, np.ndarray]:
    """Median and robust spread of the (at most `memory`) points before p, for every
    p >= learn, recomputed every `stride` points and held in between (no look-ahead)."""
    n = len(resid)
    starts = np.arange(learn, n, stride)
    loc = np.empty(len(starts))
    spr = np.empty(len(starts))
    for i, p in enumerate(starts.tolist()):
        ref = resid[max(0, p - memory) : p]
        loc[i] = np.median(ref)
        spr[i] = MAD_SIGMA * np.median(np.abs(ref - loc[i]))
    reps = np.diff(np.append(starts, n))
    return np.repeat(loc, reps), np.repeat(spr, reps)


def _refractory(news: np.ndarray, gap: int) -> np.ndarray:
    """Keep a news point only when the previous kept one is more than `gap` points back: a
    drifting event sets a new maximum at every step, but it is one event."""
    out = np.zeros_like(news)
    last = -gap - 1
    for i in np.flatnonzero(news).tolist():
        if i - last > gap:
            out[i] = True
            last = i
    return out


def anomaly_scores(ts: np.ndarray, values: np.ndarray, learn: int) -> np.ndarray:
    """One score per point; the first `learn` points (the learning period) score 0.

    `ts` in epoch seconds, increasing; non-finite values score 0 and are carried over as
    the previous value so they neither raise nor hide anything.
    """
    n = len(values)
    out = np.zeros(n)
    values = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(values)
    if learn < rules.MIN_POINTS or n <= learn or not finite[:learn].any():
        return out
    if not finite.all():
        # carry the previous finite value forward (the first one backward, for a leading gap)
        idx = np.where(finite, np.arange(n), -1)
        np.maximum.accumulate(idx, out=idx)
        idx[idx < 0] = int(np.argmax(finite))
        values = values[idx]
    band = learn_band(ts[:learn], values[:learn])
    if band is None:
        return out
    resid = values - band.seasonal(ts)
    stride = max(1, learn // rules.STREAM_REFRESHES)
    memory = int(rules.STREAM_MEMORY_FACTOR * learn)
    loc, spr = _trailing_stats(resid, learn, memory, stride)
    floor = np.array([spread_floor(band.location, values[:learn])])
    spr = np.maximum(spr, np.maximum(floor, rules.STREAM_MIN_SPREAD * band.spread))
    cur = resid[learn:]
    z_point = np.abs(cur - loc) / spr
    k = rules.STREAM_SHIFT_POINTS
    csum = np.concatenate(([0.0], np.cumsum(resid)))
    idx = np.arange(learn, n)
    mean_k = (csum[idx + 1] - csum[idx + 1 - k]) / k
    z_shift = np.abs(mean_k - loc) / spr * np.sqrt(k) / rules.STREAM_SHIFT_DISCOUNT
    z = np.maximum(z_point, z_shift)
    # News: above every surprise of the last `quiet` points; the learning period's own
    # surprises (against its median and the first spread) fill the history at the start.
    quiet = max(1, int(rules.STREAM_QUIET_FRACTION * learn))
    learned_z = np.abs(resid[:learn] - np.median(resid[:learn])) / spr[0]
    history = np.concatenate((np.zeros(max(0, quiet - learn)), learned_z[-quiet:], z))
    before = sliding_window_view(history, quiet)[: len(z)].max(axis=1)
    news = _refractory(z > before, max(1, int(rules.STREAM_REFRACTORY * learn)))
    score = z / (z + rules.STREAM_HALF_Z)
    out[learn:] = np.where(news & finite[learn:], score, 0.0)
    return out
