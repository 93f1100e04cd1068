"""Noah's monitor step: which requests ask for history, and charts stay inside the window."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from vortex_pulse.agents.noah.monitor import charts_for, requests_by_source
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.signals.facts import ExperimentSpec, MetricSpec
from vortex_pulse.signals.series import Series, SeriesKey, Window


def test_only_metrics_without_numbers_ask_for_history() -> None:
    spec = ExperimentSpec(
        id="e",
        name="E",
        metrics=[
            MetricSpec(name="A", series="a", baseline=Baseline(metric="A", expected_low=1.0)),
            MetricSpec(name="B", series="b", baseline=Baseline(metric="B", text_threshold="up")),
            MetricSpec(name="C", series="c"),
        ],
    )
    reqs = requests_by_source([spec], learn_s=3600.0)["default"]
    assert {r.metric: r.history_s for r in reqs} == {"a": 0.0, "b": 3600.0, "c": 3600.0}
    assert {r.history_s for r in requests_by_source([spec])["default"]} == {0.0}


def test_charts_leave_the_history_out() -> None:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    window = Window(start, datetime(2026, 3, 2, tzinfo=UTC))
    ts = start.timestamp() + 3600.0 * np.arange(-24, 25)
    key = SeriesKey("e", "a")
    chart = charts_for({key: Series(key, ts, np.arange(len(ts), dtype=float))}, window)["a"]
    assert len(chart["t"]) == 24 and min(chart["t"]) > start.timestamp()
