"""Fake chat models for the narrator tests: LangChain's fakes, taught structured output.

`ScriptedModel` answers per experiment (found in the prompt's fact sheet), so a script is
deterministic however the thread pool orders the calls. A step is one of:
- a dict: the structured answer (sent as a tool call named after the bound schema),
- a str: plain text with no tool call (what a model that ignores the schema does),
- an exception instance: raised (429s, timeouts, auth errors),
- a callable(facts_json_dict) -> one of the above.
When a key's steps run out, the last one repeats; keys without a script get `default`.
Keys: the experiment id, "portfolio" for the portfolio summary, EXTRACT for extraction.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import PrivateAttr
from vortex_pulse.agents.llm.factsheet import experiment_sheet, portfolio_sheet
from vortex_pulse.agents.llm.guards import allowed_from, check_field
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.report.narrative import HC4Excerpt, NarrationInput, Narrative
from vortex_pulse.signals.facts import Anomaly, ExperimentFacts, MetricFacts, PortfolioFacts
from vortex_pulse.signals.portfolio import priority_counts, scope_counts

EXTRACT = "extract"  # the script key of baseline-extraction prompts (they have no <facts>)
_FACTS = re.compile(r"<facts>\s*(\{.*?\})\s*</facts>", re.S)


class RateLimited(Exception):
    """Shaped like a provider SDK's 429 error: it carries `status_code`."""

    status_code = 429


class AuthFailed(Exception):
    status_code = 401


def facts_in_text(text: str) -> dict[str, Any]:
    found = _FACTS.search(text)
    return dict(json.loads(found.group(1))) if found else {}


def facts_in(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    return facts_in_text("\n".join(str(m.content) for m in messages))


def key_of(facts: dict[str, Any]) -> str:
    return str(facts.get("id", "portfolio"))


def truthful(facts: dict[str, Any]) -> dict[str, Any]:
    """A well-behaved answer that cites only numbers from the fact sheet."""
    if not facts:  # a baseline-extraction prompt: an honest "nothing to propose"
        return {"baselines": []}
    if "id" not in facts:
        n = facts["experiment_count"]
        return {"portfolio_summary": f"The portfolio holds {n} experiments in this window."}
    m = facts["metrics"][0]
    if "observed" not in m:
        return {
            "signal_summary": f"{facts['name']} has too little data to compare.",
            "actual_vs_expected": f"{m['name']} has {m['samples']} samples in the window.",
            "potential_explanations": "The window holds too few points.",
        }
    exp = m.get("expected", {})
    band = f"{exp.get('low')} to {exp.get('high')}" if "low" in exp else "its threshold"
    out = {
        "signal_summary": f"{facts['name']}: {m['name']} is at {m['observed']}.",
        "actual_vs_expected": f"{m['name']} is observed at {m['observed']} against {band}.",
        "potential_explanations": f"The data has {m['samples']} samples in the window.",
        "discovery_focus": f"What are users of {facts['name']} doing differently?",
    }
    return out


class ScriptedModel(FakeMessagesListChatModel):
    """A fake chat model with tool calling and a per-experiment script."""

    responses: list[BaseMessage] = []
    script: dict[str, list[Any]] = {}
    default: Any = truthful
    latency_s: float = 0.0
    calls: dict[str, int] = {}
    seen: list[list[BaseMessage]] = []
    active: int = 0
    peak: int = 0

    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def model_post_init(self, context: Any) -> None:
        super().model_post_init(context)
        self.calls = defaultdict(int)
        self.seen = []

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Any:
        # Remember which schema is bound so tool calls carry its name, as providers do.
        name = convert_to_openai_tool(tools[0])["function"]["name"]
        return self.bind(tool_name=name)

    def _step(self, key: str) -> Any:
        with self._lock:
            i = self.calls[key]
            self.calls[key] += 1
        steps = self.script.get(key)
        if not steps:
            return self.default
        return steps[min(i, len(steps) - 1)]

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        with self._lock:
            self.seen.append(list(messages))
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            if self.latency_s:
                time.sleep(self.latency_s)
            facts = facts_in(messages)
            extraction = any("<hc4_document>" in str(m.content) for m in messages)
            step = self._step(EXTRACT if extraction else key_of(facts))
            if callable(step) and not isinstance(step, type):
                step = step(facts)
            if isinstance(step, BaseException):
                raise step
            if isinstance(step, str):
                msg = AIMessage(content=step)
            else:
                call = {"name": kwargs.get("tool_name", "answer"), "args": step, "id": "call_1"}
                msg = AIMessage(
                    content="",
                    tool_calls=[call],
                    usage_metadata={"input_tokens": 100, "output_tokens": 20, "total_tokens": 120},
                )
            return ChatResult(generations=[ChatGeneration(message=msg)])
        finally:
            with self._lock:
                self.active -= 1


def metric(**kw: Any) -> MetricFacts:
    base: dict[str, Any] = {"name": "Action rate", "series": "action_rate", "unit": "%"}
    return MetricFacts(**(base | kw))


def portfolio(*exps: ExperimentFacts, **kw: Any) -> PortfolioFacts:
    return PortfolioFacts(
        window_start="2026-03-01T00:00:00Z",
        window_end="2026-03-22T00:00:00Z",
        experiments=list(exps),
        priority_counts=priority_counts(exps),
        scope_counts=scope_counts(exps),
        **kw,
    )


def fixed(answer: dict[str, str]) -> Callable[[dict[str, Any]], dict[str, str]]:
    return lambda facts: answer


def sample_input(injection: str | None = None) -> NarrationInput:
    """Three experiments with hand-chosen facts; onboarding is routed to discovery."""
    band = Baseline(
        metric="Action rate",
        unit="%",
        expected_low=60,
        expected_high=75,
        investigate_op="<",
        investigate_value=50,
    )
    onboarding = ExperimentFacts(
        id="onboarding",
        name="Onboarding checklist",
        priority="P1",
        severity="Critical",
        direction="Negative",
        trajectory="Degrading",
        scope="Wide",
        confidence="High",
        anomaly=True,
        lead_metric="Action rate",
        metrics=[
            metric(
                baseline=band,
                observed=48.2,
                gap=-11.8,
                gap_relative=-0.1967,
                divergence=0.1967,
                breach="critical",
                breach_hours=36.0,
                samples=336,
                points=336,
                completeness=0.98,
                change_point="2026-03-05T06:00:00Z",
                severity="Critical",
                direction="Negative",
                trajectory="Degrading",
                confidence="High",
            )
        ],
        anomalies=[
            Anomaly(
                experiment="onboarding",
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
    pricing = ExperimentFacts(
        id="pricing",
        name="Annual pricing page",
        priority="P2",
        severity="Warning",
        direction="Negative",
        trajectory="Stable",
        lead_metric="Conversion",
        metrics=[
            metric(
                name="Conversion",
                series="conversion",
                baseline=Baseline(metric="Conversion", unit="%", expected_low=4, expected_high=6),
                observed=3.6,
                gap=-0.4,
                gap_relative=-0.1,
                divergence=0.1,
                breach="warning",
                samples=5200,
                points=504,
                completeness=1.0,
                severity="Warning",
            )
        ],
    )
    search = ExperimentFacts(
        id="search",
        name="Search suggestions",
        insufficient_data=True,
        metrics=[
            metric(name="Click-through", series="ctr", samples=12, points=3, completeness=0.1)
        ],
    )
    excerpt = HC4Excerpt(
        name="Onboarding checklist",
        hypothesis="We believe that a checklist will raise activation.",
        expected_behavior=injection or "Action rate 60-75% in production.",
    )
    return NarrationInput(
        facts=portfolio(onboarding, pricing, search, severity="Critical", confidence="High"),
        excerpts={"onboarding": excerpt},
        discovery=["onboarding"],
    )


def assert_guarded(out: Narrative, inp: NarrationInput) -> None:
    """Every field of the final narrative passes every HC5 guard."""
    assert (
        check_field(
            "portfolio_summary", out.portfolio_summary, allowed_from(portfolio_sheet(inp.facts))
        )
        == []
    )
    for e in inp.facts.experiments:
        allowed = allowed_from(experiment_sheet(inp.facts, e))
        prose = out.experiments[e.id]
        assert (prose.discovery_focus is not None) == (e.id in inp.discovery)
        for name, text in prose.model_dump(exclude_none=True).items():
            assert check_field(name, text, allowed) == [], (e.id, name, text)
