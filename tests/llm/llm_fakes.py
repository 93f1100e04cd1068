"""Fake chat models for the narrator tests: LangChain's fakes, taught structured output.

`ScriptedModel` answers per experiment (found in the prompt's fact sheet), so a script is
deterministic however the thread pool orders the calls. A step is one of:
- a dict: the structured answer (sent as a tool call named after the bound schema),
- a str: plain text with no tool call (what a model that ignores the schema does),
- an exception instance: raised (429s, timeouts, auth errors),
- a callable(facts_json_dict) -> one of the above.
When a key's steps run out, the last one repeats; keys without a script get `default`.
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

from signals.facts import ExperimentFacts, MetricFacts, PortfolioFacts

_FACTS = re.compile(r"<facts>\s*(\{.*?\})\s*</facts>", re.S)


class RateLimited(Exception):
    """Shaped like a provider SDK's 429 error: it carries `status_code`."""

    status_code = 429


class AuthFailed(Exception):
    status_code = 401


def facts_in(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    for m in messages:
        found = _FACTS.search(str(m.content))
        if found:
            return dict(json.loads(found.group(1)))
    return {}


def key_of(facts: dict[str, Any]) -> str:
    return str(facts.get("id", "portfolio"))


def truthful(facts: dict[str, Any]) -> dict[str, str]:
    """A well-behaved answer that cites only numbers from the fact sheet."""
    if "id" not in facts:
        n = facts["experiment_count"]
        return {"portfolio_summary": f"The portfolio holds {n} experiments in this window."}
    m = facts["metrics"][0]
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
            step = self._step(key_of(facts))
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
        **kw,
    )


def fixed(answer: dict[str, str]) -> Callable[[dict[str, Any]], dict[str, str]]:
    return lambda facts: answer
