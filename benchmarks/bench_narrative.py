"""Narrative wall time and prompt size for a 50-experiment portfolio (issue 5).

    .venv/bin/python benchmarks/bench_narrative.py [--latency 0.3] [--experiments 50]

A fake chat model with a fixed latency stands in for the provider, so the measurement is
the narrator's own overhead and parallelism: the wall time of one portfolio narrative is
compared with ceil(experiments / max_concurrency) x latency (target: within 1.5x). The
baseline is measured in the same run: one call through the same stack, so the ratio is
also given against the measured single-call time. Prompt tokens use the ~4 characters per
token estimate (agents/llm/factsheet.py); target under 2,000 per experiment.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import time
from pathlib import Path
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from vortex_pulse.agents.llm.factsheet import estimate_tokens
from vortex_pulse.agents.narrators.llm import LLMNarrator
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.core.config import LLMConfig
from vortex_pulse.report.narrative import HC4Excerpt, NarrationInput
from vortex_pulse.signals.facts import (
    Anomaly,
    ExperimentFacts,
    MetricFacts,
    Pattern,
    PortfolioFacts,
)

ANSWER = {
    "signal_summary": "The lead signal sits outside its expected band.",
    "actual_vs_expected": "Observed levels differ from the expected band of the baseline.",
    "potential_explanations": "A change point and a segment divergence coincide with it.",
    "discovery_focus": "What are users in the diverging segment doing differently?",
    "portfolio_summary": "Several experiments diverge from their baselines in this window.",
}


class LatencyModel(FakeMessagesListChatModel):
    """Answers every structured call after a fixed sleep, like a provider round trip."""

    responses: list[BaseMessage] = []
    latency_s: float = 0.3
    prompts: list[tuple[str, int]] = []  # (schema, estimated prompt tokens) per call

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        return self.bind(tool_name=convert_to_openai_tool(tools[0])["function"]["name"])

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        time.sleep(self.latency_s)
        name = kwargs.get("tool_name", "answer")
        self.prompts.append((name, estimate_tokens("".join(str(m.content) for m in messages))))
        fields = {
            "PortfolioProse": ["portfolio_summary"],
            "ExperimentProse": ["signal_summary", "actual_vs_expected", "potential_explanations"],
        }.get(
            name,
            ["signal_summary", "actual_vs_expected", "potential_explanations", "discovery_focus"],
        )
        call = {"name": name, "args": {f: ANSWER[f] for f in fields}, "id": "call_1"}
        return ChatResult(generations=[ChatGeneration(message=AIMessage("", tool_calls=[call]))])


def portfolio(n: int, seed: int = 7) -> NarrationInput:
    """n experiments with three metrics, an anomaly each, a pattern per pair: a busy report."""
    rnd = random.Random(seed)
    exps: list[ExperimentFacts] = []
    excerpts: dict[str, HC4Excerpt] = {}
    for i in range(n):
        metrics = []
        for j, name in enumerate(["Action rate", "Time-to-action", "Weekly retention"]):
            low = rnd.uniform(40, 70)
            base = Baseline(
                metric=name,
                unit="%",
                expected_low=round(low, 1),
                expected_high=round(low + 15, 1),
                investigate_op="<",
                investigate_value=round(low - 10, 1),
                persistence="for 2+ days",
            )
            obs = rnd.uniform(30, 90)
            metrics.append(
                MetricFacts(
                    name=name,
                    series=f"m{j}",
                    unit="%",
                    baseline=base,
                    observed=obs,
                    observed_window_hours=72.0,
                    gap=obs - low,
                    gap_relative=(obs - low) / low,
                    divergence=abs(obs - low) / low,
                    breach="warning",
                    breach_hours=30.0,
                    direction="Negative",
                    severity="Warning",
                    trajectory="Degrading",
                    slope_per_week=rnd.uniform(-3, 3),
                    trend_p_value=rnd.uniform(0, 0.05),
                    trend_duration_hours=120.0,
                    change_point="2026-03-05T06:00:00Z",
                    samples=rnd.randint(200, 5000),
                    points=504,
                    completeness=rnd.uniform(0.8, 1),
                    cadence_seconds=3600.0,
                    confidence="Medium",
                )
            )
        eid = f"exp-{i:02d}"
        exps.append(
            ExperimentFacts(
                id=eid,
                name=f"Experiment {i}",
                scope="Wide",
                metrics=metrics,
                severity="Warning",
                direction="Negative",
                trajectory="Degrading",
                confidence="Medium",
                priority="P2",
                anomaly=True,
                lead_metric="Action rate",
                related=[f"exp-{(i + 1) % n:02d}"],
                anomalies=[
                    Anomaly(
                        experiment=eid,
                        metric="Action rate",
                        kind="segment_divergence",
                        description="Action rate in segment mobile is 31.5% while web is 55.1%.",
                        deviation="23.6 points below web",
                        segment="mobile",
                        start="2026-03-05T06:00:00Z",
                        magnitude=23.6,
                    )
                ],
            )
        )
        excerpts[eid] = HC4Excerpt(
            name=f"Experiment {i}",
            hypothesis="We believe that sending one dinner suggestion at 4:00 PM will cut "
            "decision time for busy parents because it removes the evening choice.",
            outcome="Action rate 78% in week 1 and 83% in week 2; anxiety down 47%.",
            expected_behavior="Action rate 60-75% (lower than concierge due to algorithm vs. "
            "human curation). Engagement timing clustered 4:00-4:30 PM.",
            thresholds="Action rate <50%: investigate suggestion quality. Time-to-action "
            ">10 min: investigate timing or relevance.",
        )
    patterns = [
        Pattern(
            type="correlated_divergence",
            experiments=[e.id, exps[k + 1].id],
            evidence="Both diverge below their bands from 2026-03-05.",
        )
        for k, e in enumerate(exps[:-1:2])
    ]
    facts = PortfolioFacts(
        window_start="2026-03-01T00:00:00Z",
        window_end="2026-03-22T00:00:00Z",
        experiments=exps,
        patterns=patterns,
        severity="Warning",
        confidence="Medium",
    )
    return NarrationInput(facts=facts, excerpts=excerpts, discovery=[e.id for e in exps[:5]])


def run(latency: float, n: int, concurrency: int) -> dict[str, Any]:
    inp = portfolio(n)
    cfg = LLMConfig.model_validate({"max_concurrency": concurrency})
    model = LatencyModel(latency_s=latency)
    narrator = LLMNarrator(cfg, "fake:latency", model=model)
    # baseline, same run and stack: one experiment alone (a portfolio call plus one call,
    # both in parallel) measures a single round trip with all per-call overhead
    one = inp.model_copy(
        update={
            "facts": inp.facts.model_copy(
                update={"experiments": inp.facts.experiments[:1], "patterns": []}
            )
        }
    )
    t0 = time.perf_counter()
    narrator.narrate(one)
    single = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = narrator.narrate(inp)
    wall = time.perf_counter() - t0
    assert out.meta.fallbacks == 0, out.meta.rejections[:3]
    calls = model.prompts[-(n + 1) :]  # this narrative's calls (list.append is atomic)
    per_exp = [t for name, t in calls if name != "PortfolioProse"]
    portfolio_prompt = next(t for name, t in calls if name == "PortfolioProse")
    rounds = math.ceil(n / concurrency)
    return {
        "experiments": n,
        "max_concurrency": concurrency,
        "latency_s": latency,
        "wall_s": round(wall, 3),
        "ideal_s": round(rounds * latency, 3),
        "ratio_vs_ideal": round(wall / (rounds * latency), 3),
        "single_call_s": round(single, 3),
        "ratio_vs_measured_single": round(wall / (rounds * single), 3),
        "prompt_tokens_per_experiment_mean": round(statistics.mean(per_exp)),
        "prompt_tokens_per_experiment_max": max(per_exp),
        "prompt_tokens_portfolio_call": portfolio_prompt,
        "report_tokens_prompt": out.meta.tokens.prompt,
        "report_tokens_completion": out.meta.tokens.completion,
        "report_tokens_total": out.meta.tokens.prompt + out.meta.tokens.completion,
    }


def overhead(n: int, repeat: int = 3) -> dict[str, Any]:
    """The narrator's own CPU cost (prompts, parsing, guards, fallback text) with a model
    that answers at once, against the template narrator on the same input."""
    from vortex_pulse.agents.narrators.template import TemplateNarrator

    inp = portfolio(n)
    narrator = LLMNarrator(LLMConfig.model_validate({}), "fake:instant", LatencyModel(latency_s=0))

    def best(fn: Any) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn(inp)
            times.append(time.perf_counter() - t0)
        return min(times)

    llm = best(narrator.narrate)
    template = best(TemplateNarrator().narrate)
    return {
        "experiments": n,
        "narrator_overhead_s": round(llm, 3),
        "overhead_ms_per_experiment": round(1000 * llm / n, 2),
        "template_narrator_s": round(template, 3),
        "ratio_vs_template": round(llm / template, 1),
    }


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--latency", type=float, default=0.3)
    ap.add_argument("--experiments", type=int, default=50)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[8, 16])
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/narrative.json"))
    args = ap.parse_args(argv)
    results = [run(args.latency, args.experiments, c) for c in args.concurrency]
    results.append(overhead(args.experiments))
    for r in results:
        print(json.dumps(r))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
