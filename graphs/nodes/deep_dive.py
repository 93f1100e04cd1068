"""The deep-dive route: one signal-interpretation artifact per route Compass sent back to
Noah (a systemic signal, or one Critical signal whose data is not yet conclusive)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime
from vortex_pulse.agents.noah.deep_dive import route_request
from vortex_pulse.core.atomic import write_texts
from vortex_pulse.graphs.context import Context, context_of
from vortex_pulse.graphs.state import State, hc4_of, portfolio_of, routes_of
from vortex_pulse.report.deep_dive import artifact_paths, render_deep_dive


def noah_deep_dive(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx = context_of(runtime.context, state)
    facts = portfolio_of(state, ctx.memo)
    excerpts = {k: r.excerpt for k, r in hc4_of(state, ctx.memo).items()}
    hc5 = Path(state["hc5_path"]).name
    by_id = {e.id: e for e in facts.experiments}  # once, not once per route
    routes = [r for r in routes_of(state) if r.agent == "noah"]
    paths = artifact_paths(ctx.artifacts_dir, routes, state["date"])
    out, files = [], []
    for r, path in zip(routes, paths, strict=True):
        text = render_deep_dive(r, facts, excerpts, state["date"], hc5, by_id=by_id)
        files.append((path, text))
        out.append(route_request(r, facts, by_id=by_id) | {"path": str(path)})
    write_texts(files)
    return {"deep_dives": out}
