"""Compass as graph nodes: dispatch to the routes step 5 planned, and the guidance branch."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import Command
from vortex_pulse.graphs.context import Context, context_of
from vortex_pulse.graphs.state import State, routes_of

Branch = Literal["max", "isla", "noah_deep_dive", "insufficient_evidence"]
BRANCH_OF: dict[str, Branch] = {
    "max": "max",
    "isla": "isla",
    "noah": "noah_deep_dive",
    "none": "insufficient_evidence",
}


def compass(state: State, runtime: Runtime[Context]) -> Command[Branch]:
    """Every branch the planned routes name runs (in parallel), then the reports are published."""
    context_of(runtime.context, state).step("compass")
    goto: list[Branch] = []
    for r in state["routes"]:
        branch = BRANCH_OF[r["agent"]]
        if branch not in goto:
            goto.append(branch)
    return Command(goto=goto)


def insufficient_evidence(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """No route is supported: keep what each route would need, for the summary and report."""
    routes = routes_of(state)
    needs = [n.strip() for r in routes if r.needs for n in r.needs.split(";")]
    return {"guidance": needs}
