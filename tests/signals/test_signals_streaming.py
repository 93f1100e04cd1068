"""The streaming anomaly score: no look-ahead, bounded, and in agreement with the engine."""

from __future__ import annotations

import numpy as np
from vortex_pulse.signals.facts import MetricSpec
from vortex_pulse.signals.scoring import score_metric
from vortex_pulse.signals.scoring.learned import DAY
from vortex_pulse.signals.scoring.streaming import anomaly_scores
from vortex_pulse.signals.series import Series, SeriesKey, Window
from vortex_pulse.signals.timefmt import iso

H = 3600.0
LEARN = 75  # 15% of 504 points, as NAB would take it


def _series(window: Window, step_at: int | None, daily: float = 0.0, seed: int = 3) -> Series:
    rng = np.random.default_rng(seed)
    ts = window.end.timestamp() - H * np.arange(503, -1, -1, dtype=float)
    values = 4.2 * (1 + daily * np.sin(2 * np.pi * (ts % DAY) / DAY))
    values = values * (1 + 0.02 * rng.standard_normal(504))
    if step_at is not None:
        values[step_at:] *= 0.75
    return Series(SeriesKey("checkout", "conversion_rate"), ts, values)


def test_scores_use_only_earlier_points(window: Window) -> None:
    s = _series(window, step_at=400)
    full = anomaly_scores(s.ts, s.values, LEARN)
    for cut in (120, 300, 401, 450):
        head = anomaly_scores(s.ts[:cut], s.values[:cut], LEARN)
        np.testing.assert_array_equal(head, full[:cut])


def test_scores_are_in_0_1_and_zero_in_the_learning_period(window: Window) -> None:
    s = _series(window, step_at=400, daily=0.3)
    values = s.values.copy()
    values[[200, 201]] = np.nan
    scores = anomaly_scores(s.ts, values, LEARN)
    assert scores.shape == values.shape
    assert np.all((scores >= 0) & (scores < 1))
    assert not scores[:LEARN].any()
    assert scores[200] == 0.0 and scores[201] == 0.0
    values[:3] = np.nan  # a leading gap too
    assert np.isfinite(anomaly_scores(s.ts, values, LEARN)).all()
    assert not anomaly_scores(s.ts[:5], values[:5], 3).any()  # too short to learn


def test_engine_flags_and_stream_score_agree(window: Window) -> None:
    spec = MetricSpec(name="Conversion rate", series="conversion_rate", unit="%")
    shifted = _series(window, step_at=400)
    m = score_metric("checkout", spec, shifted, window)
    assert [a.kind for a in m.anomalies] == ["level_shift"]
    peak = int(np.argmax(anomaly_scores(shifted.ts, shifted.values, LEARN)))
    assert m.anomalies[0].start == iso(float(shifted.ts[peak])) == iso(float(shifted.ts[400]))
    # Healthy data (flat or with a daily cycle): no engine anomaly, and every score stays
    # below the shift's.
    top = anomaly_scores(shifted.ts, shifted.values, LEARN).max()
    for daily in (0.0, 0.3):
        healthy = _series(window, step_at=None, daily=daily)
        assert score_metric("checkout", spec, healthy, window).anomalies == []
        assert anomaly_scores(healthy.ts, healthy.values, LEARN).max() < 0.5 < top
