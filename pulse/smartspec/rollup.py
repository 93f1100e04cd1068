"""Daily and weekly summaries of a spec's runs, rebuilt from the runs' summary.json files.

Written to `summaries/<spec-id>/daily-YYYY-MM-DD.json` and `weekly-YYYY-Www.json` (ISO week)
under the reports folder, so the feedback aggregator can read trends without re-reading
every run.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from vortex_pulse.pulse.smartspec.runid import RUN_ID
from vortex_pulse.pulse.smartspec.scope import ReportsDir
from vortex_pulse.pulse.smartspec.summary import VERSION, WORKFLOW, iso, to_json

_ORDER = {"healthy": 0, "unknown": 1, "degraded": 1, "unhealthy": 2}


def _runs(reports: ReportsDir, spec_id: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if not reports.root.is_dir():
        return out
    for d in sorted(reports.root.iterdir()):
        if not (d.is_dir() and RUN_ID.match(d.name)):
            continue
        try:
            doc = json.loads((d / "summary.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if isinstance(doc, dict) and doc.get("spec_id") == spec_id:
            out.append(doc)
    return out


def _period(doc: dict[str, Any], kind: str) -> str:
    t = datetime.fromisoformat(str(doc["generated_at"]).replace("Z", "+00:00"))
    if kind == "daily":
        return t.date().isoformat()
    year, week, _ = t.isocalendar()
    return f"{year}-W{week:02d}"


def rollup(runs: list[dict[str, Any]], spec_id: str, kind: str, period: str,
           now: datetime) -> dict[str, Any]:  # fmt: skip
    mine = [d for d in runs if _period(d, kind) == period]
    counts = {s: sum(d["status"] == s for d in mine) for s in ("healthy", "degraded", "unhealthy")}
    metrics: dict[str, dict[str, Any]] = {}
    for d in mine:
        for m in d.get("metrics", []):
            key = m.get("nfr_id") or m["name"]
            agg = metrics.setdefault(key, {
                "name": m["name"], "nfr_id": m.get("nfr_id"), "target": m.get("target"),
                "runs": 0, "unhealthy_runs": 0, "degraded_runs": 0, "worst_status": "healthy",
                "min_value": None, "max_value": None, "min_budget_remaining": None,
            })  # fmt: skip
            agg["runs"] += 1
            agg["unhealthy_runs"] += m["status"] == "unhealthy"
            agg["degraded_runs"] += m["status"] in ("degraded", "unknown")
            if _ORDER[m["status"]] > _ORDER[agg["worst_status"]]:
                agg["worst_status"] = m["status"]
            v = m.get("value")
            if v is not None:
                agg["min_value"] = v if agg["min_value"] is None else min(agg["min_value"], v)
                agg["max_value"] = v if agg["max_value"] is None else max(agg["max_value"], v)
            b = m.get("budget_remaining")
            if b is not None:
                cur = agg["min_budget_remaining"]
                agg["min_budget_remaining"] = b if cur is None else min(cur, b)
            agg["last_status"] = m["status"]
            agg["last_value"] = v
    worst = max((d["status"] for d in mine), key=lambda s: _ORDER[s], default="healthy")
    return {
        "workflow": WORKFLOW,
        "version": VERSION,
        "kind": kind,
        "spec_id": spec_id,
        "period": period,
        "generated_at": iso(now),
        "first_run_id": mine[0]["run_id"] if mine else None,
        "last_run_id": mine[-1]["run_id"] if mine else None,
        "runs": len(mine),
        "status_counts": counts,
        "worst_status": worst,
        "metrics": list(metrics.values()),
    }


def write_rollups(reports: ReportsDir, spec_id: str, latest: dict[str, Any],
                  now: datetime) -> list[Path]:  # fmt: skip
    runs = _runs(reports, spec_id)
    out = []
    for kind in ("daily", "weekly"):
        period = _period(latest, kind)
        doc = rollup(runs, spec_id, kind, period, now)
        out.append(
            reports.write(Path("summaries") / spec_id / f"{kind}-{period}.json", to_json(doc))
        )
    return out
