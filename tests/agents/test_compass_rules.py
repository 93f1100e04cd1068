"""The Compass rule table, one test per branch, plus the combination case."""

from __future__ import annotations

from vortex_pulse.agents.compass.rules import plan_routes

from tests.support.facts import critical, experiment, portfolio


def test_complete_report_routes_to_max_only() -> None:
    routes = plan_routes(portfolio(experiment("a"), experiment("b")))
    assert [(r.agent, r.workflow, r.contract) for r in routes] == [("max", "learning-card", "HC5")]
    assert routes[0].experiments == ["a", "b"]
    assert "P3: 2" in routes[0].reason


def test_anomaly_routes_to_isla_with_hc10() -> None:
    routes = plan_routes(portfolio(critical("a", anomaly=True), experiment("b")))
    isla = [r for r in routes if r.agent == "isla"]
    assert len(isla) == 1
    assert (isla[0].workflow, isla[0].contract, isla[0].experiments) == (
        "user-discovery",
        "HC10",
        ["a"],
    )
    assert "fell from 67% to 42%" in isla[0].reason
    # the report is still complete: Max gets it too
    assert routes[0].agent == "max"


def test_critical_signal_without_high_confidence_gets_a_deep_dive() -> None:
    routes = plan_routes(portfolio(critical("a", confidence="Medium"), experiment("b")))
    noah = [r for r in routes if r.agent == "noah"]
    assert [(r.workflow, r.experiments) for r in noah] == [("signal-interpretation", ["a"])]
    assert "Medium" in noah[0].reason


def test_high_confidence_critical_needs_no_deep_dive() -> None:
    routes = plan_routes(portfolio(critical("a")))
    assert [r.agent for r in routes] == ["max"]


def test_low_confidence_portfolio_without_signals_is_insufficient_evidence() -> None:
    exps = [experiment("a", confidence="Low", trajectory="Insufficient Data")]
    routes = plan_routes(portfolio(*exps, confidence="Low"))
    assert len(routes) == 1
    r = routes[0]
    assert (r.agent, r.workflow, r.contract) == ("none", "insufficient-evidence", None)
    assert r.needs is not None
    for who in ("Max needs", "Isla needs", "Noah deep dive needs"):
        assert who in r.needs


def test_low_confidence_portfolio_still_routes_an_anomaly_to_isla() -> None:
    routes = plan_routes(portfolio(critical("a", anomaly=True), confidence="Low"))
    assert [r.agent for r in routes] == ["isla"]


def test_a_systemic_signal_goes_to_a_deep_dive_not_to_isla() -> None:
    from vortex_pulse.signals.facts import Pattern

    a, b = critical("a", anomaly=True), critical("b", anomaly=True)
    for e in (a, b):
        e.anomalies = [x.model_copy(update={"explained_by": "engine"}) for x in e.anomalies]
    facts = portfolio(a, b)
    facts.patterns = [
        Pattern(
            type="systemic",
            experiments=["a", "b"],
            evidence="e",
            surface="engine",
            topic="engine",
            onset="2026-11-16T00:00:00Z",
        )  # fmt: skip
    ]
    routes = plan_routes(facts)
    assert [r.agent for r in routes] == ["max", "noah"]
    assert routes[1].topic == "engine" and routes[1].experiments == ["a", "b"]
    assert "Systemic signal on the engine" in routes[1].reason
