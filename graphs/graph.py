"""The portfolio StateGraph: Noah's five steps, Compass, its branches, then the reports.

    validate_inputs -> assemble -> monitor -> prioritize -> synthesize -> compass
    compass -> max | isla | noah_deep_dive | insufficient_evidence (any subset) -> publish

`graph` (module level, compiled without a checkpointer) is what langgraph.json serves;
`pulse.pipeline.run_pass` compiles the same builder with the configured checkpointer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from vortex_pulse.graphs.context import NOAH_STEPS, Context
from vortex_pulse.graphs.nodes.compass import compass, insufficient_evidence
from vortex_pulse.graphs.nodes.deep_dive import noah_deep_dive
from vortex_pulse.graphs.nodes.isla import isla
from vortex_pulse.graphs.nodes.max import max_node
from vortex_pulse.graphs.nodes.noah import (
    assemble,
    monitor,
    prioritize,
    synthesize,
    validate_inputs,
)
from vortex_pulse.graphs.nodes.publish import REPORT_STREAM, publish
from vortex_pulse.graphs.state import InputState, State
from vortex_pulse.report.model import PortfolioReport

Node = Callable[[State, Runtime[Context]], dict[str, Any]]

# Noah's steps by node name; their order is graphs/context.py's STEPS (the one list).
NOAH_NODES: dict[str, Node] = {
    "validate_inputs": validate_inputs,
    "assemble": assemble,
    "monitor": monitor,
    "prioritize": prioritize,
    "synthesize": synthesize,
}
# Compass's branches by node name, in graph order.
BRANCH_NODES: dict[str, Node] = {
    "max": max_node,
    "isla": isla,
    "noah_deep_dive": noah_deep_dive,
    "insufficient_evidence": insufficient_evidence,
}
BRANCHES = tuple(BRANCH_NODES)


def build() -> StateGraph[State, Context, InputState, State]:
    g = StateGraph(State, context_schema=Context, input_schema=InputState)
    for name in NOAH_STEPS:
        g.add_node(name, NOAH_NODES[name])  # type: ignore[call-overload]
    g.add_node("compass", compass)
    for name, node in BRANCH_NODES.items():
        g.add_node(name, node)  # type: ignore[call-overload]
    g.add_node("publish", publish)
    g.add_edge(START, NOAH_STEPS[0])
    for a, b in zip(NOAH_STEPS, NOAH_STEPS[1:], strict=False):
        g.add_edge(a, b)
    g.add_edge(NOAH_STEPS[-1], "compass")
    for branch in BRANCHES:
        g.add_edge(branch, "publish")
    g.add_edge("publish", END)
    return g


def compile_graph(
    checkpointer: BaseCheckpointSaver[str] | None = None,
) -> CompiledStateGraph[State, Context, InputState, State]:
    return build().compile(checkpointer=checkpointer, name="vortex-pulse-portfolio")


def invoke_pass(
    graph: Any, inp: Mapping[str, Any] | None, config: RunnableConfig, ctx: Context
) -> tuple[dict[str, Any], PortfolioReport | None]:
    """`graph.invoke` (every step checkpointed before the next), also catching the typed
    report publish hands to an in-process caller on the custom stream: rebuilding it from
    the state's JSON cost a third of a second at 1,000 experiments."""
    final: dict[str, Any] = {}
    built: PortfolioReport | None = None
    for mode, chunk in graph.stream(
        inp, config, context=ctx, durability="sync", stream_mode=["values", "custom"]
    ):
        if mode == "values":
            final = chunk
        elif isinstance(chunk, dict) and isinstance(chunk.get(REPORT_STREAM), PortfolioReport):
            built = chunk[REPORT_STREAM]
    return final, built


graph = compile_graph()


def finish_pass(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """What follows step 5 in the graph (Compass, its branches in graph order, publish),
    run in this thread: the chat's workflow calls it once the user confirmed the HC5."""
    state = dict(state)  # type: ignore[assignment]
    command = compass(state, runtime)
    goto = command.goto if isinstance(command.goto, list | tuple) else [command.goto]
    for name in BRANCHES:
        if name in goto:
            state.update(BRANCH_NODES[name](state, runtime))  # type: ignore[typeddict-item]
    state.update(publish(state, runtime))  # type: ignore[typeddict-item]
    return dict(state)


def observe(ctx: Context, date: str, model: str | None = None) -> State:
    """Steps 1-4 in this thread, nothing written: the facts and charts a conversation or a
    tool answers from."""
    state: State = {
        "config_path": ctx.config_path or "",
        "date": date,
        "model": model or ctx.model or ctx.cfg.llm.model,
        "until": None,
        "pass_no": 1,
    }
    runtime = Runtime(context=ctx)
    for name in NOAH_STEPS[:4]:
        state.update(NOAH_NODES[name](state, runtime))  # type: ignore[typeddict-item]
    return state
