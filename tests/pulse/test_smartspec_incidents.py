"""Incident dispatch for SmartSpec SLOs: what the sinks hear when an NFR leaves the spec."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from vortex_pulse.pulse.alerts.model import Event
from vortex_pulse.pulse.smartspec.incidents import STATE_FILE, dispatch
from vortex_pulse.pulse.smartspec.scope import ReportsDir


class Recorder:
    name, key, resend_s, min_priority = "recorder", "rec", None, "P3"

    def __init__(self) -> None:
        self.events: list[Event] = []

    def send(self, events: Sequence[Event], replaced: Sequence[Event], now: datetime) -> None:
        self.events.extend(events)


def test_an_nfr_that_left_the_spec_is_resolved_at_the_sinks_too(tmp_path: Path) -> None:
    reports = ReportsDir(tmp_path)
    fired = {
        "source": "production_monitor", "spec_id": "checkout-api", "metric": "api_latency_p99",
        "value": 412.0, "slo": "< 200ms", "severity": "SEV-2", "service": "checkout-api",
        "current": "412 ms", "target": "< 200 ms", "status": "firing", "nfr_id": "NFR-P1",
        "requirement": "p99 Latency", "alert": "threshold", "run_id": "20261130-120000Z",
    }  # fmt: skip
    state = {"checkout-api": {"NFR-P1": {"severity": "SEV-2", "since": "x", "payload": fired}}}
    reports.write(STATE_FILE, json.dumps(state))
    sink = Recorder()
    out = dispatch(
        [], reports=reports, spec_id="checkout-api", service="checkout-api",
        run_id="20261130-130000Z", report_path="r.md", now=datetime(2026, 11, 30, 13, tzinfo=UTC),
        hook=None, sinks=[sink],
    )  # fmt: skip
    assert [b["status"] for b in out.sent] == ["resolved"]
    (event,) = sink.events
    assert event.status == "resolved"
    assert event.alert.series == "api_latency_p99" and event.alert.severity == "critical"
    assert json.loads(reports.read(STATE_FILE) or "{}")["checkout-api"] == {}
