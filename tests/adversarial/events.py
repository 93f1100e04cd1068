"""One alert event for sink tests."""

from __future__ import annotations

from datetime import UTC, datetime

from vortex_pulse.pulse.alerts.model import Alert, Event


def one_event() -> Event:
    alert = Alert(
        experiment="exp", name="Exp", kind="experiment", metric="Action rate",
        series="action_rate", severity="critical", priority="P1", current=42.0, unit="%",
        target="60-75 %", threshold="< 50 %", hc5_path="/tmp/hc5.md", report_date="2026-11-23",
    )  # fmt: skip
    return Event(status="firing", alert=alert, starts_at=datetime(2026, 11, 23, tzinfo=UTC))
