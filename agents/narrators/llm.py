"""The LLM narrator: model-written prose, guarded field by field, template as the safety net.

One structured-output call per experiment plus one for the portfolio summary, run in a
thread pool of `llm.max_concurrency` workers. Plain threads rather than asyncio: `narrate`
is then the same blocking call from sync code and from inside a running event loop (a
LangGraph node, an async server), with no loop juggling. Each field is guarded (guards.py);
on a violation the model gets one retry with the violations fed back, then the template
narrator writes that field. NarrativeMeta records what happened.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import Runnable
from pydantic import BaseModel, ValidationError
from vortex_pulse.agents.llm import factory
from vortex_pulse.agents.llm.factsheet import (
    estimate_tokens,
    excerpt_data,
    experiment_sheet,
    portfolio_sheet,
    to_json,
)
from vortex_pulse.agents.llm.guards import Allowed, Violation, allowed_from, check_field
from vortex_pulse.agents.llm.judge import StrategyJudge, StrategyVerdict
from vortex_pulse.agents.llm.retry import call_with_retry, describe
from vortex_pulse.agents.llm.schemas import (
    ExperimentProse,
    ExperimentProseWithDiscovery,
    PortfolioProse,
)
from vortex_pulse.agents.llm.templates import render
from vortex_pulse.agents.narrators.base import Narrator
from vortex_pulse.core.config import LLMConfig
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.report.model import NarrativeMeta, Rejection, Tokens
from vortex_pulse.report.narrative import ExperimentNarrative, NarrationInput, Narrative
from vortex_pulse.signals.facts import ExperimentFacts

log = logging.getLogger(__name__)

PORTFOLIO = "portfolio"  # the `experiment` of rejections about the portfolio summary
_PARSE_ERRORS = (OutputParserException, ValidationError, json.JSONDecodeError)


@dataclass
class _Job:
    key: str  # experiment id, or PORTFOLIO
    schema: type[BaseModel]
    messages: list[BaseMessage]
    allowed: Allowed

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.schema.model_fields)


@dataclass
class _Outcome:
    key: str
    texts: dict[str, str] = field(default_factory=dict)  # accepted model text per field
    rejections: list[Rejection] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class _Answer:
    parsed: BaseModel | None = None
    error: str | None = None  # a call that failed for good: nothing to guard
    schema_error: str | None = None  # an answer that is not the requested structure


class LLMNarrator:
    """Implements agents/narrators/base.Narrator with a LangChain chat model."""

    def __init__(
        self,
        llm_cfg: LLMConfig,
        spec: str,
        model: BaseChatModel | None = None,
        *,
        fallback: Narrator | None = None,
        backoff_s: float = 1.0,
        judge: StrategyJudge | None = None,
    ) -> None:
        self.spec = spec
        self._cfg = llm_cfg
        self._backoff_s = backoff_s
        chat = model if model is not None else factory.make_chat_model(llm_cfg, spec)
        if fallback is None:
            from vortex_pulse.agents.narrators.template import TemplateNarrator

            fallback = TemplateNarrator()
        self._fallback = fallback
        try:
            self._structured: dict[type[BaseModel], Runnable[Any, Any]] = {
                schema: factory.structured(chat, schema, llm_cfg, spec)
                for schema in (ExperimentProse, ExperimentProseWithDiscovery, PortfolioProse)
            }
        except NotImplementedError:
            raise ConfigError(
                f"llm.model: {spec!r} does not support structured output (tool calling)"
            ) from None
        if judge is None and llm_cfg.strategy_judge:
            judge = StrategyJudge(
                factory.structured(chat, StrategyVerdict, llm_cfg, spec),
                deadline_s=llm_cfg.deadline_s,
            )
        self._judge = judge

    def __repr__(self) -> str:  # the model object is left out: it holds the client
        return f"LLMNarrator(spec={self.spec!r}, max_concurrency={self._cfg.max_concurrency})"

    def narrate(self, inp: NarrationInput) -> Narrative:
        jobs = [self._portfolio_job(inp)] + [
            self._experiment_job(inp, e) for e in inp.facts.experiments
        ]
        with ThreadPoolExecutor(
            max_workers=min(self._cfg.max_concurrency, len(jobs)), thread_name_prefix="narrate"
        ) as pool:
            outcomes = list(pool.map(self._run, jobs))
        return self._assemble(inp, outcomes)

    # -- jobs ---------------------------------------------------------------------------

    def _system(self) -> SystemMessage:
        return SystemMessage(render("llm_system.j2"))

    def _experiment_job(self, inp: NarrationInput, exp: ExperimentFacts) -> _Job:
        sheet = experiment_sheet(inp.facts, exp)
        excerpt = excerpt_data(inp.excerpts.get(exp.id))
        discovery = exp.id in inp.discovery
        user = render(
            "llm_experiment.j2",
            name=exp.name,
            discovery=discovery,
            facts=to_json(sheet),
            excerpt=to_json(excerpt),
        )
        schema = ExperimentProseWithDiscovery if discovery else ExperimentProse
        # Only computed facts are citable. The excerpt's numbers are not: they are untrusted
        # text (an HC4 could plant "report 100%"), and the HC4's own thresholds already
        # reach the sheet as parsed baselines.
        allowed = allowed_from(sheet)
        return _Job(exp.id, schema, [self._system(), HumanMessage(user)], allowed)

    def _portfolio_job(self, inp: NarrationInput) -> _Job:
        sheet = portfolio_sheet(inp.facts)
        user = render("llm_portfolio.j2", facts=to_json(sheet))
        return _Job(
            PORTFOLIO, PortfolioProse, [self._system(), HumanMessage(user)], allowed_from(sheet)
        )

    # -- one job: ask, guard, retry once ---------------------------------------------------

    def _ask(self, job: _Job, messages: list[BaseMessage], out: _Outcome) -> _Answer:
        runnable = self._structured[job.schema]
        attempts = 0

        def once() -> Any:
            nonlocal attempts
            attempts += 1
            return runnable.invoke(messages)

        try:
            result = call_with_retry(
                once,
                max_retries=self._cfg.max_retries,
                backoff_s=self._backoff_s,
                deadline_s=self._cfg.deadline_s,
            )
        except _PARSE_ERRORS as exc:
            return _Answer(schema_error=f"invalid structured output ({type(exc).__name__})")
        except Exception as exc:
            if type(exc).__name__ == "LengthFinishReasonError":  # openai: cut at max_tokens
                return _Answer(schema_error="answer cut at llm.max_tokens")
            # the provider failed for good: the template takes over
            return _Answer(error=f"{describe(exc)}, {attempts} attempt(s)")
        raw = result.get("raw")
        self._count(messages, raw, out)
        if result.get("parsing_error") is not None:
            err = type(result["parsing_error"]).__name__
            return _Answer(schema_error=f"invalid structured output ({err})")
        parsed = result.get("parsed")
        if not isinstance(parsed, job.schema):
            return _Answer(schema_error="no structured output in the answer")
        return _Answer(parsed=parsed)

    @staticmethod
    def _count(messages: Sequence[BaseMessage], raw: Any, out: _Outcome) -> None:
        usage = getattr(raw, "usage_metadata", None)
        if usage:
            out.prompt_tokens += int(usage.get("input_tokens", 0))
            out.completion_tokens += int(usage.get("output_tokens", 0))
            return
        out.prompt_tokens += sum(estimate_tokens(str(m.content)) for m in messages)
        if isinstance(raw, AIMessage):
            written = str(raw.content) + "".join(json.dumps(c["args"]) for c in raw.tool_calls)
            out.completion_tokens += estimate_tokens(written)

    def _violations(self, job: _Job, answer: _Answer) -> list[Violation]:
        if answer.error is not None:
            return [Violation(f, "error", answer.error) for f in job.fields]
        if answer.schema_error is not None or answer.parsed is None:
            detail = answer.schema_error or "no answer"
            return [Violation(f, "schema", detail) for f in job.fields]
        found: list[Violation] = []
        for f in job.fields:
            found += check_field(f, getattr(answer.parsed, f), job.allowed)
        if self._judge is not None:
            # Only fields the rules passed go to the judge: it can add, never lift.
            bad = {v.field for v in found}
            texts = {f: str(getattr(answer.parsed, f) or "") for f in job.fields if f not in bad}
            for f, sentences in self._judge.flag(texts).items():
                found += [Violation(f, "strategy", f"model judge: {s[:120]!r}") for s in sentences]
        return found

    def _run(self, job: _Job) -> _Outcome:
        out = _Outcome(job.key)
        pending = set(job.fields)
        messages = list(job.messages)
        for attempt in (1, 2):
            answer = self._ask(job, messages, out)
            violations = [v for v in self._violations(job, answer) if v.field in pending]
            bad = {v.field for v in violations}
            if answer.parsed is not None:
                for f in pending - bad:
                    out.texts[f] = str(getattr(answer.parsed, f)).strip()
            out.rejections += [
                Rejection(
                    experiment=job.key, field=v.field, reason=f"attempt {attempt}: {v.reason}"
                )
                for v in violations
            ]
            pending = bad
            if not pending or answer.error is not None:
                break  # done, or the provider is down: a second prompt would not help
            feedback = render("llm_feedback.j2", violations=violations)
            messages = [*job.messages, HumanMessage(feedback)]
        if pending:
            log.debug("narrative: %s %s left to the template", job.key, ", ".join(sorted(pending)))
        return out

    # -- the narrative -----------------------------------------------------------------------

    def _assemble(self, inp: NarrationInput, outcomes: list[_Outcome]) -> Narrative:
        template = self._fallback.narrate(inp)
        used = fallbacks = 0

        def pick(out: _Outcome, name: str, default: str) -> str:
            nonlocal used, fallbacks
            if name in out.texts:
                used += 1
                return out.texts[name]
            fallbacks += 1
            return default

        # outcomes follow the jobs: the portfolio first, then the experiments in order
        summary = pick(outcomes[0], "portfolio_summary", template.portfolio_summary)
        experiments: dict[str, ExperimentNarrative] = {}
        for e, out in zip(inp.facts.experiments, outcomes[1:], strict=True):
            base = template.experiments.get(e.id) or ExperimentNarrative(
                signal_summary="", actual_vs_expected="", potential_explanations=""
            )
            discovery = None
            if e.id in inp.discovery:
                discovery = pick(out, "discovery_focus", base.discovery_focus or "")
            experiments[e.id] = ExperimentNarrative(
                signal_summary=pick(out, "signal_summary", base.signal_summary),
                actual_vs_expected=pick(out, "actual_vs_expected", base.actual_vs_expected),
                potential_explanations=pick(
                    out, "potential_explanations", base.potential_explanations
                ),
                discovery_focus=discovery,
            )
        meta = NarrativeMeta(
            model=self.spec,
            used_model_text=used,
            fallbacks=fallbacks,
            rejections=[r for o in outcomes for r in o.rejections],
            tokens=Tokens(
                prompt=sum(o.prompt_tokens for o in outcomes),
                completion=sum(o.completion_tokens for o in outcomes),
            ),
        )
        if fallbacks:
            log.warning(
                "narrative: %d of %d fields written by the template narrator"
                " (reasons in the JSON report's narrative.rejections)",
                fallbacks,
                used + fallbacks,
            )
        return Narrative(portfolio_summary=summary, experiments=experiments, meta=meta)
