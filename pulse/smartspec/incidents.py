"""Alerts to SmartSpec's incident-response workflow and the configured sinks.

Identity of a breach: spec id x NFR id. It is sent once when it starts (or escalates to a
more severe SEV) and once when it ends; the state between runs lives in the reports folder
(`alert-state.json`), the only place the monitor may write. A delivery that fails is not
recorded, so the next run tries again.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from vortex_pulse.contracts.smartspec.observability import IncidentResponse
from vortex_pulse.pulse.alerts.model import Alert, Event
from vortex_pulse.pulse.alerts.sinks import Sink, SinkError
from vortex_pulse.pulse.smartspec.scope import ReportsDir
from vortex_pulse.pulse.smartspec.summary import iso, severity, target_text
from vortex_pulse.report.wording import with_unit
from vortex_pulse.signals.slo.evaluate import SloResult

STATE_FILE = "alert-state.json"
SOURCE = "production_monitor"
_RANK = {"SEV-4": 0, "SEV-3": 1, "SEV-2": 2, "SEV-1": 3}


@dataclass(slots=True)
class Delivery:
    sent: list[dict[str, Any]] = field(default_factory=list)  # payloads delivered
    errors: list[str] = field(default_factory=list)


def payload(
    r: SloResult, *, spec_id: str, service: str, sev: str, status: str, run_id: str
) -> dict[str, Any]:
    return {
        "source": SOURCE,
        "spec_id": spec_id,
        "metric": r.slo.metric,
        "value": r.value,
        "slo": r.slo.target,
        "severity": sev,
        "service": service,
        "current": with_unit(r.value, r.slo.unit),
        "target": target_text(r),
        "status": status,
        "nfr_id": r.slo.id,
        "requirement": r.slo.name,
        "alert": r.alert,
        "run_id": run_id,
    }


def load_state(reports: ReportsDir) -> dict[str, Any]:
    raw = reports.read(STATE_FILE)
    if not raw:
        return {}
    try:
        state = json.loads(raw)
    except json.JSONDecodeError:
        return {}  # a damaged state file re-sends open alerts rather than losing them
    return state if isinstance(state, dict) else {}


def run_hook(cfg: IncidentResponse, body: dict[str, Any], cwd: Path) -> str | None:
    """Run the incident-response command from the project root; None on success, else one
    line (the command's output is not echoed: it may hold anything)."""
    argv = [*cfg.command, "--alert-payload", json.dumps(body, ensure_ascii=False)]
    try:
        proc = subprocess.run(
            argv, capture_output=True, timeout=cfg.timeout_s, check=False, cwd=cwd
        )
    except FileNotFoundError:
        return f"incident-response command not found: {cfg.command[0]}"
    except subprocess.TimeoutExpired:
        return f"incident-response command timed out after {cfg.timeout_s:g}s"
    if proc.returncode != 0:
        return f"incident-response command exited {proc.returncode}"
    return None


def _levels(sev: str) -> tuple[Literal["critical", "warning"], Literal["P1", "P2"]]:
    """An incident severity's alert severity and priority: SEV-2 and worse page."""
    return ("critical", "P1") if _RANK[sev] >= _RANK["SEV-2"] else ("warning", "P2")


def _alert(r: SloResult, spec_id: str, service: str, sev: str, report: str, day: str) -> Alert:
    severity, priority = _levels(sev)
    return Alert(
        experiment=spec_id,
        name=service,
        kind="service",
        metric=r.slo.name,
        series=r.slo.metric,
        severity=severity,
        priority=priority,
        current=r.value,
        unit=r.slo.unit,
        target=target_text(r),
        threshold=r.reason,
        hc5_path=report,
        report_date=day,
    )


def _closed_alert(body: dict[str, Any], spec_id: str, service: str, report: str, day: str) -> Alert:
    """The alert of an NFR that left the spec, rebuilt from the payload sent when it fired:
    same labels, so the sinks can resolve what they were told is firing."""
    severity, priority = _levels(body["severity"])
    return Alert(
        experiment=spec_id,
        name=service,
        kind="service",
        metric=str(body.get("requirement") or body["metric"]),
        series=str(body["metric"]),
        severity=severity,
        priority=priority,
        current=body.get("value"),
        unit=None,
        target=str(body.get("target") or ""),
        threshold="the NFR is no longer in the spec",
        hc5_path=report,
        report_date=day,
    )


def dispatch(
    results: list[SloResult],
    *,
    reports: ReportsDir,
    spec_id: str,
    service: str,
    run_id: str,
    report_path: str,
    now: datetime,
    hook: IncidentResponse | None,
    sinks: list[Sink],
) -> Delivery:
    state = load_state(reports)
    mine: dict[str, Any] = dict(state.get(spec_id, {}))
    out = Delivery()
    events: list[Event] = []
    by_id = {r.slo.id: r for r in results}
    changes: list[tuple[str, dict[str, Any] | None, dict[str, Any]]] = []
    for r in results:
        sev = severity(r)
        prev = mine.get(r.slo.id)
        if sev is None:
            continue
        if prev is None or _RANK[sev] > _RANK[prev["severity"]]:
            body = payload(r, spec_id=spec_id, service=service, sev=sev, status="firing",
                           run_id=run_id)  # fmt: skip
            changes.append((r.slo.id, {"severity": sev, "since": iso(now), "payload": body}, body))
        elif sev != prev["severity"]:  # de-escalation: remembered, not re-sent
            mine[r.slo.id] = {**prev, "severity": sev}
    for sid, prev in list(mine.items()):
        now_r = by_id.get(sid)
        if now_r is not None and severity(now_r) is not None:
            continue
        if now_r is None:  # the NFR left the spec: close what was open
            body = {**prev["payload"], "status": "resolved", "run_id": run_id}
        else:
            body = payload(now_r, spec_id=spec_id, service=service, sev=prev["severity"],
                           status="resolved", run_id=run_id)  # fmt: skip
        changes.append((sid, None, body))
    for sid, record, body in changes:
        err = run_hook(hook, body, reports.project) if hook is not None else None
        if err:
            out.errors.append(err)
            continue
        out.sent.append(body)
        if record is None:
            mine.pop(sid, None)
        else:
            mine[sid] = record
        if sinks:
            sent_r, day = by_id.get(sid), now.date().isoformat()
            alert = (
                _alert(sent_r, spec_id, service, body["severity"], report_path, day)
                if sent_r is not None
                else _closed_alert(body, spec_id, service, report_path, day)
            )
            resolved = body["status"] == "resolved"
            events.append(Event("resolved" if resolved else "firing", alert, now,
                                ends_at=now if resolved else None))  # fmt: skip
    for sink in sinks:
        if not events:
            break
        try:
            sink.send(events, [], now)
        except SinkError as exc:
            out.errors.append(str(exc))
    state[spec_id] = mine
    reports.write(STATE_FILE, json.dumps(state, indent=2, sort_keys=True) + "\n")
    return out
