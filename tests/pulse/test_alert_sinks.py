"""Sink payloads (Alertmanager, JSON, Slack, PagerDuty, JSONL) delivered to a local receiver."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from vortex_pulse.core.config import PulseConfig, config_from_dict
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.pulse.alerts import process_alerts
from vortex_pulse.pulse.alerts.sinks import build_sinks
from vortex_pulse.pulse.pipeline import RunResult

from tests.support.alerts import experiment, report
from tests.support.promstack import Receiver, free_port

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _cfg(tmp_path: Path, *sinks: dict[str, Any], resend_s: float = 3600) -> PulseConfig:
    raw = {
        "state_dir": str(tmp_path / "state"),
        "alerting": {"sinks": list(sinks), "resend_s": resend_s},
    }
    return config_from_dict(raw, None)


def _result(*exps: Any) -> RunResult:
    r = report(*exps)
    return RunResult(
        report=r,
        hc5_path=Path("/out/hc5-portfolio-report-2026-03-01.md"),
        json_path=Path("/out/r.json"),
    )


P1 = experiment("checkout")
P2 = experiment("search", priority="P2", breach="warning", observed=58.0)


def test_json_webhook_gets_new_alerts_once_and_the_resolution(
    tmp_path: Path, receiver: Receiver
) -> None:
    cfg = _cfg(tmp_path, {"type": "webhook", "url": receiver.url, "format": "json"})
    out = process_alerts(cfg, _result(P1, P2), now=T0)
    assert out.ok and (out.sinks[0].firing, out.sinks[0].resolved) == (2, 0)
    [body] = receiver.bodies
    assert body["status"] == "firing" and body["sentAt"] == "2026-03-01T12:00:00Z"
    first = body["alerts"][0]
    assert first["labels"] == {
        "alertname": "PulseSignalBreach", "experiment": "checkout", "metric": "action_rate",
        "severity": "critical", "priority": "P1", "kind": "experiment",
    }  # fmt: skip
    assert first["annotations"]["current"] == "42%"
    assert first["annotations"]["target"] == "60-75%"
    assert first["alert"]["hc5_path"].endswith("hc5-portfolio-report-2026-03-01.md")

    # same breaches again (even a day later): no webhook call at all
    assert process_alerts(cfg, _result(P1, P2), now=T0 + timedelta(days=1)).ok
    assert len(receiver.bodies) == 1

    # checkout clears: exactly one resolved item, then silence
    process_alerts(cfg, _result(P2), now=T0 + timedelta(days=1, hours=1))
    resolved = receiver.bodies[1]
    assert resolved["status"] == "resolved"
    assert [(a["status"], a["labels"]["experiment"]) for a in resolved["alerts"]] == [
        ("resolved", "checkout")
    ]
    assert resolved["alerts"][0]["endsAt"] == "2026-03-02T13:00:00Z"
    assert resolved["alerts"][0]["startsAt"] == "2026-03-01T12:00:00Z"
    process_alerts(cfg, _result(P2), now=T0 + timedelta(days=2))
    assert len(receiver.bodies) == 2


def test_min_priority_filters_per_sink(tmp_path: Path, receiver: Receiver) -> None:
    cfg = _cfg(tmp_path, {"type": "webhook", "url": receiver.url, "min_priority": "P1"})
    process_alerts(cfg, _result(P1, P2), now=T0)
    assert [a["labels"]["experiment"] for a in receiver.bodies[0]["alerts"]] == ["checkout"]


def test_slack_payload_escapes_untrusted_text(tmp_path: Path, receiver: Receiver) -> None:
    evil = experiment("checkout")
    evil.name = "<!channel> Checkout & co"
    cfg = _cfg(tmp_path, {"type": "webhook", "url": receiver.url, "format": "slack"})
    process_alerts(cfg, _result(evil), now=T0)
    [body] = receiver.bodies
    assert body["text"] == "vortex-pulse: 1 firing, 0 resolved"
    text = body["blocks"][0]["text"]["text"]
    assert "&lt;!channel&gt; Checkout &amp; co" in text and "<!channel>" not in text
    assert "*P1 critical*" in text


def test_pagerduty_trigger_and_resolve_with_key_from_env(
    tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PD_KEY", "R0UTING-KEY")
    cfg = _cfg(
        tmp_path,
        {
            "type": "webhook",
            "url": receiver.url,
            "format": "pagerduty",
            "routing_key_env": "PD_KEY",
        },
    )
    process_alerts(cfg, _result(P1), now=T0)
    process_alerts(cfg, _result(), now=T0 + timedelta(hours=1))
    trigger, resolve = receiver.bodies
    assert trigger["routing_key"] == "R0UTING-KEY" and trigger["event_action"] == "trigger"
    assert trigger["payload"]["severity"] == "critical"
    assert trigger["payload"]["component"] == "checkout"
    assert trigger["payload"]["custom_details"]["priority"] == "P1"
    assert resolve == {
        "routing_key": "R0UTING-KEY", "event_action": "resolve",
        "dedup_key": trigger["dedup_key"],
    }  # fmt: skip


def test_alertmanager_payload_resends_with_same_labels_and_start(
    tmp_path: Path, receiver: Receiver
) -> None:
    cfg = _cfg(tmp_path, {"type": "alertmanager", "url": receiver.url}, resend_s=600)
    process_alerts(cfg, _result(P1), now=T0)
    quiet = process_alerts(cfg, _result(P1), now=T0 + timedelta(seconds=599))
    assert quiet.sinks[0].resent == 0 and len(receiver.bodies) == 1
    again = process_alerts(cfg, _result(P1), now=T0 + timedelta(seconds=600))
    assert (again.sinks[0].firing, again.sinks[0].resent) == (0, 1)
    [first], [second] = receiver.bodies
    assert first["labels"] == second["labels"]
    assert first["startsAt"] == second["startsAt"] == "2026-03-01T12:00:00Z"
    # firing alerts hold for 4 re-send periods past the post
    assert first["endsAt"] == "2026-03-01T12:40:00Z"
    assert second["endsAt"] == "2026-03-01T12:50:00Z"
    assert set(first["annotations"]) == {"summary", "description", "current", "target"}
    assert first["generatorURL"].startswith("file:///")


def test_jsonl_file_appends_one_object_per_line(tmp_path: Path) -> None:
    path = tmp_path / "incidents" / "alerts.jsonl"
    cfg = _cfg(tmp_path, {"type": "file", "path": str(path)})
    process_alerts(cfg, _result(P1, P2), now=T0)
    process_alerts(cfg, _result(P2), now=T0 + timedelta(hours=1))
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    assert [(x["status"], x["labels"]["experiment"]) for x in lines] == [
        ("firing", "checkout"), ("firing", "search"), ("resolved", "checkout"),
    ]  # fmt: skip


def test_a_failing_sink_is_reported_and_retried_next_pass(
    tmp_path: Path, receiver: Receiver
) -> None:
    port = free_port()
    down = f"http://127.0.0.1:{port}/hook"
    cfg = _cfg(
        tmp_path,
        {"type": "webhook", "url": down},
        {"type": "webhook", "url": receiver.url},
    )
    out = process_alerts(cfg, _result(P1), now=T0)
    assert not out.ok
    assert out.lines() == [
        f"alerts: failed: json:127.0.0.1:{port}: ConnectError",
        f"alerts: json:127.0.0.1:{receiver.url.rsplit(':', 1)[1]}: 1 new, 0 re-sent, 0 resolved",
    ]
    assert out.sinks[0].error == f"json:127.0.0.1:{port}: ConnectError"  # no URL path
    assert out.sinks[1].error is None and len(receiver.bodies) == 1

    receiver.status = 500
    cfg2 = _cfg(tmp_path / "b", {"type": "webhook", "url": receiver.url})
    failed = process_alerts(cfg2, _result(P1), now=T0)
    assert failed.sinks[0].error is not None and "HTTP 500" in failed.sinks[0].error
    receiver.status = 200
    retried = process_alerts(cfg2, _result(P1), now=T0 + timedelta(minutes=5))
    assert retried.ok and retried.sinks[0].firing == 1  # still new: the failure was not recorded


def test_headers_come_from_the_environment(
    tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = _cfg(
        tmp_path, {"type": "webhook", "url": receiver.url, "headers": {"X-Token": "HOOK_TOKEN"}}
    )
    missing = process_alerts(cfg, _result(P1), now=T0)
    assert (
        missing.sinks[0].error == f"json:127.0.0.1:{receiver.url.rsplit(':', 1)[1]}:"
        " environment variable HOOK_TOKEN is not set"
    )
    monkeypatch.setenv("HOOK_TOKEN", "t0ken")
    assert process_alerts(cfg, _result(P1), now=T0).ok
    assert receiver.headers[0]["X-Token"] == "t0ken"


def test_a_sink_without_its_url_is_a_config_error(tmp_path: Path) -> None:
    cfg = _cfg(tmp_path, {"type": "webhook", "format": "slack"})
    with pytest.raises(ConfigError, match=r"alerting\.sinks\[0\]\.url"):
        process_alerts(cfg, _result(P1), now=T0)


def test_a_secret_webhook_url_comes_from_the_environment(
    tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = _cfg(tmp_path, {"type": "webhook", "url_env": "SLACK_URL", "format": "slack"})
    with pytest.raises(ConfigError, match=r"sinks\[0\]\.url_env: environment variable SLACK_URL"):
        process_alerts(cfg, _result(P1), now=T0)
    monkeypatch.setenv("SLACK_URL", receiver.url + "/services/T000/B000/XXXX")
    assert "XXXX" not in repr(cfg) and "XXXX" not in repr(build_sinks(cfg.alerting))
    out = process_alerts(cfg, _result(P1), now=T0)
    assert out.ok and out.sinks[0].sink == f"slack:127.0.0.1:{receiver.url.rsplit(':', 1)[1]}"
    assert len(receiver.bodies) == 1
