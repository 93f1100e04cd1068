"""The last node: the JSON and HTML reports, naming every artifact this pass wrote."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from vortex_pulse.graphs.context import Context, context_of
from vortex_pulse.graphs.state import State, builder_view, portfolio_of
from vortex_pulse.report.html import build_report, write_reports


def publish(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx = context_of(runtime.context, state)
    ctx.step("publish")
    report = build_report(builder_view(state), portfolio_of(state))
    report.artifacts["hc5"] = state["hc5_path"]
    if state.get("brief_path"):
        report.artifacts["brief"] = str(state["brief_path"])
    for i, p in enumerate(state.get("hc10_paths", [])):
        report.artifacts[f"hc10_{i + 1}"] = p
    json_path, html_path = write_reports(report, state["charts"], ctx.reports_folder)
    return {
        "report": report.model_dump(mode="json"),
        "json_path": str(json_path),
        "html_path": str(html_path),
    }
