"""Noah's five production-monitoring steps as thin graph nodes.

Each node rebuilds the models it needs from the JSON-able state, calls pure functions
(contracts/, signals/ and the helpers beside this file) and returns only its own keys.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from datetime import date as Date
from typing import Any, cast

from langgraph.runtime import Runtime
from pydantic import BaseModel
from vortex_pulse.agents.compass.rules import plan_routes
from vortex_pulse.agents.noah.assemble import build_spec, previous_reports, resolve_end
from vortex_pulse.agents.noah.monitor import charts_for, load_all
from vortex_pulse.agents.noah.validate import dump_reads, read_experiment
from vortex_pulse.contracts.hc5_validate import problems, render_validated
from vortex_pulse.contracts.memo import per_pass
from vortex_pulse.core.atomic import write_text
from vortex_pulse.core.errors import ContractError
from vortex_pulse.graphs.context import Context, context_of
from vortex_pulse.graphs.state import (
    PASS_DEFAULTS,
    State,
    experiments_of,
    hc4_of,
    hc4_refs,
    portfolio_of,
    remember,
    specs_of,
    window_of,
)
from vortex_pulse.report.continuity import Continuity, continuity
from vortex_pulse.report.hc5 import build_hc5, input_artifacts
from vortex_pulse.report.model import Route
from vortex_pulse.report.names import hc5_name
from vortex_pulse.report.narrative import NarrationInput, Narrative
from vortex_pulse.report.told import Told, tell
from vortex_pulse.signals.portfolio import assess_portfolio
from vortex_pulse.signals.scoring import by_experiment, score_experiment
from vortex_pulse.signals.series import SourceFinding
from vortex_pulse.signals.window import make_window, report_moment


def validate_inputs(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Step 1. Also resets every key of an earlier pass on the same thread."""
    ctx = context_of(runtime.context, state)
    ctx.step("validate_inputs")
    with per_pass():  # phrases the portfolio's HC4s share are read once in this pass
        models = {exp.id: read_experiment(exp) for exp in ctx.cfg.portfolio}
    reads = dump_reads(models)
    remember(ctx.memo, "hc4", reads, models)
    return PASS_DEFAULTS | {"hc4": reads}


def assemble(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Step 2: specs (metric map + baselines), the window, Previous Signals."""
    ctx = context_of(runtime.context, state)
    ctx.step("assemble")
    reads = hc4_of(state, ctx.memo)
    specs = [build_spec(exp, reads[exp.id]) for exp in ctx.cfg.portfolio]
    model = state.get("model") or ctx.cfg.llm.model
    if model != "offline":
        from vortex_pulse.agents.noah.proposals import add_model_baselines

        specs = add_model_baselines(ctx.cfg, model, specs)
    now = datetime.now(UTC)
    moment = report_moment(Date.fromisoformat(state["date"]), now)
    end_spec = state.get("until") or ctx.cfg.window.end
    end = resolve_end(end_spec, ctx.sources, specs, now, moment)
    # An explicit end (an ISO time, --until) is a window read as of that time; "latest"
    # and "now" are read at the report's moment, so old data cannot pass for fresh.
    as_of = moment if end_spec in ("latest", "now") else end
    window = make_window(ctx.cfg.window.lookback_td, end, as_of)
    previous = previous_reports(
        ctx.artifacts_dir, Date.fromisoformat(state["date"]), {s.id: s.name for s in specs}
    )
    return {
        "specs": [s.model_dump(mode="json") for s in specs],
        "window": {
            "start": window.start.isoformat(),
            "end": window.end.isoformat(),
            "as_of": as_of.isoformat(),
        },
        "previous": previous,
    }


def monitor(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Step 3: the only step that queries sources."""
    ctx = context_of(runtime.context, state)
    ctx.step("monitor")
    window = window_of(state)
    specs = specs_of(state)
    loaded = load_all(ctx.sources, specs, window, ctx.cfg.window.learn_seconds)
    data = by_experiment(loaded.series)
    facts, charts = [], {}
    for spec in specs:
        mine = data.get(spec.id, {})
        facts.append(score_experiment(spec, mine, window).model_dump(mode="json"))
        charts[spec.id] = charts_for(mine, window)
    return {
        "experiments": facts,
        "findings": [asdict(f) for f in loaded.findings],
        "charts": charts,
    }


def prioritize(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Step 4: priority, anomalies, data quality and cross-experiment patterns."""
    ctx = context_of(runtime.context, state)
    ctx.step("prioritize")
    findings = [SourceFinding(**f) for f in state["findings"]]
    facts = assess_portfolio(experiments_of(state), specs_of(state), window_of(state), findings)
    portfolio = facts.model_dump(mode="json")
    remember(ctx.memo, "portfolio", portfolio, facts)
    return {"portfolio": portfolio}


def synthesize(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Step 5: routes, narrative, HC5 render + contract validation, atomic write."""
    ctx = context_of(runtime.context, state)
    ctx.step("synthesize")
    draft = draft_hc5(state, ctx)
    write_text(ctx.artifacts_dir / draft.name, draft.text)
    return draft.update(ctx)


class HC5Draft(BaseModel):
    """Step 5 before anything is written: what the chat shows for confirmation."""

    name: str  # file name under the artifacts folder
    text: str  # the rendered, contract-valid HC5
    routes: list[Route]
    narrative: Narrative
    since: Continuity  # what changed since the previous report: the JSON and HTML reuse it

    def update(self, ctx: Context) -> dict[str, Any]:
        return {
            "routes": [r.model_dump(mode="json") for r in self.routes],
            "narrative": self.narrative.model_dump(mode="json"),
            "continuity": self.since.model_dump(mode="json"),
            "hc5_path": str(ctx.artifacts_dir / self.name),
        }


def draft_hc5(state: State, ctx: Context) -> HC5Draft:
    """Routes, narrative, HC5 render and contract validation; writes nothing."""
    facts = portfolio_of(state, ctx.memo)
    since = continuity(facts, ctx.reports_folder, ctx.artifacts_dir, state["date"])
    routes = plan_routes(facts, since.unchanged_hc10)
    reads = hc4_of(state, ctx.memo)
    excerpts = {k: r.excerpt for k, r in reads.items()}
    discovery = [i for r in routes if r.agent == "isla" for i in r.experiments]
    told = told_of(state, ctx)
    stories = {k: t.story for k, t in told.items()}
    narrative = ctx.narrator.narrate(
        NarrationInput(
            facts=facts, excerpts=excerpts, routes=routes, discovery=discovery, stories=stories
        )
    )
    hc4 = hc4_refs(reads)
    report = build_hc5(
        facts,
        routes,
        narrative,
        date=state["date"],
        inputs=input_artifacts(hc4, ctx.cfg.path),
        excerpts=excerpts,
        previous=state["previous"],
        refs={k: r.refs for k, r in reads.items()},
        continuity=since,
        told=told,
    )
    text, result = render_validated(report)  # the text written is the text validated
    if not result.ok:
        raise ContractError(f"generated HC5 failed its contract validation: {problems(result)}")
    name = hc5_name(state["date"])
    return HC5Draft(name=name, text=text, routes=routes, narrative=narrative, since=since)


def told_of(state: State, ctx: Context) -> dict[str, Told]:
    """`report/told.tell` of the state's facts and HC4 excerpts, worded once per pass: step
    5 and the last step write the same phrases (decision 2120). Kept in the pass's memo
    under the identity of both JSON values it is worded from (as graphs/state.py keeps its
    views, decision 2080), so a resumed pass or another portfolio words them afresh.
    Shared: read it, never change it."""
    facts, hc4 = state["portfolio"], state["hc4"]
    hit = ctx.memo.get("told")
    if hit is not None and hit[0] is facts and hit[1][0] is hc4:
        return cast(dict[str, Told], hit[1][1])
    reads = hc4_of(state, ctx.memo)
    experiments = portfolio_of(state, ctx.memo).experiments
    told = tell(experiments, {k: r.excerpt for k, r in reads.items()})
    ctx.memo["told"] = (facts, (hc4, told))
    return told
