"""Each node on the example portfolio, run in graph order on a state built step by step."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from langgraph.runtime import Runtime
from vortex_pulse.agents.noah.monitor import CHART_POINTS
from vortex_pulse.agents.noah.validate import NO_HC4
from vortex_pulse.contracts.hc5_validate import validate_hc5
from vortex_pulse.core.errors import ContractError, InputError
from vortex_pulse.graphs.context import NOAH_STEPS, Context
from vortex_pulse.graphs.graph import NOAH_NODES
from vortex_pulse.graphs.nodes.compass import compass, insufficient_evidence
from vortex_pulse.graphs.nodes.deep_dive import noah_deep_dive
from vortex_pulse.graphs.nodes.isla import isla
from vortex_pulse.graphs.nodes.max import max_node
from vortex_pulse.graphs.nodes.noah import (
    assemble,
    synthesize,
    validate_inputs,
)
from vortex_pulse.graphs.nodes.publish import publish
from vortex_pulse.graphs.state import hc4_of

from tests.support.graph_fixtures import DATE, CountingSource, start_state

STEPS = tuple(NOAH_NODES[name] for name in NOAH_STEPS)  # steps 1-5, in order


def run_steps(rt: Runtime[Context], n: int, state: dict[str, Any] | None = None) -> dict[str, Any]:
    state = state if state is not None else start_state()
    for step in STEPS[:n]:
        state |= step(state, rt)  # type: ignore[arg-type,operator]
    return state


def test_validate_inputs_summarises_every_entry_and_resets_a_previous_pass(
    runtime: Runtime[Context],
) -> None:
    state = start_state() | {"hc10_paths": ["old.md"], "brief_path": "old-brief.md"}
    out = validate_inputs(state, runtime)  # type: ignore[arg-type]
    reads = hc4_of(out)  # plain data in the checkpoint, rebuilt by experiment id
    rows = {k: r.validation for k, r in reads.items()}
    assert len(rows) == 6
    assert rows["api-gateway"].path is None and rows["api-gateway"].missing == [NO_HC4]
    assert rows["dinner-suggestions"].compliant in ("Yes", "Partial")
    # the onboarding HC4 has no Experiment Method section: the summary says so
    assert rows["onboarding-nudges"].compliant != "Yes"
    assert any("Method" in m for m in rows["onboarding-nudges"].missing)
    assert out["hc10_paths"] == [] and out["brief_path"] is None
    assert reads["dinner-suggestions"].excerpt.name == "4 PM Dinner Suggestions"
    assert reads["dinner-suggestions"].baselines  # the HC4's baselines, typed


def test_validate_inputs_names_a_missing_hc4_file(
    runtime: Runtime[Context], tmp_path: Path
) -> None:
    runtime.context.cfg.portfolio[0].hc4 = tmp_path / "missing-hc4.md"
    with pytest.raises(InputError, match="missing-hc4.md"):
        validate_inputs(start_state(), runtime)  # type: ignore[arg-type]


def test_assemble_maps_metrics_and_ends_the_window_at_the_newest_point(
    runtime: Runtime[Context],
) -> None:
    state = run_steps(runtime, 2)
    # examples/portfolio/generate.py ends every series at 2026-11-20T00:00Z, 21 days back
    # the report (dated Nov 19) is read at the end of its day: the data is fresh
    assert state["window"] == {
        "start": "2026-10-30T00:00:00+00:00",
        "end": "2026-11-20T00:00:00+00:00",
        "as_of": "2026-11-20T00:00:00+00:00",
    }
    specs = {s["id"]: s for s in state["specs"]}
    onboarding = specs["onboarding-nudges"]["metrics"][0]
    assert onboarding["series"] == "completion_rate"
    assert onboarding["baseline"]["expected_low"] == 60.0
    assert specs["meal-planner"]["scope"] == "Moderate"  # traffic_share 0.35
    gateway = specs["api-gateway"]["metrics"][0]["baseline"]
    assert (gateway["source"], gateway["investigate_op"], gateway["investigate_value"]) == (
        "config",
        "<",
        99.0,
    )


def test_assemble_honours_until(runtime: Runtime[Context]) -> None:
    state = run_steps(runtime, 1, start_state() | {"until": "2026-11-10T00:00:00+00:00"})
    state |= assemble(state, runtime)  # type: ignore[arg-type,operator]
    assert state["window"]["end"] == "2026-11-10T00:00:00+00:00"


def test_monitor_queries_each_source_once_and_keeps_small_charts(
    runtime: Runtime[Context], counting: CountingSource
) -> None:
    state = run_steps(runtime, 3)
    assert counting.loads == 1
    assert [e["id"] for e in state["experiments"]] == [e.id for e in runtime.context.cfg.portfolio]
    line = state["charts"]["dinner-suggestions"]["action_rate"]
    assert 0 < len(line["t"]) <= CHART_POINTS and len(line["t"]) == len(line["v"])
    json.dumps(state)  # the state stays JSON-able


def test_prioritize_ranks_and_finds_the_related_pair(runtime: Runtime[Context]) -> None:
    state = run_steps(runtime, 4)
    exps = state["portfolio"]["experiments"]
    assert exps[0]["priority"] == "P1" and exps[0]["id"] == "dinner-suggestions"
    assert {e["priority"] for e in exps} == {"P1", "P2", "P3"}
    paired = [set(p["experiments"]) for p in state["portfolio"]["patterns"]]
    assert any({"dinner-suggestions", "meal-planner"} <= s for s in paired)


def test_synthesize_writes_a_valid_hc5_with_the_routes(runtime: Runtime[Context]) -> None:
    state = run_steps(runtime, 5)
    path = Path(state["hc5_path"])
    assert path.name == f"hc5-portfolio-report-{DATE}.md"
    text = path.read_text(encoding="utf-8")
    assert validate_hc5(text).compliant == "Yes"
    # the dinner / meal-planner pair is one systemic finding: a deep dive, not two HC10s
    assert {r["agent"] for r in state["routes"]} == {"max", "noah"}
    assert "Systemic signal: 4 PM Dinner Suggestions, Weekly Meal Planner" in text
    assert "4 PM Dinner Suggestions" in text
    # Vortex history from the HC4's frontmatter
    assert (
        "| **Hypothesis Origin** | HC3: _bmad-output/vortex-artifacts/hc3-hypothesis-contract-din"
        in text
    )


def test_synthesize_refuses_to_write_an_invalid_hc5(
    runtime: Runtime[Context], monkeypatch: pytest.MonkeyPatch
) -> None:
    from vortex_pulse.contracts import hc5_validate

    state = run_steps(runtime, 4)
    monkeypatch.setattr(hc5_validate, "render_hc5", lambda report: "# not an HC5\n")
    with pytest.raises(ContractError, match="contract"):
        synthesize(state, runtime)  # type: ignore[arg-type]
    assert not (runtime.context.artifacts_dir / f"hc5-portfolio-report-{DATE}.md").exists()


def test_compass_dispatches_every_planned_branch(runtime: Runtime[Context]) -> None:
    routes = [
        {"agent": "max", "workflow": "learning-card", "contract": "HC5", "reason": "r"},
        {"agent": "isla", "workflow": "user-discovery", "contract": "HC10", "reason": "r"},
        {"agent": "isla", "workflow": "user-discovery", "contract": "HC10", "reason": "r"},
        {"agent": "noah", "workflow": "signal-interpretation", "reason": "r"},
    ]
    cmd = compass({"routes": routes}, runtime)  # type: ignore[arg-type]
    assert cmd.goto == ["max", "isla", "noah_deep_dive"]
    none = [{"agent": "none", "workflow": "insufficient-evidence", "reason": "r", "needs": "a; b"}]
    assert compass({"routes": none}, runtime).goto == ["insufficient_evidence"]  # type: ignore[arg-type]
    assert insufficient_evidence({"routes": none}, runtime) == {"guidance": ["a", "b"]}  # type: ignore[arg-type]


def test_max_writes_a_draft_brief_from_the_hc5(runtime: Runtime[Context]) -> None:
    state = run_steps(runtime, 5)
    out = max_node(state, runtime)  # type: ignore[arg-type]
    brief = Path(out["brief_path"])
    assert brief.name == f"max-evidence-brief-{DATE}.md"
    text = brief.read_text(encoding="utf-8")
    assert "DRAFT" in text and "person" in text
    # the P1 is a Critical, High-confidence breach: CHANGE, its anomaly notwithstanding
    assert "| CHANGE | P1 | 4 PM Dinner Suggestions |" in text
    assert "| CHANGE | P2 | One-Tap Checkout |" in text


def test_max_refuses_an_invalid_hc5(runtime: Runtime[Context]) -> None:
    state = run_steps(runtime, 5)
    hc5 = Path(state["hc5_path"])
    text = hc5.read_text(encoding="utf-8")
    hc5.write_text(text.replace("contract: HC5", "contract: HC9"), encoding="utf-8")
    with pytest.raises(ContractError, match="Max refuses"):
        max_node(state, runtime)  # type: ignore[arg-type]
    assert not (runtime.context.artifacts_dir / f"max-evidence-brief-{DATE}.md").exists()


def test_isla_writes_one_hc10_per_route(runtime: Runtime[Context]) -> None:
    state = run_steps(runtime, 5)
    # a new portfolio value (nodes never change the state in place; the pass's typed views
    # are keyed by the value: decision 2080)
    state["portfolio"] = copy.deepcopy(state["portfolio"])
    exp = state["portfolio"]["experiments"][0]
    for a in exp["anomalies"]:  # as if no systemic finding explained the step
        a["explained_by"] = None
    state["routes"] = [{"agent": "isla", "workflow": "user-discovery", "contract": "HC10",
                        "reason": "r", "experiments": [exp["id"]]}]  # fmt: skip
    out = isla(state, runtime)  # type: ignore[arg-type]
    routed = [i for r in state["routes"] if r["agent"] == "isla" for i in r["experiments"]]
    assert len(out["hc10_paths"]) == len(routed) >= 1
    text = Path(out["hc10_paths"][0]).read_text(encoding="utf-8")
    assert "HC10" in text and "?" in text  # focus questions


def test_deep_dive_requests_name_the_signal(runtime: Runtime[Context]) -> None:
    state = run_steps(runtime, 5)
    exp = state["portfolio"]["experiments"][0]
    state["routes"] = [{"agent": "noah", "workflow": "signal-interpretation", "reason": "r",
                        "experiments": [exp["id"]]}]  # fmt: skip
    out = noah_deep_dive(state, runtime)  # type: ignore[arg-type]
    assert [d["experiments"] for d in out["deep_dives"]] == [[exp["id"]]]
    assert out["deep_dives"][0]["metrics"] == [exp["lead_metric"]]
    text = Path(out["deep_dives"][0]["path"]).read_text(encoding="utf-8")
    assert Path(out["deep_dives"][0]["path"]).name == f"signal-interpretation-{exp['id']}-{DATE}.md"
    assert "## Questions a person must answer" in text and exp["name"] in text


def test_publish_writes_json_and_html(runtime: Runtime[Context]) -> None:
    state = run_steps(runtime, 5)
    state |= max_node(state, runtime)  # type: ignore[arg-type,operator]
    out = publish(state, runtime)  # type: ignore[arg-type]
    data = json.loads(Path(out["json_path"]).read_text(encoding="utf-8"))
    assert data["contract"] == "HC5" and data["date"] == DATE
    assert data["artifacts"]["brief"] == state["brief_path"]
    assert [e["id"] for e in data["experiments"]] == [
        e["id"] for e in state["portfolio"]["experiments"]
    ]
    html = Path(out["html_path"]).read_text(encoding="utf-8")
    assert html.count("<svg") >= 6 and "<script" not in html
    datetime.fromisoformat(data["created"]).astimezone(UTC)


def test_publish_reports_the_continuity_step_5_decided(runtime: Runtime[Context]) -> None:
    """What changed since the last report is decided once, in step 5: the JSON and HTML say
    what the HC5 says, even if files appear between the two steps."""
    state = run_steps(runtime, 5)
    assert state["continuity"]["since_last"]  # step 5 stored it
    decided = dict(state["continuity"]) | {
        "previous": "2026-11-01",
        "since_last": {k: "decided in step 5" for k in state["continuity"]["since_last"]},
    }
    out = publish(state | {"continuity": decided}, runtime)  # type: ignore[arg-type,operator]
    assert {e["since_last"] for e in out["report"]["experiments"]} == {"decided in step 5"}
