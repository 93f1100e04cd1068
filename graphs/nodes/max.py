"""Max as a graph node: the HC5 reaches Max only as text, through its contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime
from vortex_pulse.agents.max.evidence import read_at_handoff
from vortex_pulse.core.atomic import write_text
from vortex_pulse.graphs.context import Context, context_of
from vortex_pulse.graphs.state import State, routes_of
from vortex_pulse.report.brief import brief_name, render_brief


def max_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    routes = routes_of(state)
    hc5 = Path(state["hc5_path"])
    report, signals = read_at_handoff(hc5.read_text(encoding="utf-8"), hc5.name)
    text = render_brief(report, hc5.name, signals, routes)
    path = write_text(
        context_of(runtime.context, state).artifacts_dir / brief_name(state["date"]), text
    )
    return {"brief_path": str(path)}
