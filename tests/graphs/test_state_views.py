"""The typed views of the state are built once per pass and shared by the nodes
(graphs/state.py: _view). Sharing is only sound if no node changes a view: after whole
passes, every remembered view must still dump to exactly the JSON value it stands for."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from vortex_pulse.agents.narrators.template import TemplateNarrator
from vortex_pulse.core.config import PulseConfig, load_config
from vortex_pulse.graphs.context import Context
from vortex_pulse.graphs.graph import compile_graph
from vortex_pulse.graphs.state import hc4_of, portfolio_of
from vortex_pulse.report.told import tell

from benchmarks.bench_graph import DAY, _outputs, setup
from tests.support.example import example_config


def _dump(view: Any) -> Any:
    if isinstance(view, dict):
        return {k: v.model_dump(mode="json") for k, v in view.items()}
    return view.model_dump(mode="json")


def _pass(cfg: PulseConfig, day: date) -> tuple[Context, dict[str, Any]]:
    ctx = Context.build(cfg, narrator=TemplateNarrator())
    graph = compile_graph(InMemorySaver())
    inp = {"config_path": str(cfg.path), "date": day.isoformat(), "model": "offline",
           "until": None, "pass_no": 1}  # fmt: skip
    final = graph.invoke(inp, {"configurable": {"thread_id": "t"}}, context=ctx)
    return ctx, final


@pytest.mark.parametrize("portfolio", ["example", "synthetic"])
def test_no_node_changes_a_shared_view(portfolio: str, tmp_path: Path) -> None:
    if portfolio == "example":
        cfg, day = load_config(example_config(tmp_path)), date(2026, 11, 19)
    else:  # 60 experiments: HC10s, deep dives, systemic signals, every branch
        cfg, day = _outputs(setup(tmp_path / "p", 60), tmp_path, "o"), DAY
    ctx, final = _pass(cfg, day)
    assert final["hc10_paths"] or portfolio == "example"
    views = {k: v for k, v in ctx.memo.items() if k in ("hc4", "portfolio")}
    assert set(views) == {"hc4", "portfolio"}
    for key, (value, view) in views.items():
        assert _dump(view) == value, f"a node changed the shared {key} view"
    # the phrases steps 5 and publish share (decision 2120) are still `tell` of the state
    value, (hc4, told) = ctx.memo["told"]
    assert value is final["portfolio"] and hc4 is final["hc4"]
    excerpts = {k: r.excerpt for k, r in hc4_of(final).items()}
    assert told == tell(portfolio_of(final).experiments, excerpts), (
        "a node changed the shared phrases"
    )
    # and the views are what the state holds at the end of the pass
    assert _dump(portfolio_of(final, ctx.memo)) == final["portfolio"]
    assert _dump(hc4_of(final, ctx.memo)) == final["hc4"]


def test_a_view_is_built_once_and_only_for_the_same_object() -> None:
    calls: list[int] = []
    memo: dict[str, tuple[Any, Any]] = {}
    value = {"experiments": []}
    from vortex_pulse.graphs import state as st

    def build(v: Any) -> int:
        calls.append(1)
        return len(calls)

    assert st._view(memo, "k", value, build) == st._view(memo, "k", value, build) == 1
    assert st._view(memo, "k", dict(value), build) == 2  # an equal copy is another value
    assert st._view(None, "k", value, build) == 3  # no memo: built every time


def test_a_context_that_outlives_its_pass_keeps_only_the_latest_views(tmp_path: Path) -> None:
    """A chat session or a served graph runs many passes on one context: its memo holds one
    entry per kind, the latest pass's, not every pass's state (a leak at 1,000 experiments)."""
    cfg = load_config(example_config(tmp_path))
    ctx = Context.build(cfg, narrator=TemplateNarrator())
    graph = compile_graph(InMemorySaver())
    finals = []
    for n in range(3):
        inp = {"config_path": str(cfg.path), "date": "2026-11-19", "model": "offline",
               "until": None, "pass_no": 1}  # fmt: skip
        finals.append(graph.invoke(inp, {"configurable": {"thread_id": f"t{n}"}}, context=ctx))
    assert set(ctx.memo) == {"hc4", "portfolio", "told"}
    assert ctx.memo["portfolio"][0] is finals[-1]["portfolio"]
