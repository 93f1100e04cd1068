"""The alert state machine: new, persisting, re-sent, changed, resolved; across restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from vortex_pulse.pulse.alerts.derive import derive_alerts
from vortex_pulse.pulse.alerts.model import Alert
from vortex_pulse.pulse.alerts.state import AlertState, plan

from tests.support.alerts import experiment, report

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _alerts(**kw: object) -> list[Alert]:
    return derive_alerts(report(experiment("checkout", **kw)), "/out/hc5.md")  # type: ignore[arg-type]


def test_breaches_become_alerts_healthy_metrics_do_not() -> None:
    r = report(
        experiment("checkout"),
        experiment("onboarding", priority="P3", breach="none", observed=67.0),
        experiment("search", priority="P2", breach="warning", observed=58.0, hc4=False),
    )
    alerts = derive_alerts(r, "/out/hc5.md")
    assert [(a.experiment, a.severity, a.priority, a.kind) for a in alerts] == [
        ("checkout", "critical", "P1", "experiment"),
        ("search", "warning", "P2", "service"),
    ]
    a = alerts[0]
    assert (a.current, a.target, a.threshold) == (42.0, "60-75%", "< 50% for 2+ days")
    assert a.at_or_above("P1") and a.at_or_above("P2")
    assert not alerts[1].at_or_above("P1")


def test_fingerprint_is_stable_across_values_and_priorities() -> None:
    [a] = _alerts(observed=42.0)
    [b] = _alerts(observed=44.0, priority="P2")
    assert a.fingerprint == b.fingerprint
    assert a.labels != b.labels


def test_first_pass_fires_second_pass_is_quiet_until_resend(tmp_path: Path) -> None:
    state = AlertState(tmp_path / "alerts.sqlite")
    alerts = _alerts()
    first = plan(alerts, state.firing("am"), T0, resend_s=3600)
    assert [(e.status, e.new) for e in first.events] == [("firing", True)]
    state.record("am", first.events, T0)

    # a restart: a new AlertState over the same file remembers the firing alert
    state = AlertState(tmp_path / "alerts.sqlite")
    stored = state.firing("am")
    assert stored[alerts[0].fingerprint].since == T0
    later = T0 + timedelta(seconds=3599)
    assert plan(alerts, stored, later, resend_s=3600).events == []
    assert plan(alerts, stored, later, resend_s=None).events == []

    due = T0 + timedelta(seconds=3600)
    resend = plan(alerts, stored, due, resend_s=3600).events
    assert [(e.status, e.new, e.starts_at) for e in resend] == [("firing", False, T0)]
    assert plan(alerts, stored, due, resend_s=None).events == []  # webhooks: no re-send
    state.record("am", resend, due)
    assert state.firing("am")[alerts[0].fingerprint].last_sent == due
    assert state.firing("am")[alerts[0].fingerprint].since == T0


def test_a_cleared_breach_resolves_once(tmp_path: Path) -> None:
    state = AlertState(tmp_path / "alerts.sqlite")
    fired = plan(_alerts(), {}, T0, resend_s=None)
    state.record("hook", fired.events, T0)
    t1 = T0 + timedelta(minutes=5)
    cleared = plan([], state.firing("hook"), t1, resend_s=None)
    assert [(e.status, e.starts_at, e.ends_at) for e in cleared.events] == [("resolved", T0, t1)]
    state.record("hook", cleared.events, t1)
    assert state.firing("hook") == {}
    assert plan([], state.firing("hook"), t1 + timedelta(minutes=5), resend_s=None).events == []


def test_an_escalation_is_announced_and_replaces_the_old_label_set(tmp_path: Path) -> None:
    state = AlertState(tmp_path / "alerts.sqlite")
    [warn] = _alerts(breach="warning", priority="P2")
    state.record("am", plan([warn], {}, T0, resend_s=3600).events, T0)
    [crit] = _alerts()
    t1 = T0 + timedelta(minutes=5)
    p = plan([crit], state.firing("am"), t1, resend_s=3600)
    assert [(e.status, e.new, e.alert.severity) for e in p.events] == [("firing", True, "critical")]
    assert [(e.status, e.alert.severity, e.ends_at) for e in p.replaced] == [
        ("resolved", "warning", t1)
    ]


def test_sinks_keep_separate_state(tmp_path: Path) -> None:
    state = AlertState(tmp_path / "alerts.sqlite")
    state.record("a", plan(_alerts(), {}, T0, resend_s=None).events, T0)
    assert state.firing("b") == {}
    assert len(plan(_alerts(), state.firing("b"), T0, resend_s=None).events) == 1
