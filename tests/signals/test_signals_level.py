"""Band, gap, direction, breach runs and persistence, with hand-computed expectations."""

from __future__ import annotations

import numpy as np
import pytest
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.signals.scoring.level import (
    Band,
    Run,
    assess_breach,
    band_of,
    clean_mask,
    direction_of,
    gap_to_band,
    higher_is_better,
    observed_level,
    persists,
    runs,
)

H = 3600.0


def _b(**kw: object) -> Baseline:
    return Baseline.model_validate({"metric": "m", **kw})


def test_band_takes_missing_edge_from_threshold() -> None:
    assert band_of(_b(expected_low=60, expected_high=75)) == Band(60, 75)
    assert band_of(_b(investigate_op="<", investigate_value=50)) == Band(50, None)
    assert band_of(_b(expected_low=1, investigate_op=">", investigate_value=9)) == Band(1, 9)
    # A threshold never overrides an explicit edge.
    assert band_of(_b(expected_low=60, investigate_op="<", investigate_value=50)) == Band(60, None)


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"higher_is_better": False, "investigate_op": "<", "investigate_value": 1}, False),
        ({"investigate_op": "<=", "investigate_value": 1}, True),
        ({"investigate_op": ">", "investigate_value": 1}, False),
        ({"expected_low": 1, "expected_high": 2}, None),
    ],
)
def test_higher_is_better_resolution(kw: dict[str, object], expected: bool | None) -> None:
    assert higher_is_better(_b(**kw)) is expected


def test_gap_and_relative_gap() -> None:
    band = Band(60.0, 75.0)
    assert gap_to_band(48.0, band) == (-12.0, -0.2)
    assert gap_to_band(90.0, band) == (15.0, 0.2)
    assert gap_to_band(70.0, band) == (0.0, 0.0)
    # A zero edge: relative to the band width instead, -1 / 4.
    assert gap_to_band(-1.0, Band(0.0, 4.0)) == (-1.0, -0.25)


def test_direction() -> None:
    assert direction_of(0.0, True) == "None"
    assert direction_of(-3.0, True) == "Negative"
    assert direction_of(-3.0, False) == "Positive"
    assert direction_of(3.0, None) == "Lateral"


def test_observed_level_is_median_of_last_day() -> None:
    ts = np.arange(48) * H
    values = np.r_[np.full(24, 10.0), np.arange(24.0)]  # last 24 h: 0..23 -> median 11.5
    level, hours = observed_level(ts, values)
    assert level == 11.5 and hours == 24.0
    # Daily data: fewer than 5 points in 24 h, so the last 5 points are used.
    daily = np.arange(10) * 86400.0
    level, hours = observed_level(daily, np.arange(10.0))
    assert level == 7.0 and hours == 5 * 24.0


def test_clean_mask_fills_holes_and_drops_isolated_points() -> None:
    m = np.array([1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0], dtype=bool)
    # index 0 isolated -> dropped; 3,(4),5,6 one run; 10,11 then a single last miss -> kept
    expected = np.array([0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1], dtype=bool)
    np.testing.assert_array_equal(clean_mask(m), expected)


def test_runs_durations_count_last_interval() -> None:
    mask = np.array([0, 1, 1, 1, 0, 1, 1], dtype=bool)
    found = runs(mask, np.arange(7) * H, H)
    assert [(r.start, r.stop, r.seconds) for r in found] == [(1, 4, 3 * H), (5, 7, 2 * H)]


@pytest.mark.parametrize(
    ("kw", "seconds", "points", "ok"),
    [
        ({"persistence_seconds": 2 * 86400}, 47 * H, 47, False),
        ({"persistence_seconds": 2 * 86400}, 48 * H, 48, True),
        ({"persistence_count": 3}, 2 * 86400, 2, False),
        ({"persistence_count": 3}, 3 * H, 3, True),
        ({}, 5 * H, 5, False),  # default: 6 h and 3 points
        ({}, 6 * H, 6, True),
        ({}, 2 * 86400, 2, False),
    ],
)
def test_persistence_qualifiers(
    kw: dict[str, object], seconds: float, points: int, ok: bool
) -> None:
    assert persists(Run(0, points, seconds), _b(**kw)) is ok


RATE = _b(
    expected_low=60, expected_high=75, investigate_op="<", investigate_value=50,
    persistence_seconds=2 * 86400, higher_is_better=True,
)  # fmt: skip


def _hourly(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.arange(len(values)) * H, values


def test_five_hour_dip_is_not_a_two_day_breach() -> None:
    ts, v = _hourly(np.r_[np.full(100, 67.0), np.full(5, 40.0)])
    res = assess_breach(ts, v, RATE, gap=0.0, cadence=H)
    assert res.breach == "warning" and res.trailing is not None
    assert res.trailing.seconds == 5 * H
    ts, v = _hourly(np.r_[np.full(100, 67.0), np.full(5, 40.0), np.full(20, 67.0)])
    res = assess_breach(ts, v, RATE, gap=0.0, cadence=H)
    assert res.breach == "none" and res.longest_past is not None
    assert res.longest_past.seconds == 5 * H


def test_two_days_below_threshold_is_critical() -> None:
    ts, v = _hourly(np.r_[np.full(100, 67.0), np.full(48, 40.0)])
    res = assess_breach(ts, v, RATE, gap=-20.0, cadence=H)
    assert res.breach == "critical" and res.trailing is not None
    assert res.trailing.seconds == 48 * H
    ts, v = _hourly(np.r_[np.full(100, 67.0), np.full(47, 40.0)])
    assert assess_breach(ts, v, RATE, gap=-20.0, cadence=H).breach == "warning"


def test_outside_band_without_threshold_is_warning() -> None:
    ts, v = _hourly(np.full(30, 58.0))
    assert assess_breach(ts, v, RATE, gap=-2.0, cadence=H).breach == "warning"
    assert assess_breach(ts, v, _b(expected_low=1), gap=0.0, cadence=H).breach == "none"
