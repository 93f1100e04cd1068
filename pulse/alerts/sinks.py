"""Where alerts go: Alertmanager v2, a JSON / Slack / PagerDuty webhook, a JSONL file.

Payload builders are pure functions (tested on their own); `Sink.send` does the I/O and
raises SinkError with one line naming the sink (never a URL path or header: Slack and
PagerDuty put secrets there).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
from vortex_pulse.core.config import AlertingConfig, AlertSinkConfig
from vortex_pulse.core.deadline import http_request
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.pulse.alerts.model import GENERATOR, Event

PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue"
# Firing alerts tell Alertmanager how long they hold without news, like Prometheus does
# (4 x its resend delay); a re-send before then keeps them firing.
AM_HOLD_FACTOR = 4


class SinkError(Exception):
    """A delivery failed; the message is one line and carries no secret."""


def _iso(t: datetime) -> str:
    return t.isoformat().replace("+00:00", "Z")


def _generator_url(ev: Event) -> str:
    p = Path(ev.alert.hc5_path)
    return p.resolve().as_uri() if p.is_absolute() or p.exists() else ev.alert.hc5_path


def annotations_of(ev: Event) -> dict[str, str]:
    a = ev.alert
    return {
        "summary": a.summary,
        "description": a.description,
        "current": a.current_text,
        "target": a.target or a.threshold,
    }


def alertmanager_payload(
    events: Sequence[Event], replaced: Sequence[Event], now: datetime, resend_s: float
) -> list[dict[str, Any]]:
    """POST /api/v2/alerts body: firing alerts hold AM_HOLD_FACTOR x resend_s, resolved end now."""
    out = []
    for ev in [*replaced, *events]:
        ends = ev.ends_at or now + timedelta(seconds=AM_HOLD_FACTOR * resend_s)
        out.append(
            {
                "labels": ev.alert.labels,
                "annotations": annotations_of(ev),
                "startsAt": _iso(ev.starts_at),
                "endsAt": _iso(ends),
                "generatorURL": _generator_url(ev),
            }
        )
    return out


def event_record(ev: Event) -> dict[str, Any]:
    """One event as plain JSON: the generic webhook's items and the JSONL file's lines."""
    return {
        "status": ev.status,
        "new": ev.new,
        "fingerprint": ev.alert.fingerprint,
        "labels": ev.alert.labels,
        "annotations": annotations_of(ev),
        "startsAt": _iso(ev.starts_at),
        "endsAt": _iso(ev.ends_at) if ev.ends_at else None,
        "alert": ev.alert.to_dict(),
    }


def json_payload(events: Sequence[Event], now: datetime) -> dict[str, Any]:
    firing = sum(ev.status == "firing" for ev in events)
    return {
        "version": "1",
        "generator": GENERATOR,
        "sentAt": _iso(now),
        "status": "firing" if firing else "resolved",
        "alerts": [event_record(ev) for ev in events],
    }


def _slack_escape(text: str) -> str:
    # Slack control sequences (<!channel>, <url|label>) start with '<': untrusted text stays text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(events: Sequence[Event]) -> dict[str, Any]:
    lines = []
    for ev in events:
        a = ev.alert
        if ev.status == "firing":
            head = f":rotating_light: *{a.priority} {a.severity}*"
            body = f"{a.summary}; expected {a.target or 'n/a'}"
        else:
            head = ":white_check_mark: *resolved*"
            body = f"{a.name}: {a.metric} is back within its baseline"
        lines.append(f"{head} {_slack_escape(body)} (`{_slack_escape(a.hc5_path)}`)")
    firing = sum(ev.status == "firing" for ev in events)
    resolved = len(events) - firing
    text = f"vortex-pulse: {firing} firing, {resolved} resolved"
    return {
        "text": text,
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}],
    }


def pagerduty_events(events: Sequence[Event], routing_key: str) -> list[dict[str, Any]]:
    """Events API v2: one trigger / resolve per alert, de-duplicated on the fingerprint."""
    out: list[dict[str, Any]] = []
    for ev in events:
        a = ev.alert
        body: dict[str, Any] = {
            "routing_key": routing_key,
            "event_action": "trigger" if ev.status == "firing" else "resolve",
            "dedup_key": a.fingerprint,
        }
        if ev.status == "firing":
            body["payload"] = {
                "summary": a.summary[:1024],
                "source": GENERATOR,
                "severity": "critical" if a.severity == "critical" else "warning",
                "timestamp": _iso(ev.starts_at),
                "component": a.experiment,
                "group": a.series,
                "class": "production-signal",
                "custom_details": {
                    "priority": a.priority,
                    "current": a.current_text,
                    "target": a.target,
                    "threshold": a.threshold,
                    "hc5": a.hc5_path,
                },
            }
        out.append(body)
    return out


class Sink(Protocol):
    name: str  # for logs and outcomes: type and host only
    key: str  # state key: stable across runs, a hash (no URL path in the state file)
    resend_s: float | None  # None: never re-sent
    min_priority: str  # alerts of this priority and above

    def send(self, events: Sequence[Event], replaced: Sequence[Event], now: datetime) -> None: ...


def _key(cfg: AlertSinkConfig) -> str:
    raw = f"{cfg.type}|{cfg.format}|{cfg.url or cfg.url_env or ''}|{cfg.path or ''}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass
class HttpSink:
    name: str
    key: str
    url: str = field(repr=False)  # Slack and other webhook URLs carry their secret
    kind: str  # alertmanager | json | slack | pagerduty
    timeout_s: float
    header_env: dict[str, str] = field(default_factory=dict)
    routing_key_env: str | None = None
    resend_s: float | None = None
    min_priority: str = "P2"

    def _headers(self) -> dict[str, str]:
        out = {}
        for header, var in self.header_env.items():
            value = os.environ.get(var)
            if value is None:
                raise SinkError(f"{self.name}: environment variable {var} is not set")
            out[header] = value
        return out

    def _bodies(
        self, events: Sequence[Event], replaced: Sequence[Event], now: datetime
    ) -> list[Any]:
        if self.kind == "alertmanager":
            return [alertmanager_payload(events, replaced, now, self.resend_s or 3600.0)]
        if self.kind == "slack":
            return [slack_payload(events)]
        if self.kind == "pagerduty":
            key = os.environ.get(self.routing_key_env or "")
            if not key:
                raise SinkError(
                    f"{self.name}: environment variable {self.routing_key_env} is not set"
                )
            return list(pagerduty_events(events, key))
        return [json_payload(events, now)]

    def send(self, events: Sequence[Event], replaced: Sequence[Event], now: datetime) -> None:
        if not events and not replaced:
            return
        headers = self._headers()
        for body in self._bodies(events, replaced, now):
            try:
                # timeout_s bounds the whole delivery (connect + answer), not each read: a
                # receiver that trickles bytes cannot hold a pass or the daemon's shutdown.
                resp = http_request(
                    "POST", self.url, deadline_s=self.timeout_s, json=body, headers=headers,
                    max_bytes=1_000_000,
                )  # fmt: skip
            except httpx.HTTPError as exc:
                raise SinkError(f"{self.name}: {type(exc).__name__}") from None
            except (UnicodeError, ValueError) as exc:  # a header value that is not ASCII
                raise SinkError(f"{self.name}: cannot send ({type(exc).__name__})") from None
            if resp.status_code >= 300:
                raise SinkError(f"{self.name}: HTTP {resp.status_code}")


@dataclass
class FileSink:
    name: str
    key: str
    path: Path
    resend_s: float | None = None
    min_priority: str = "P2"

    def send(self, events: Sequence[Event], replaced: Sequence[Event], now: datetime) -> None:
        if not events:
            return
        lines = "".join(
            json.dumps({"time": _iso(now), **event_record(ev)}, sort_keys=True) + "\n"
            for ev in events
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # one write of whole lines in append mode: readers never see half a record
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(lines)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise SinkError(f"{self.name}: {exc.strerror or type(exc).__name__}") from None


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or '?'}" + (f":{parts.port}" if parts.port else "")


def build_sinks(alerting: AlertingConfig, where: str = "alerting") -> list[Sink]:
    """Sinks from config; a sink missing its url / path is a ConfigError naming it."""
    out: list[Sink] = []
    for i, sc in enumerate(alerting.sinks):
        at = f"{where}.sinks[{i}]"
        key = _key(sc)
        if sc.type == "file":
            if sc.path is None:
                raise ConfigError(f"{at}.path: a file sink needs a path")
            out.append(FileSink(f"file:{sc.path.name}", key, sc.path, None, sc.min_priority))
            continue
        url = sc.url
        if url is None and sc.url_env:
            url = os.environ.get(sc.url_env)
            if url is None:
                raise ConfigError(f"{at}.url_env: environment variable {sc.url_env} is not set")
        if url is None and sc.type == "webhook" and sc.format == "pagerduty":
            url = PAGERDUTY_URL
        if not url or urlsplit(url).scheme not in ("http", "https"):
            raise ConfigError(f"{at}.url: expected an http(s) URL")
        if sc.type == "alertmanager":
            url = url.rstrip("/") + "/api/v2/alerts"
            kind, resend = "alertmanager", alerting.resend_s
        else:
            kind, resend = sc.format, None
            if kind == "pagerduty" and not sc.routing_key_env:
                raise ConfigError(f"{at}.routing_key_env: PagerDuty needs a routing key env var")
        out.append(
            HttpSink(
                name=f"{kind}:{_host(url)}",
                key=key,
                url=url,
                kind=kind,
                timeout_s=sc.timeout_s,
                header_env=dict(sc.headers),
                routing_key_env=sc.routing_key_env,
                resend_s=resend,
                min_priority=sc.min_priority,
            )
        )
    return out
