"""Max as a graph node: the HC5 reaches Max only as text, through its contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime

from agents.max.brief import write_brief
from contracts.report import Route
from graphs.context import Context, context_of
from graphs.state import State


def max_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    routes = [Route.model_validate(r) for r in state["routes"]]
    path = write_brief(
        Path(state["hc5_path"]),
        context_of(runtime.context, state).artifacts_dir,
        state["date"],
        routes,
    )
    return {"brief_path": str(path)}
