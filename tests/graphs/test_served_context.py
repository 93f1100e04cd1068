"""What a LangGraph server needs from the graphs, checked in process (the real server is
tests/integration/test_langgraph_server.py): schemas pydantic can build on 3.11, and a
context that can be given as JSON — or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.graphs.chat.graph import graph as chat_graph
from vortex_pulse.graphs.context import NOAH_STEPS, STEPS, Context
from vortex_pulse.graphs.graph import graph

from tests.support.example import example_config


@pytest.mark.parametrize("g", [graph, chat_graph], ids=["portfolio", "chat"])
def test_schemas_build(g) -> None:  # type: ignore[no-untyped-def]
    assert g.get_input_jsonschema()["properties"]
    assert g.get_output_jsonschema()["properties"]
    assert set(g.get_context_jsonschema()["properties"]) == {"config_path", "model"}


def test_one_list_of_steps_orders_the_graph() -> None:
    edges = {(e.source, e.target) for e in graph.get_graph().edges}
    assert list(STEPS)[:5] == list(NOAH_STEPS)
    assert all((a, b) in edges for a, b in zip(NOAH_STEPS, NOAH_STEPS[1:], strict=False))


@pytest.mark.parametrize("context", [{}, None, "settings"])
def test_a_pass_runs_with_the_context_a_server_gives(tmp_path: Path, context: object) -> None:
    config = example_config(tmp_path)
    given = {"config_path": str(config), "model": "offline"} if context == "settings" else context
    inp = {"config_path": str(config) if context != "settings" else "", "date": "2026-11-19"}
    out = graph.invoke(inp, context=given)  # type: ignore[arg-type]
    assert Path(out["hc5_path"]).is_file()
    assert Context().ready is False  # settings alone: the parts are built on first use
