"""report/told.py words each experiment's phrases exactly as report/wording.py does, and the
reports built with them are the reports built without (decision 2120)."""

from __future__ import annotations

from pathlib import Path

from langgraph.runtime import Runtime
from vortex_pulse.agents.narrators.template import TemplateNarrator
from vortex_pulse.graphs.context import Context
from vortex_pulse.graphs.nodes.noah import assemble, monitor, prioritize, validate_inputs
from vortex_pulse.graphs.state import hc4_of, portfolio_of
from vortex_pulse.report.hc5 import build_hc5
from vortex_pulse.report.html import build_report, render_html
from vortex_pulse.report.narrative import NarrationInput
from vortex_pulse.report.told import tell
from vortex_pulse.report.wording import divergence, metric_line, story
from vortex_pulse.signals.facts import PortfolioFacts

from benchmarks.bench_graph import DAY, _outputs, setup


def _facts(tmp_path: Path) -> tuple[PortfolioFacts, dict, dict]:
    cfg = _outputs(setup(tmp_path / "p", 40), tmp_path, "o")
    rt = Runtime(context=Context.build(cfg, narrator=TemplateNarrator()))
    state = {"config_path": str(cfg.path), "date": DAY.isoformat(), "model": "offline",
             "until": None, "pass_no": 1}  # fmt: skip
    for node in (validate_inputs, assemble, monitor, prioritize):
        state.update(node(state, rt))
    reads = hc4_of(state)
    return portfolio_of(state), {k: r.excerpt for k, r in reads.items()}, state


def test_told_is_the_wording_and_changes_no_report(tmp_path: Path) -> None:
    facts, excerpts, state = _facts(tmp_path)
    told = tell(facts.experiments, excerpts)
    assert list(told) == [e.id for e in facts.experiments]
    for e in facts.experiments:
        t = told[e.id]
        assert t.story == story(e, excerpts.get(e.id))
        assert t.divergence == divergence(e.lead)
        assert t.lines == tuple(metric_line(m) for m in e.metrics)
    plain = TemplateNarrator().narrate(NarrationInput(facts=facts, excerpts=excerpts))
    shared = TemplateNarrator().narrate(
        NarrationInput(
            facts=facts, excerpts=excerpts, stories={k: t.story for k, t in told.items()}
        )
    )
    assert shared == plain
    args = dict(date="2026-11-19", inputs=[], excerpts=excerpts, previous={}, refs={})
    assert build_hc5(facts, [], plain, **args, told=told) == build_hc5(facts, [], plain, **args)
    kw = dict(date="2026-11-19", hc4={}, routes=[], narrative=plain, excerpts=excerpts,
              created=None)  # fmt: skip
    a = build_report(facts, **kw, told=told)
    b = build_report(facts, **kw)
    a.created = b.created
    assert a == b
    assert render_html(a, state["charts"], told) == render_html(b, state["charts"])
