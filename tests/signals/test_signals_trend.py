"""Trend: binning, Theil-Sen/Mann-Kendall trajectory, change point, oscillation."""

from __future__ import annotations

import numpy as np
import pytest
import ruptures as rpt
from scipy import stats
from vortex_pulse.signals.scoring.level import Band
from vortex_pulse.signals.scoring.robust import mann_kendall_p, theil_sen_slope
from vortex_pulse.signals.scoring.trend import (
    _best_split,
    assess_trend,
    bin_means,
    change_point,
    excursions,
)

H = 3600.0
BAND = Band(60.0, 75.0)


def test_bin_means_equal_count_chunks() -> None:
    ts, v = bin_means(np.arange(8.0), np.arange(8.0) * 2, 4)
    assert ts.tolist() == [0.5, 2.5, 4.5, 6.5] and v.tolist() == [1.0, 5.0, 9.0, 13.0]
    same = np.arange(3.0)
    assert bin_means(same, same, 4)[0] is same


def test_best_split_matches_ruptures_kernel_cpd() -> None:
    rng = np.random.default_rng(7)
    for k in (37, 150, 410):
        y = np.where(np.arange(504) < k, 5.0, 9.0) + rng.normal(0, 1.0, 504)
        expected = rpt.KernelCPD(kernel="linear", min_size=1).fit(y).predict(n_bkps=1)[0]
        assert _best_split(y, 0, 504) == expected


def test_change_point_found_at_step_and_not_on_ramp() -> None:
    rng = np.random.default_rng(1)
    ts = np.arange(504) * H
    step = np.where(np.arange(504) < 300, 67.0, 45.0) + rng.normal(0, 1.5, 504)
    cp = change_point(ts, step, 15.0, 6 * H)
    assert cp is not None and abs(cp.index - 300) <= 2
    assert abs(cp.before - 67.0) < 0.5 and abs(cp.after - 45.0) < 0.5
    ramp = np.linspace(70.0, 55.0, 504) + rng.normal(0, 1.5, 504)
    assert change_point(ts, ramp, 15.0, 6 * H) is None
    # A shift held for only 5 hours is not a change point (6 h needed).
    blip = np.where(np.arange(504) < 499, 67.0, 45.0) + rng.normal(0, 0.5, 504)
    assert change_point(ts, blip, 15.0, 6 * H) is None


def test_exact_slope_per_week_on_a_clean_line() -> None:
    ts = np.arange(200) * H
    values = 60.0 + 0.01 * np.arange(200)  # +0.01 per hour = +1.68 per week
    res = assess_trend(ts, values, BAND, 15.0, True, 6 * H)
    assert res.slope_per_week is not None and abs(res.slope_per_week - 1.68) < 1e-9
    # Total change 1.99 < 0.25 * 15: significant but too small to matter.
    assert res.trajectory == "Stable"
    steeper = 60.0 + 0.05 * np.arange(200)  # +9.95 over the window
    assert assess_trend(ts, steeper, BAND, 15.0, True, 6 * H).trajectory == "Improving"
    assert assess_trend(ts, steeper, BAND, 15.0, False, 6 * H).trajectory == "Degrading"


def test_lateral_trend_is_judged_against_the_band_centre() -> None:
    ts = np.arange(200) * H
    rising_from_below = 50.0 + 0.05 * np.arange(200)
    assert assess_trend(ts, rising_from_below, BAND, 15.0, None, 6 * H).trajectory == "Improving"


def test_minimum_data_rule() -> None:
    ts = np.arange(7) * 6 * H
    assert assess_trend(ts, np.ones(7), BAND, 15.0, True, 6 * H).trajectory == "Insufficient Data"
    ts = np.arange(20) * H  # 19 h span < 24 h
    res = assess_trend(ts, np.ones(20), BAND, 15.0, True, 6 * H)
    assert res.trajectory == "Insufficient Data" and res.slope_per_week is None


def test_oscillation_needs_swings_across_the_band() -> None:
    ts = np.arange(504) * H
    wave = 67.5 + 14.0 * np.sin(2 * np.pi * ts / 86400.0)
    assert excursions(wave, BAND) == 42  # 21 days: one dip below and one peak above a day
    assert assess_trend(ts, wave, BAND, 15.0, True, 6 * H).trajectory == "Oscillating"
    small = 67.5 + 5.0 * np.sin(2 * np.pi * ts / 86400.0)
    assert excursions(small, BAND) == 0
    assert assess_trend(ts, small, BAND, 15.0, True, 6 * H).trajectory == "Stable"


def test_theil_sen_and_mann_kendall_match_scipy() -> None:
    rng = np.random.default_rng(11)
    t = np.arange(64) * 8 * H
    for trend in (0.0, 1e-5, -3e-5):
        y = rng.normal(0, 1, 64) + trend * t
        assert theil_sen_slope(t, y) == pytest.approx(stats.theilslopes(y, t).slope, rel=1e-12)
        expected = stats.kendalltau(t, y, method="asymptotic").pvalue
        assert mann_kendall_p(t, y) == pytest.approx(expected, rel=1e-9)
    tied = np.round(rng.normal(0, 1, 64), 1)  # many ties in y
    expected = stats.kendalltau(t, tied, method="asymptotic").pvalue
    assert mann_kendall_p(t, tied) == pytest.approx(expected, rel=1e-9)
    assert mann_kendall_p(t[:2], tied[:2]) == 1.0
