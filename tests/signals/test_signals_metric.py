"""score_metric and score_experiment on hand-built series: edge cases and roll-up rules."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.signals.facts import ExperimentSpec, MetricSpec
from vortex_pulse.signals.scoring import score_experiment, score_metric
from vortex_pulse.signals.series import Series, SeriesKey, Window
from vortex_pulse.signals.synthetic import LATENCY_BASELINE, RATE_BASELINE, generate, spec_for
from vortex_pulse.signals.window import make_window

H = 3600.0


def _spec(baseline: Baseline | None = RATE_BASELINE, unit: str | None = None) -> MetricSpec:
    return MetricSpec(name="Action rate", series="action_rate", baseline=baseline, unit=unit)


def _series(window: Window, values: np.ndarray, n: np.ndarray | None = None) -> Series:
    end = window.end.timestamp()
    ts = end - H * np.arange(len(values) - 1, -1, -1, dtype=float)
    return Series(SeriesKey("e", "action_rate"), ts, values, n)


def test_step_drop_facts_are_hand_checkable(window: Window) -> None:
    values = np.r_[np.full(404, 67.0), np.full(100, 42.0)]  # noiseless
    m = score_metric("e", _spec(), _series(window, values), window)
    assert m.observed == 42.0 and m.gap == -18.0 and m.gap_relative == -0.3
    assert m.divergence == 0.3 and m.breach == "critical" and m.breach_hours == 100.0
    assert (m.severity, m.direction, m.trajectory) == ("Critical", "Negative", "Degrading")
    assert m.change_point == "2026-02-24T21:00:00Z"  # first low point, 99 h before the end
    assert m.trend_duration_hours == 99.0
    assert m.points == 504 and m.samples == 504 and m.completeness == 1.0
    assert m.first == "2026-02-08T01:00:00Z" and m.last == "2026-03-01T00:00:00Z"
    assert [a.kind for a in m.anomalies] == ["level_shift"]
    assert m.anomalies[0].magnitude == -25.0


def test_fraction_and_percent_series_give_the_same_facts(window: Window) -> None:
    sc = generate("slow_decline", seed=4)
    pct = score_metric("e", _spec(), sc.to_series("e")[0], window)
    frac = score_metric("e", _spec(), sc.to_series("e", fraction=True)[0], window)
    assert frac.rescaled == 100.0 and pct.rescaled is None
    assert any("rescaled x100" in n for n in frac.notes)
    assert frac.observed is not None and pct.observed is not None
    assert abs(frac.observed - pct.observed) < 1e-9
    same = ("severity", "breach", "direction", "trajectory", "change_point", "confidence")
    assert {k: getattr(frac, k) for k in same} == {k: getattr(pct, k) for k in same}


def test_transient_dip_now_is_a_warning_not_critical(window: Window) -> None:
    values = np.r_[np.full(499, 67.0), np.full(5, 40.0)]
    m = score_metric("e", _spec(), _series(window, values), window)
    # The 24 h median (19 x 67, 5 x 40) is 67: inside the band, but the threshold is breached.
    assert m.observed == 67.0 and m.gap == 0.0
    assert (m.breach, m.severity, m.direction) == ("warning", "Warning", "Negative")
    assert m.breach_hours == 5.0 and not m.anomalies
    assert any("shorter than the persistence (for 2+ days)" in n for n in m.notes)


def test_lower_is_better_latency(window: Window) -> None:
    values = np.r_[np.full(480, 220.0), np.full(24, 320.0)]  # above the band, below 500
    spec = MetricSpec(name="p95", series="latency_p95", baseline=LATENCY_BASELINE)
    m = score_metric("e", spec, _series(window, values), window)
    assert (m.gap, m.breach, m.direction, m.severity) == (20.0, "warning", "Negative", "Warning")
    better = score_metric("e", spec, _series(window, np.full(504, 120.0)), window)
    assert (better.gap, better.direction, better.severity) == (-30.0, "Positive", "Warning")


def test_no_data_and_no_numeric_baseline_never_raise(window: Window) -> None:
    m = score_metric("e", _spec(), None, window)
    assert m.observed is None and m.confidence == "Low" and m.trajectory == "Insufficient Data"
    assert m.notes == ["no data in the window"]
    text = Baseline(metric="m", text_threshold="Any consultant stops mid-engagement")
    m = score_metric("e", _spec(text), _series(window, np.full(50, 1.0)), window)
    assert m.observed is None and m.points == 50 and m.confidence == "Low"
    assert "Any consultant stops mid-engagement" in m.notes[0]


def test_points_outside_the_window_are_ignored(window: Window) -> None:
    s = _series(window, np.full(504, 67.0))
    early = Series(s.key, np.r_[s.ts[0] - 30 * 86400, s.ts], np.r_[0.0, s.values])
    m = score_metric("e", _spec(), early, window)
    assert m.points == 504 and m.observed == 67.0


def test_llm_baseline_caps_confidence_and_roll_up(window: Window) -> None:
    llm = RATE_BASELINE.model_copy(update={"source": "llm"})
    m = score_metric("e", _spec(llm), _series(window, np.full(504, 67.0)), window)
    assert m.confidence == "Medium"
    sc = generate("healthy", seed=1)
    spec = ExperimentSpec(
        id="e",
        name="E",
        metrics=[_spec(), MetricSpec(name="Missing", series="absent", baseline=RATE_BASELINE)],
        llm_baselines=1,
    )
    facts = score_experiment(spec, {s.key: s for s in sc.to_series("e")}, window)
    # High (lead) -> Medium (a metric is not scorable) -> Low (a model-proposed baseline).
    assert facts.confidence == "Low" and facts.lead_metric == "Action rate"
    assert not facts.insufficient_data


def test_experiment_lead_metric_is_the_most_severe(window: Window) -> None:
    healthy, drop = generate("healthy", seed=2), generate("latency_regression", seed=2)
    spec = spec_for("e", [healthy, drop], scope="Wide")
    data = {s.key: s for sc in (healthy, drop) for s in sc.to_series("e")}
    facts = score_experiment(spec, data, window)
    assert facts.lead_metric == "Latency p95"
    assert (facts.severity, facts.direction, facts.trajectory) == (
        "Critical", "Negative", "Degrading",
    )  # fmt: skip
    assert facts.anomaly and facts.scope == "Wide"


def test_experiment_without_any_usable_metric_is_insufficient(window: Window) -> None:
    sparse = generate("sparse")
    facts = score_experiment(
        spec_for("e", [sparse]), {s.key: s for s in sparse.to_series("e")}, window
    )
    assert facts.insufficient_data and facts.confidence == "Low"
    assert facts.trajectory == "Insufficient Data" and facts.severity == "Informational"
    assert any(n.startswith("insufficient data:") for n in facts.notes)
    empty = score_experiment(ExperimentSpec(id="x", name="X"), {}, window)
    assert empty.insufficient_data and "no metrics configured" in empty.notes[-1]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(
        st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=0, max_size=60
    ),
    step_h=st.sampled_from([0.0, 0.5, 1.0, 24.0]),
    low=st.none() | st.floats(-100, 100),
    high=st.none() | st.floats(-100, 100),
    op=st.none() | st.sampled_from(["<", "<=", ">", ">="]),
    threshold=st.floats(-100, 100),
    unit=st.sampled_from([None, "%", "ms"]),
)
def test_score_metric_never_raises(
    values: list[float],
    step_h: float,
    low: float | None,
    high: float | None,
    op: str | None,
    threshold: float,
    unit: str | None,
) -> None:
    end = datetime(2026, 3, 1, tzinfo=UTC)
    window = make_window(timedelta(days=3), end)
    b = Baseline.model_validate(
        {"metric": "m", "unit": unit, "expected_low": low, "expected_high": high,
         "investigate_op": op, "investigate_value": threshold if op else None}
    )  # fmt: skip
    ts = end.timestamp() - step_h * H * np.arange(len(values) - 1, -1, -1, dtype=float)
    s = Series(SeriesKey("e", "m"), ts, np.array(values, dtype=float))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy RuntimeWarning either
        m = score_metric("e", MetricSpec(name="M", series="m", baseline=b), s, window)
    assert m.points <= len(values)
    assert m.observed is None or np.isfinite(m.observed)


def test_insufficient_data_names_the_real_reason(window: Window) -> None:
    # 5 hourly fractions against a percent band: rescaled, but too few points to score
    spec = ExperimentSpec(id="e", name="E", metrics=[_spec()])
    s = _series(window, np.full(5, 0.62))
    facts = score_experiment(spec, {s.key: s}, window)
    reason = next(n for n in facts.notes if n.startswith("insufficient data:"))
    assert "Action rate: trajectory:" in reason
    assert "rescaled" not in reason


def test_experiment_totals_over_its_metrics(window: Window) -> None:
    spec = ExperimentSpec(
        id="e",
        name="E",
        metrics=[_spec(), MetricSpec(name="Other", series="other", baseline=RATE_BASELINE)],
    )
    s = _series(window, np.full(30, 67.0), n=np.full(30, 10.0))
    facts = score_experiment(spec, {s.key: s}, window)  # "other" has no data
    assert (facts.samples, facts.points, facts.series_with_data) == (300, 30, 1)
