"""The deep-dive route: one signal-interpretation request per experiment Compass sent back
to Noah."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from vortex_pulse.agents.noah.deep_dive import deep_dive_request
from vortex_pulse.graphs.context import Context
from vortex_pulse.graphs.state import State, portfolio_of


def noah_deep_dive(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    wanted = {i for r in state["routes"] if r["agent"] == "noah" for i in r["experiments"]}
    exps = portfolio_of(state).experiments
    return {"deep_dives": [deep_dive_request(e) for e in exps if e.id in wanted]}
