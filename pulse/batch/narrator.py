"""The LLM narrator, paying every model call from the batch's shared budget and limit."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import BaseMessage
from vortex_pulse.agents.llm.factsheet import estimate_tokens
from vortex_pulse.agents.narrators.base import Narrator
from vortex_pulse.agents.narrators.llm import LLMNarrator
from vortex_pulse.agents.narrators.select import select_narrator
from vortex_pulse.core.config import LLMConfig
from vortex_pulse.pulse.batch.budget import SharedLimit, TokenBudget
from vortex_pulse.pulse.batch.calls import NARRATING


class BudgetedNarrator(LLMNarrator):
    def __init__(
        self, llm_cfg: LLMConfig, spec: str, *, budget: TokenBudget, limit: SharedLimit
    ) -> None:
        super().__init__(llm_cfg, spec)
        self._budget = budget
        self._limit = limit

    def _ask(self, job: Any, messages: list[BaseMessage], out: Any) -> Any:
        need = sum(estimate_tokens(str(m.content)) for m in messages) + self._cfg.max_tokens
        self._budget.reserve(need)  # raises BudgetSpent: this call is never made
        before = out.prompt_tokens + out.completion_tokens
        mark = NARRATING.set(True)  # counted here, not again by the batch's call hook
        try:
            with self._limit.slot():
                return super()._ask(job, messages, out)
        finally:
            NARRATING.reset(mark)
            self._budget.settle(need, out.prompt_tokens + out.completion_tokens - before)


def narrator_for(
    llm_cfg: LLMConfig, spec: str, budget: TokenBudget, limit: SharedLimit
) -> Narrator:
    if spec == "offline":
        return select_narrator(llm_cfg, spec)
    return BudgetedNarrator(llm_cfg, spec, budget=budget, limit=limit)
