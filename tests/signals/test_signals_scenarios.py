"""The scenario suite: synthetic series with known behaviour, accuracy per field.

Each scenario is scored for SEEDS noise draws; every field must be right in at least
ACCURACY of them (the rules are deterministic, the noise is not), and the change point must
fall within CP_TOLERANCE points of the true one.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from vortex_pulse.signals.facts import MetricFacts
from vortex_pulse.signals.portfolio import score_portfolio
from vortex_pulse.signals.scoring import score_experiment
from vortex_pulse.signals.series import Series, SeriesKey, Window
from vortex_pulse.signals.synthetic import SCENARIOS, Scenario, generate, related_pair, spec_for

SEEDS = 12
ACCURACY = 0.9
CP_TOLERANCE = 3
FIELDS = ("severity", "breach", "direction", "trajectory", "anomaly")


def _data(sc: Scenario, exp: str) -> dict[SeriesKey, Series]:
    # Segment scenarios give only segment series: scoring builds their aggregate.
    return {s.key: s for s in sc.to_series(exp)}


def _cp_index(sc: Scenario, m: MetricFacts) -> int | None:
    if m.change_point is None:
        return None
    t = np.datetime64(m.change_point.removesuffix("Z"), "s").astype(np.int64)
    return int(np.searchsorted(sc.ts, float(t)))


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_accuracy_per_field(name: str, window: Window) -> None:
    hits: Counter[str] = Counter()
    for seed in range(SEEDS):
        sc = generate(name, seed=seed)
        m = score_experiment(spec_for("e", [sc]), _data(sc, "e"), window).metrics[0]
        got = {
            "severity": m.severity,
            "breach": m.breach,
            "direction": m.direction,
            "trajectory": m.trajectory,
            "anomaly": bool(m.anomalies),
        }
        for f in FIELDS:
            hits[f] += got[f] == getattr(sc.expected, f)
        cp = _cp_index(sc, m)
        if sc.expected.change_point_index is None:
            hits["change_point"] += cp is None
        else:
            hits["change_point"] += cp is not None and (
                abs(cp - sc.expected.change_point_index) <= CP_TOLERANCE
            )
    accuracy = {f: hits[f] / SEEDS for f in (*FIELDS, "change_point")}
    assert all(a >= ACCURACY for a in accuracy.values()), accuracy


@pytest.mark.parametrize(
    ("name", "scope", "priority"),
    [
        ("step_drop", "Wide", "P1"),
        ("step_drop", "Narrow", "P2"),
        ("slow_decline", "Wide", "P2"),
        ("slow_decline", "Narrow", "P3"),
        ("surge", "Moderate", "P2"),
        ("healthy", "Wide", "P3"),
        ("sparse", "Wide", "P3"),
        ("latency_regression", "Wide", "P1"),
    ],
)
def test_scenario_priority(name: str, scope: str, priority: str, window: Window) -> None:
    sc = generate(name, seed=5)
    pf = score_portfolio([spec_for("e", [sc], scope=scope)], _data(sc, "e"), window)
    assert pf.experiments[0].priority == priority, pf.experiments[0].priority_rule


def test_two_related_experiments_breaking_together(window: Window) -> None:
    a, b = related_pair(seed=9)
    calm = generate("healthy", seed=9)
    specs = [
        spec_for("a", [a], scope="Wide", related=["b"]),
        spec_for("b", [b], scope="Wide"),
        spec_for("c", [calm], scope="Wide"),
    ]
    data = {**_data(a, "a"), **_data(b, "b"), **_data(calm, "c")}
    pf = score_portfolio(specs, data, window)
    # one systemic finding, not three patterns restating the same pair
    (p,) = pf.patterns
    assert p.type == "systemic" and p.experiments == ["a", "b"] and p.onset
    assert "in the same hour" in p.evidence and "related" in p.evidence
    ranked = [e.id for e in pf.experiments]
    assert ranked[2] == "c" and {e.priority for e in pf.experiments[:2]} == {"P1"}
    for e in pf.experiments[:2]:
        # the level shift is explained by the systemic finding: no user-discovery flag
        assert [(x.kind, x.explained_by) for x in e.anomalies] == [("level_shift", p.topic)]
    assert not pf.experiments[2].anomaly and pf.severity == "Critical"


def test_correlated_divergence_needs_overlapping_change_points(window: Window) -> None:
    a, b = related_pair(seed=4)
    creep = generate("slow_decline", seed=4)
    specs = [spec_for("a", [a], scope="Wide"), spec_for("b", [b], scope="Wide"),
             spec_for("c", [creep], scope="Wide")]  # fmt: skip
    data = {**_data(a, "a"), **_data(b, "b"), **_data(creep, "c")}
    pf = score_portfolio(specs, data, window)
    (p,) = [p for p in pf.patterns if p.type == "correlated_divergence"]
    # the two steps move together; the creep is bad in the same window but does not
    assert p.experiments == ["a", "b"] and "overlapping change points" in p.evidence
    assert not any(p.type == "systemic" for p in pf.patterns)  # not related, nothing shared


def test_a_shared_component_named_by_both_hc4s_makes_a_systemic_finding(window: Window) -> None:
    a, b = related_pair(seed=6)
    specs = [spec_for("a", [a], scope="Wide", shared=["suggestion engine"]),
             spec_for("b", [b], scope="Wide", shared=["suggestion engine"])]  # fmt: skip
    pf = score_portfolio(specs, {**_data(a, "a"), **_data(b, "b")}, window)
    (p,) = pf.patterns
    assert (p.type, p.surface, p.topic) == ("systemic", "suggestion engine", "suggestion-engine")
    assert "both HC4s say they share the suggestion engine" in p.evidence
