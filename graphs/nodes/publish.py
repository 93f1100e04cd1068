"""The last node: the JSON and HTML reports, naming every artifact this pass wrote."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from vortex_pulse.graphs.context import Context, context_of
from vortex_pulse.graphs.nodes.noah import told_of
from vortex_pulse.graphs.state import (
    State,
    continuity_of,
    hc4_of,
    hc4_refs,
    portfolio_of,
    routes_of,
)
from vortex_pulse.report.html import build_report, write_reports
from vortex_pulse.report.narrative import Narrative

REPORT_STREAM = "report"  # the custom stream's key for the typed report


def publish(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx = context_of(runtime.context, state)
    ctx.step("publish")
    facts = portfolio_of(state, ctx.memo)
    reads = hc4_of(state, ctx.memo)
    narrative = Narrative.model_validate(state["narrative"]) if state.get("narrative") else None
    told = told_of(state, ctx)  # step 5's phrases, unless this pass resumed after it
    report = build_report(
        facts,
        date=state["date"],
        hc4=hc4_refs(reads),
        routes=routes_of(state),
        narrative=narrative,
        excerpts={k: r.excerpt for k, r in reads.items()},
        since_last=continuity_of(state),
        told=told,
    )
    report.artifacts["hc5"] = state["hc5_path"]
    if state.get("brief_path"):
        report.artifacts["brief"] = str(state["brief_path"])
    for i, p in enumerate(state.get("hc10_paths", [])):
        report.artifacts[f"hc10_{i + 1}"] = p
    for d in state.get("deep_dives", []):
        if d.get("path"):
            report.artifacts[f"deep_dive_{d.get('topic') or len(report.artifacts)}"] = d["path"]
    json_path, html_path, data = write_reports(report, state["charts"], ctx.reports_folder, told)
    # An in-process caller (graphs/graph.invoke_pass) takes the typed report from the custom
    # stream instead of rebuilding it from the JSON below; other callers read the state.
    runtime.stream_writer({REPORT_STREAM: report})
    return {
        "report": data,  # what the JSON file holds
        "json_path": str(json_path),
        "html_path": str(html_path),
    }
