"""summary.json (SmartSpec's shape plus timestamps, window, budgets, burn rates) and report.md."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from vortex_pulse.core.paths import display_path
from vortex_pulse.pulse.smartspec.monitor import Monitored, Pass
from vortex_pulse.report.wording import duration, num, with_unit
from vortex_pulse.signals.slo.burn import WINDOW_PAIRS
from vortex_pulse.signals.slo.evaluate import SloResult

WORKFLOW = "smartspec_production_monitor"
VERSION = "1.0.0"  # the upstream workflow contract this summary follows


def iso(t: datetime | float | None) -> str | None:
    if t is None:
        return None
    if isinstance(t, float | int):
        t = datetime.fromtimestamp(t, UTC)
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _r(x: float | None) -> float | None:
    """Numbers in the JSON: 6 significant digits (the report writes fewer)."""
    return None if x is None else float(f"{x:.6g}")


def target_text(r: SloResult) -> str:
    return r.slo.target_text


def severity(r: SloResult) -> str | None:
    """SmartSpec incident severity of an alerting SLO (docs/smartspec.md, "Alerts")."""
    if r.alert == "page":
        spent = r.burn is not None and (r.burn.budget_remaining or 0.0) <= 0.0
        return "SEV-1" if spent else "SEV-2"
    if r.alert == "breach":
        return "SEV-2"
    if r.alert == "ticket":
        return "SEV-3"
    return None


def metric_entry(r: SloResult) -> dict[str, Any]:
    s = r.slo
    out: dict[str, Any] = {
        "name": s.metric,
        "value": _r(r.value),
        "slo": s.target,
        "status": r.status,
        "nfr_id": s.id,
        "requirement": s.name,
        "category": s.category,
        "kind": s.kind,
        "op": s.op,
        "unit": s.unit,
        "target": target_text(r),
        "reason": r.reason,
        "alert": r.alert,
        "severity": severity(r),
        "last_sample_at": iso(r.value_ts),
    }
    if s.kind == "ratio":
        out["objective"] = s.objective
        out["budget_remaining"] = _r(r.burn.budget_remaining) if r.burn else None
        out["burn_rates"] = {k: _r(v) for k, v in r.burn.burn_rates.items()} if r.burn else {}
        out["firing_windows"] = [p.name for p in r.burn.firing] if r.burn else []
    else:
        out["persistence_s"] = s.persistence_s
        th = r.threshold
        out["breached_since"] = iso(th.breached_since) if th else None
        out["breach_s"] = _r(th.breach_s) if th else 0.0
    return out


def build_summary(m: Monitored, p: Pass, run_id: str, generated_at: datetime) -> dict[str, Any]:
    findings = [
        {"nfr_id": None, "line": f.line, "text": f.text, "reason": f.reason}
        for f in m.nfrs.findings
    ]
    findings += [
        {"nfr_id": f.nfr, "line": None, "text": f.requirement, "reason": f.reason}
        for f in m.unmapped
    ]
    findings += [{"nfr_id": None, "line": None, "text": "source", "reason": t}
                 for t in p.source_findings]  # fmt: skip
    return {
        "workflow": WORKFLOW,
        "version": VERSION,
        "run_id": run_id,
        "spec_id": m.spec.spec_id,
        "status": p.status,
        "metrics": [metric_entry(r) for r in p.results],
        "generated_at": iso(generated_at),
        "evaluated_at": iso(p.evaluated_at),
        "window": {"start": iso(p.window.start), "end": iso(p.window.end)},
        "compliance_period": m.obs.slo.compliance_period,
        "service": m.service,
        "provider": m.obs.provider,
        "spec_path": display_path(m.spec.path, m.project),
        "observability_path": display_path(m.obs_path, m.project),
        "burn_rate_alerts": [
            {"severity": w.severity, "windows": w.name, "factor": w.factor} for w in WINDOW_PAIRS
        ],
        "findings": findings,
    }


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


_STATUS_WORDS = {
    "healthy": "healthy",
    "degraded": "degraded",
    "unhealthy": "unhealthy",
    "unknown": "no data",
}


def duration_text(seconds: float) -> str:
    """How long, in the words every report uses (core/numbers.duration)."""
    return duration(seconds / 3600)


def reason_text(r: SloResult) -> str:
    th = r.threshold
    if th is None or th.breached_since is None:
        return r.reason
    lasted = duration_text(th.breach_s)
    if th.persisted:
        return f"target missed for {lasted}"
    hold = duration_text(r.slo.persistence_s)
    return f"target missed for {lasted}, less than the {hold} it must hold"


def _now_text(r: SloResult) -> str:
    return with_unit(r.value, r.slo.unit)


def _budget_text(r: SloResult) -> str:
    if r.slo.kind != "ratio" or r.burn is None or r.burn.budget_remaining is None:
        return "—"
    return f"{num(100 * r.burn.budget_remaining)}% left"


def _burn_text(r: SloResult) -> str:
    if r.slo.kind != "ratio" or r.burn is None:
        return "—"
    rates = r.burn.burn_rates
    return ", ".join(f"{k} {num(rates.get(k))}×" for k in ("1h", "6h", "3d"))


def _when_alerted() -> str:
    """What pages and what tickets, from the burn-rate rule's window pairs."""

    def needs(severity: str) -> str:
        return ", or ".join(
            f"{duration_text(p.long_s)} and {duration_text(p.short_s)} above {num(p.factor)}×"
            for p in WINDOW_PAIRS
            if p.severity == severity
        )

    return f"A page needs {needs('page')}; a ticket needs {needs('ticket')}."


def report_md(doc: dict[str, Any], p: Pass) -> str:
    lines = [
        f"# Production monitoring: {doc['spec_id']}",
        "",
        f"**Status: {doc['status']}** at {doc['evaluated_at']} (run {doc['run_id']},"
        f" {doc['provider']} data, error budgets over {doc['compliance_period']}).",
        "",
    ]
    bad = [r for r in p.results if r.status in ("unhealthy", "degraded", "unknown")]
    if bad:
        lines.append("What needs attention:")
        lines.append("")
        for r in bad:
            lines.append(
                f"- {r.slo.name} (`{r.slo.metric}`) is {_STATUS_WORDS[r.status]}: {reason_text(r)};"
                f" now {_now_text(r)}, target {target_text(r)}."
            )
        lines.append("")
    lines += [
        "| Requirement | Metric | Target | Now | Status | Error budget | Burn rate |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in p.results:
        cells = [r.slo.name, f"`{r.slo.metric}`", target_text(r), _now_text(r),
                 _STATUS_WORDS[r.status], _budget_text(r), _burn_text(r)]  # fmt: skip
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    if doc["findings"]:
        lines += ["", "Not monitored:", ""]
        for f in doc["findings"]:
            where = f" (line {f['line']})" if f["line"] else ""
            lines.append(f"- {f['text']}{where}: {f['reason']}")
    lines += [
        "",
        "Burn rates compare the share of bad minutes with what the budget allows (1× spends it"
        f" exactly over the period). {_when_alerted()}",
        "",
    ]
    return "\n".join(lines)
