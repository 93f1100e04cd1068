"""Noah's five production-monitoring steps as thin graph nodes.

Each node rebuilds the models it needs from the JSON-able state, calls pure functions
(contracts/, signals/ and the helpers beside this file) and returns only its own keys.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from datetime import date as Date
from typing import Any

from langgraph.runtime import Runtime
from vortex_pulse.agents.compass.rules import plan_routes
from vortex_pulse.agents.noah.assemble import build_spec, previous_reports, resolve_end
from vortex_pulse.agents.noah.monitor import charts_for, load_all
from vortex_pulse.agents.noah.validate import read_experiment
from vortex_pulse.contracts.hc5_render import render_hc5
from vortex_pulse.contracts.hc5_validate import problems, validate_hc5_text
from vortex_pulse.core.atomic import write_text
from vortex_pulse.core.config import parse_timestamp
from vortex_pulse.core.errors import ContractError
from vortex_pulse.graphs.context import Context, context_of
from vortex_pulse.graphs.state import PASS_DEFAULTS, State
from vortex_pulse.report.hc5 import build_hc5
from vortex_pulse.report.narrative import HC4Excerpt, NarrationInput
from vortex_pulse.signals.facts import ExperimentFacts, ExperimentSpec, PortfolioFacts
from vortex_pulse.signals.portfolio import assess_portfolio
from vortex_pulse.signals.scoring import by_experiment, score_experiment
from vortex_pulse.signals.series import SourceFinding, Window
from vortex_pulse.signals.window import make_window


def _window(state: State) -> Window:
    w = state["window"]
    return Window(start=parse_timestamp(w["start"]), end=parse_timestamp(w["end"]))


def _specs(state: State) -> list[ExperimentSpec]:
    return [ExperimentSpec.model_validate(s) for s in state["specs"]]


def validate_inputs(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Step 1. Also resets every key of an earlier pass on the same thread."""
    ctx = context_of(runtime.context, state)
    ctx.step("validate inputs")
    rows, docs, excerpts = [], {}, {}
    for exp in ctx.cfg.portfolio:
        row, doc, excerpt = read_experiment(exp)
        rows.append(row)
        docs[exp.id] = doc
        excerpts[exp.id] = excerpt.model_dump(mode="json")
    return PASS_DEFAULTS | {"validation": rows, "hc4_docs": docs, "excerpts": excerpts}


def assemble(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Step 2: specs (metric map + baselines), the window, Previous Signals."""
    ctx = context_of(runtime.context, state)
    ctx.step("assemble portfolio")
    specs = [build_spec(exp, state["hc4_docs"][exp.id]) for exp in ctx.cfg.portfolio]
    model = state.get("model") or ctx.cfg.llm.model
    if model != "offline":
        from vortex_pulse.agents.noah.proposals import add_model_baselines

        specs = add_model_baselines(ctx.cfg, model, specs)
    end = resolve_end(
        state.get("until") or ctx.cfg.window.end, ctx.sources, specs, datetime.now(UTC)
    )
    window = make_window(ctx.cfg.window.lookback_td, end)
    previous = previous_reports(
        ctx.artifacts_dir, Date.fromisoformat(state["date"]), {s.id: s.name for s in specs}
    )
    return {
        "specs": [s.model_dump(mode="json") for s in specs],
        "window": {"start": window.start.isoformat(), "end": window.end.isoformat()},
        "previous": previous,
    }


def monitor(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Step 3: the only step that queries sources."""
    ctx = context_of(runtime.context, state)
    ctx.step("monitor signals")
    window = _window(state)
    specs = _specs(state)
    loaded = load_all(ctx.sources, specs, window)
    data = by_experiment(loaded.series)
    facts, charts = [], {}
    for spec in specs:
        mine = data.get(spec.id, {})
        facts.append(score_experiment(spec, mine, window).model_dump(mode="json"))
        charts[spec.id] = charts_for(mine)
    return {
        "experiments": facts,
        "findings": [asdict(f) for f in loaded.findings],
        "charts": charts,
    }


def prioritize(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Step 4: priority, anomalies, data quality and cross-experiment patterns."""
    context_of(runtime.context, state).step("prioritize")
    experiments = [ExperimentFacts.model_validate(e) for e in state["experiments"]]
    findings = [SourceFinding(**f) for f in state["findings"]]
    facts = assess_portfolio(experiments, _specs(state), _window(state), findings)
    return {"portfolio": facts.model_dump(mode="json")}


def synthesize(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Step 5: routes, narrative, HC5 render + contract validation, atomic write."""
    ctx = context_of(runtime.context, state)
    ctx.step("synthesize HC5")
    facts = PortfolioFacts.model_validate(state["portfolio"])
    routes = plan_routes(facts)
    excerpts = {k: HC4Excerpt.model_validate(v) for k, v in state["excerpts"].items()}
    discovery = [i for r in routes if r.agent == "isla" for i in r.experiments]
    narrative = ctx.narrator.narrate(
        NarrationInput(facts=facts, excerpts=excerpts, routes=routes, discovery=discovery)
    )
    report = build_hc5(state, facts, routes, narrative, ctx.cfg.path)
    text = render_hc5(report)
    result = validate_hc5_text(text)
    if not result.ok:
        raise ContractError(f"generated HC5 failed its contract validation: {problems(result)}")
    path = ctx.artifacts_dir / f"hc5-portfolio-report-{state['date']}.md"
    write_text(path, text)
    return {
        "routes": [r.model_dump(mode="json") for r in routes],
        "narrative": narrative.model_dump(mode="json"),
        "hc5_path": str(path),
    }
