"""Learned baselines: a metric with no numeric baseline learns its band from its own data."""

from __future__ import annotations

import numpy as np
import pytest
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.signals.facts import ExperimentSpec, MetricSpec
from vortex_pulse.signals.portfolio import score_portfolio
from vortex_pulse.signals.scoring import score_metric
from vortex_pulse.signals.scoring.learned import DAY, learn_band
from vortex_pulse.signals.series import Series, SeriesKey, Window

H = 3600.0
POINTS = 504  # 21 days of hourly points


def _ts(window: Window, points: int = POINTS) -> np.ndarray:
    return window.end.timestamp() - H * np.arange(points - 1, -1, -1, dtype=float)


def _conversion(
    window: Window, *, step: float = 1.0, daily: float = 0.0, seed: int = 7, points: int = POINTS
) -> Series:
    """A conversion rate around 4.2% with 2% noise; `step` multiplies the last 7 days;
    `daily` is the amplitude of a daily cycle (relative to the level)."""
    rng = np.random.default_rng(seed)
    ts = _ts(window, points)
    level = np.full(points, 4.2)
    level[-7 * 24 :] *= step
    cycle = 1.0 + daily * np.sin(2 * np.pi * (ts % DAY) / DAY)
    values = level * cycle * (1 + 0.02 * rng.standard_normal(points))
    return Series(SeriesKey("checkout", "conversion_rate"), ts, values)


def _spec(baseline: Baseline | None = None) -> MetricSpec:
    return MetricSpec(name="Conversion rate", series="conversion_rate", unit="%", baseline=baseline)


def test_step_down_without_numbers_breaches_a_learned_band(window: Window) -> None:
    m = score_metric("checkout", _spec(), _conversion(window, step=0.75), window)
    b = m.baseline
    assert b is not None and b.source == "learned"
    assert b.expected_low is not None and b.expected_high is not None
    assert b.expected_low < 4.2 < b.expected_high  # learned around the healthy level
    # Nothing before the window: learned from its first quarter.
    assert b.learned_from == "2026-02-08T01:00:00Z"
    assert b.learned_to is not None and b.learned_to < "2026-02-14T00:00:00Z"
    assert m.observed is not None and m.observed < b.expected_low
    assert m.breach == "warning" and m.severity == "Warning"
    assert m.direction == "Lateral"  # nobody said which side is better
    assert m.confidence == "Medium"  # complete, fresh data, but a learned band
    assert any(n.startswith("baseline learned from") for n in m.notes)
    assert [a.kind for a in m.anomalies] == ["level_shift"]


@pytest.mark.parametrize("daily", [0.0, 0.3])
def test_better_side_known_makes_a_lasting_drop_critical(window: Window, daily: float) -> None:
    # A config entry with only `higher_is_better: true` (no numbers) gives the side.
    given = Baseline(metric="Conversion rate", higher_is_better=True, source="config")
    series = _conversion(window, step=0.75, daily=daily)
    m = score_metric("checkout", _spec(given), series, window)
    assert m.baseline is not None and m.baseline.investigate_op == "<"
    assert (m.breach, m.severity, m.direction) == ("critical", "Critical", "Negative")
    assert m.trajectory == "Degrading" and m.confidence == "Medium"
    assert [a.kind for a in m.anomalies] == ["level_shift"]


@pytest.mark.parametrize("daily", [0.0, 0.3])
def test_healthy_series_with_a_learned_band_stays_informational(
    window: Window, daily: float
) -> None:
    given = Baseline(metric="Conversion rate", higher_is_better=True, source="config")
    for seed in range(5):
        m = score_metric(
            "checkout", _spec(given), _conversion(window, daily=daily, seed=seed), window
        )
        assert m.baseline is not None and m.baseline.source == "learned"
        assert (m.severity, m.breach, m.direction) == ("Informational", "none", "None"), m.notes
        assert m.trajectory == "Stable", m.notes  # a daily cycle is not an oscillation
        assert m.anomalies == []
        if daily:
            assert "values compared after removing the learned daily profile" in m.notes


def test_daily_cycle_is_learned_as_a_profile(window: Window) -> None:
    s = _conversion(window, daily=0.3)
    band = learn_band(s.ts[: 7 * 24], s.values[: 7 * 24])
    assert band is not None and band.period == DAY and band.profile is not None
    low, high = band.swing
    assert low < -0.8 and high > 0.8  # about +/-30% of 4.2
    flat = learn_band(*_flat(window))
    assert flat is not None and flat.period is None and flat.spread > 0


def _flat(window: Window) -> tuple[np.ndarray, np.ndarray]:
    return _ts(window, 100), np.full(100, 5.0)


def test_history_before_the_window_is_learned_from_when_given(window: Window) -> None:
    long = _conversion(window, step=0.75, points=POINTS + 14 * 24)  # 14 days before
    m = score_metric("checkout", _spec(), long, window)
    assert m.baseline is not None
    assert m.baseline.learned_to is not None
    assert m.baseline.learned_to <= window.start.isoformat().replace("+00:00", "Z")
    assert m.points == POINTS and m.severity == "Warning"


def test_numbers_from_config_or_hc4_win_over_a_learned_band(window: Window) -> None:
    given = Baseline(metric="Conversion rate", expected_low=1.0, expected_high=2.0, unit="%")
    m = score_metric("checkout", _spec(given), _conversion(window), window)
    assert m.baseline == given and not any("learned" in n for n in m.notes)


def test_learned_breach_is_p2_with_medium_confidence_and_reads_in_the_hc5(
    window: Window,
) -> None:
    from vortex_pulse.report.wording import band, metric_line

    spec = ExperimentSpec(id="checkout", name="Checkout", metrics=[_spec()])
    data = {SeriesKey("checkout", "conversion_rate"): _conversion(window, step=0.75)}
    portfolio = score_portfolio([spec], data, window)
    e = portfolio.experiments[0]
    assert (e.severity, e.confidence, e.priority) == ("Warning", "Medium", "P2")
    assert not e.insufficient_data
    m = e.metrics[0]
    text = band(m.baseline)
    assert text.endswith("learned from 2026-02-08 to 2026-02-13")
    assert "learned from 2026-02-08 to 2026-02-13" in metric_line(m)


def test_an_hc4_threshold_in_words_keeps_its_text_and_persistence(window: Window) -> None:
    given = Baseline(
        metric="Conversion rate",
        text_threshold="investigate if conversion falls noticeably",
        higher_is_better=True,
        persistence="for 2+ days",
        persistence_seconds=2 * 86400.0,
        section="Production Readiness",
    )
    m = score_metric("checkout", _spec(given), _conversion(window, step=0.75), window)
    b = m.baseline
    assert b is not None and b.source == "learned"
    assert b.text_threshold == given.text_threshold and b.persistence == "for 2+ days"
    assert m.breach == "critical" and m.breach_hours == 7 * 24  # held 7 days > 2 days
    short = _conversion(window, step=1.0)
    short.values[-30:] *= 0.75  # 30 h: below the 2-day persistence
    m = score_metric("checkout", _spec(given), short, window)
    assert m.breach == "warning" and m.severity == "Warning"
