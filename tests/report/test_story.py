"""The story of a metric and freshness, on generated series (signals/synthetic.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.core.numbers import gap_text
from vortex_pulse.report.wording import metric_story, story
from vortex_pulse.signals.facts import MetricSpec
from vortex_pulse.signals.portfolio import score_portfolio
from vortex_pulse.signals.scoring.metric import score_metric
from vortex_pulse.signals.series import Series, SeriesKey
from vortex_pulse.signals.synthetic import DEFAULT_END, RATE_BASELINE, generate, spec_for
from vortex_pulse.signals.window import make_window

WINDOW = make_window(timedelta(days=21), DEFAULT_END)


def _score(name: str, window=WINDOW, **kw):  # type: ignore[no-untyped-def]
    sc = generate(name, seed=3, **kw)
    spec = MetricSpec(name="Action rate", series=sc.metric, baseline=sc.baseline)
    return score_metric("e", spec, sc.to_series("e")[0], window)


def test_step_story_says_before_after_onset_and_flat_since() -> None:
    m = _score("step_drop")
    assert m.level_before == pytest.approx(67.0, abs=0.5)
    assert m.step == pytest.approx(-25.0, abs=1.0)  # in points: the metric is a percent
    assert m.step_vs_band == pytest.approx(25.0 / 15.0, abs=0.1)
    assert not m.slope_after_significant  # flat after the step
    text = metric_story(m)
    assert text.startswith("Action rate fell from 67")
    assert "points" in text and "has held there for" in text and "floor" in text


def test_degrading_not_yet_breached_has_a_time_to_threshold() -> None:
    # 70 -> 55 over 21 days: -5 points a week, 5 points above the 50% line
    m = _score("slow_decline")
    assert m.breach != "critical" and m.slope_after_significant
    assert m.time_to_threshold_hours == pytest.approx(7 * 24, rel=0.25)
    assert "reaches the 50% investigate line in about" in metric_story(m)


def test_recovered_dip_tells_no_step_and_no_time_to_threshold() -> None:
    m = _score("transient_dip")
    assert m.step is None and m.time_to_threshold_hours is None
    assert m.gap == 0 and "inside the expected" in metric_story(m)


def test_one_spelling_of_a_gap() -> None:
    assert gap_text(-18.54, -0.309, 60, 75, "%") == "18.5 points below the 60% floor (31%)"
    assert gap_text(50.7, 0.169, 150, 300, "ms") == "50.7 ms above the 300 ms ceiling (17%)"
    assert gap_text(0.0, 0.0, 60, 75, "%") == "inside the expected band"


def test_a_text_threshold_satisfied_by_the_data_is_evaluated_and_keeps_confidence() -> None:
    ts = DEFAULT_END.timestamp() - 86400.0 * np.arange(20, -1, -1)
    zero = Series(SeriesKey("d", "complaints"), ts, np.zeros(len(ts)))
    rate = generate("healthy", seed=2)
    text = Baseline(metric="complaints", text_threshold="Complaints: any complaint about frequency")
    spec = spec_for("d", [rate])
    spec.metrics.append(MetricSpec(name="Complaints", series="complaints", baseline=text))
    pf = score_portfolio(
        [spec], {**{s.key: s for s in rate.to_series("d")}, zero.key: zero}, WINDOW
    )
    e = pf.experiments[0]
    complaints = next(m for m in e.metrics if m.name == "Complaints")
    assert complaints.text_check == "holds"
    assert e.confidence == "High"  # evaluated, so not "not scorable"
    assert 'the threshold "any complaint about frequency" holds' in story(e)
    breached = zero.values.copy()
    breached[-1] = 1.0
    one = Series(zero.key, ts, breached)
    pf = score_portfolio([spec], {**{s.key: s for s in rate.to_series("d")}, one.key: one}, WINDOW)
    m = next(m for m in pf.experiments[0].metrics if m.name == "Complaints")
    assert m.text_check == "breached"


def test_stale_data_is_measured_from_the_report_date() -> None:
    # window.end: latest = the newest point; the report is read 25 days later
    late = make_window(timedelta(days=21), DEFAULT_END, DEFAULT_END + timedelta(days=25))
    sc = generate("healthy", seed=1)
    pf = score_portfolio(
        [spec_for("e", [sc], scope="Wide")], {s.key: s for s in sc.to_series("e")}, late
    )
    e = pf.experiments[0]
    assert e.confidence == "Low"
    assert pf.stale_hours == pytest.approx(25 * 24)
    fresh = score_portfolio(
        [spec_for("e", [sc], scope="Wide")], {s.key: s for s in sc.to_series("e")}, WINDOW
    )
    assert fresh.experiments[0].confidence == "High" and fresh.stale_hours is None


def test_report_moment_is_the_end_of_the_report_day_or_now() -> None:
    from vortex_pulse.signals.window import report_moment

    now = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    assert report_moment(now.date(), now) == now
    assert report_moment(datetime(2026, 11, 19).date(), now) == datetime(2026, 11, 20, tzinfo=UTC)
    assert RATE_BASELINE.expected_low == 60.0
