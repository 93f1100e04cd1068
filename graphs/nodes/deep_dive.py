"""The deep-dive route: one signal-interpretation artifact per route Compass sent back to
Noah (a systemic signal, or one Critical signal whose data is not yet conclusive)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime
from vortex_pulse.agents.noah.deep_dive import deep_dive_request
from vortex_pulse.core.atomic import write_text
from vortex_pulse.graphs.context import Context, context_of
from vortex_pulse.graphs.state import State
from vortex_pulse.report.deep_dive import artifact_name, render_deep_dive
from vortex_pulse.report.model import Route
from vortex_pulse.report.narrative import HC4Excerpt
from vortex_pulse.signals.facts import PortfolioFacts


def noah_deep_dive(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx = context_of(runtime.context, state)
    facts = PortfolioFacts.model_validate(state["portfolio"])
    excerpts = {k: HC4Excerpt.model_validate(v) for k, v in state["excerpts"].items()}
    hc5 = Path(state["hc5_path"]).name
    out = []
    for r in (Route.model_validate(r) for r in state["routes"]):
        if r.agent != "noah":
            continue
        topic = r.topic or "-".join(r.experiments)
        text = render_deep_dive(r, facts, excerpts, state["date"], hc5)
        path = write_text(ctx.artifacts_dir / artifact_name(topic, state["date"]), text)
        out.append(deep_dive_request(r, facts) | {"path": str(path)})
    return {"deep_dives": out}
