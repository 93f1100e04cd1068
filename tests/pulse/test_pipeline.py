"""run_pass through the compiled graph: threads, resume after a failure, new passes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from vortex_pulse.core.config import PulseConfig
from vortex_pulse.graphs.nodes import noah as noah_nodes
from vortex_pulse.pulse.pipeline import default_thread_id, run_pass

from tests.support.graph_fixtures import CountingSource

DAY = date(2026, 11, 19)


def test_a_pass_writes_every_artifact(example_cfg: PulseConfig, counting: CountingSource) -> None:
    r = run_pass(example_cfg, date=DAY, sources={"default": counting})
    assert r.hc5_path.is_file() and r.json_path.is_file()
    assert r.html_path is not None and r.html_path.is_file()
    assert r.brief_path is not None and r.brief_path.is_file()
    # the systemic pair goes to a deep dive (an artifact), not to two HC10s
    assert r.hc10_paths == []
    assert [Path(d["path"]).name for d in r.deep_dives] == [
        f"signal-interpretation-suggestion-engine-{DAY.isoformat()}.md"
    ]
    assert "dinner-suggestions" in r.p1
    assert r.thread_id == default_thread_id(example_cfg, DAY)
    assert not r.resumed


def test_progress_reports_each_step_in_order(
    example_cfg: PulseConfig, counting: CountingSource
) -> None:
    seen: list[tuple[str, int, int]] = []
    run_pass(
        example_cfg, date=DAY, sources={"default": counting}, progress=lambda *a: seen.append(a)
    )
    labels = [s[0] for s in seen]
    assert labels[:5] == [
        "validate inputs",
        "assemble portfolio",
        "monitor signals",
        "prioritize",
        "synthesize HC5",
    ]
    assert labels[-1] == "publish reports"
    assert [s[1] for s in seen] == sorted(s[1] for s in seen)


def test_a_pass_that_died_after_step_3_resumes_at_step_4_without_requerying(
    example_cfg: PulseConfig, counting: CountingSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = noah_nodes.assess_portfolio
    calls = {"n": 0}

    def dies_once(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("killed during step 4")
        return real(*args, **kwargs)

    monkeypatch.setattr(noah_nodes, "assess_portfolio", dies_once)
    with pytest.raises(RuntimeError, match="killed during step 4"):
        run_pass(example_cfg, date=DAY, sources={"default": counting})
    assert counting.loads == 1
    assert not list(example_cfg.output_folder.glob("**/*.md"))  # nothing half-written

    r = run_pass(example_cfg, date=DAY, sources={"default": counting})
    assert r.resumed
    assert counting.loads == 1  # step 3 was not run again
    assert calls["n"] == 2
    assert r.hc5_path.is_file()


def test_a_finished_thread_is_never_replayed(
    example_cfg: PulseConfig, counting: CountingSource
) -> None:
    first = run_pass(example_cfg, date=DAY, sources={"default": counting})
    second = run_pass(example_cfg, date=DAY, sources={"default": counting})
    assert first.thread_id == second.thread_id
    assert not second.resumed
    assert counting.loads == 2  # a new pass over fresh data


def test_a_new_pass_replaces_the_old_checkpoints(
    example_cfg: PulseConfig, counting: CountingSource
) -> None:
    import sqlite3

    from vortex_pulse.graphs.checkpoint import open_checkpointer

    def passes() -> set[int]:
        with open_checkpointer(example_cfg.checkpoint) as saver:
            cps = saver.list({"configurable": {"thread_id": tid}})
            return {c.checkpoint["channel_values"].get("pass_no") for c in cps} - {None}

    def stored_values() -> int:
        with sqlite3.connect(example_cfg.checkpoint.path) as conn:
            return int(conn.execute("SELECT count(*) FROM checkpoint_blobs").fetchone()[0])

    tid = run_pass(example_cfg, date=DAY, sources={"default": counting}).thread_id
    assert passes() == {1}
    first = stored_values()
    run_pass(example_cfg, date=DAY, sources={"default": counting})
    assert passes() == {2}
    assert stored_values() == first  # the first pass's values went with its checkpoints


def test_other_inputs_on_an_interrupted_thread_start_a_new_pass(
    example_cfg: PulseConfig, counting: CountingSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = noah_nodes.assess_portfolio
    monkeypatch.setattr(noah_nodes, "assess_portfolio", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        run_pass(example_cfg, date=DAY, sources={"default": counting})
    monkeypatch.setattr(noah_nodes, "assess_portfolio", real)
    r = run_pass(example_cfg, date=DAY, until="2026-11-15T00:00:00Z", sources={"default": counting})
    assert not r.resumed and counting.loads == 2
    assert r.report.window.end.startswith("2026-11-15")


def test_memory_backend_and_explicit_thread(
    example_cfg: PulseConfig, counting: CountingSource, tmp_path: Path
) -> None:
    example_cfg.checkpoint.backend = "memory"
    r = run_pass(example_cfg, date=DAY, thread_id="t-1", sources={"default": counting})
    assert r.thread_id == "t-1"
    assert not (tmp_path / ".pulse" / "checkpoints.sqlite").exists()


def test_service_only_portfolio_without_hc4(
    example_cfg: PulseConfig, counting: CountingSource
) -> None:
    example_cfg.portfolio = [e for e in example_cfg.portfolio if e.hc4 is None]
    r = run_pass(example_cfg, date=DAY, sources={"default": counting})
    assert [e.id for e in r.report.experiments] == ["api-gateway"]
    assert r.report.experiments[0].hc4.path is None
    assert r.hc5_path.is_file()


def test_the_served_graph_runs_from_its_input_alone(tmp_path: Path) -> None:
    """What `langgraph dev` does with langgraph.json: the module-level graph, no context."""
    from vortex_pulse.graphs.graph import graph

    from tests.support.example import example_config

    cfg = example_config(tmp_path)
    out = graph.invoke({"config_path": str(cfg), "date": "2026-11-19", "model": "offline"})
    assert Path(out["hc5_path"]).is_file()
    assert out["report"]["experiments"][0]["id"] == "dinner-suggestions"


def test_the_report_run_pass_returns_is_the_one_in_the_state_and_the_json(tmp_path: Path) -> None:
    """run_pass takes publish's typed report from the custom stream instead of rebuilding it:
    it must be the report the checkpointed state and the JSON file hold."""
    import json

    from vortex_pulse.core.config import load_config
    from vortex_pulse.graphs.checkpoint import open_checkpointer
    from vortex_pulse.graphs.graph import compile_graph
    from vortex_pulse.report.model import PortfolioReport

    from tests.support.example import example_config

    cfg = load_config(example_config(tmp_path))
    day = date(2026, 11, 19)
    r = run_pass(cfg, date=day)
    from_json = PortfolioReport.model_validate(json.loads(r.json_path.read_text("utf-8")))
    with open_checkpointer(cfg.checkpoint) as saver:
        values = (
            compile_graph(saver)
            .get_state({"configurable": {"thread_id": default_thread_id(cfg, day)}})
            .values
        )
    assert r.report == PortfolioReport.model_validate(values["report"]) == from_json
    assert r.report.model_dump(mode="json") == values["report"]
