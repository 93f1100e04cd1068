"""Model calls that do not go through the narrator (baseline extraction from HC4 text) pay
from the same budget and wait for the same concurrency limit.

LangChain calls every callback handler a configure hook names, inline, in the thread that
makes the call; the hook is a context variable the batch sets in each portfolio's worker
thread, so the calls of that pass (and only they) are counted. The narrator accounts for
its own calls (narrator.py) and marks them, so nothing is counted twice.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.outputs import LLMResult
from langchain_core.tracers.context import register_configure_hook
from vortex_pulse.agents.llm.factsheet import estimate_tokens
from vortex_pulse.pulse.batch.budget import BudgetSpent, SharedLimit, TokenBudget

NARRATING: ContextVar[bool] = ContextVar("pulse_batch_narrating", default=False)


class ModelCalls(BaseCallbackHandler):
    raise_error = True  # a refused call must not be made
    run_inline = True

    def __init__(self, budget: TokenBudget, limit: SharedLimit, max_tokens: int) -> None:
        self.budget, self.limit, self.max_tokens = budget, limit, max_tokens
        self.refused: BudgetSpent | None = None
        self._held: dict[UUID, int] = {}

    def on_chat_model_start(
        self, serialized: dict[str, Any], messages: list[list[Any]], *, run_id: UUID, **kw: Any
    ) -> None:
        if NARRATING.get():
            return
        need = sum(estimate_tokens(str(m.content)) for batch in messages for m in batch)
        need += self.max_tokens
        try:
            self.budget.reserve(need)
        except BudgetSpent as exc:
            self.refused = exc  # the caller may swallow the error; the batch must not
            raise
        self.limit.acquire()
        self._held[run_id] = need

    def _done(self, run_id: UUID, used: int) -> None:
        need = self._held.pop(run_id, None)
        if need is not None:
            self.limit.release()
            self.budget.settle(need, used)

    def on_llm_end(self, response: LLMResult, *, run_id: UUID, **kw: Any) -> None:
        used = 0
        for gens in response.generations:
            for g in gens:
                usage = getattr(getattr(g, "message", None), "usage_metadata", None) or {}
                used += int(usage.get("total_tokens", 0))
        if not used:
            usage = (response.llm_output or {}).get("token_usage") or {}
            used = int(usage.get("total_tokens", 0))
        self._done(run_id, used)

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kw: Any) -> None:
        self._done(run_id, 0)


CALLS: ContextVar[ModelCalls | None] = ContextVar("pulse_batch_model_calls", default=None)
register_configure_hook(CALLS, inheritable=True)
