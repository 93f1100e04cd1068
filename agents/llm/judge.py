"""The optional model judge of strategy (`llm.strategy_judge: true`): a second layer after
the rule-based detector, for paraphrases and languages the rules do not list
(docs/guards.md measures how much the rules miss).

The judge can only add rejections, never lift one: a sentence the rules flag stays flagged.
Its verdict is itself checked: it must parse as the schema, and every index must be a whole
number naming one of the sentences it was shown; anything else (an error, a timeout, a
malformed or out-of-range answer) is ignored and the rules alone decide, so an offline or
failing judge changes nothing. Sentences reach it as numbered, JSON-escaped data.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from langchain_core.messages import HumanMessage
from langchain_core.runnables import Runnable
from pydantic import BaseModel, Field
from vortex_pulse.agents.llm.retry import call_with_retry, describe
from vortex_pulse.agents.llm.templates import render
from vortex_pulse.contracts.strategy import split_sentences

log = logging.getLogger(__name__)
MAX_SENTENCES = 60  # one call per job; a narrative job has a handful of short fields


class StrategyVerdict(BaseModel):
    strategic: list[int] = Field(default_factory=list)


def checked_verdict(raw: Any, count: int) -> set[int] | None:
    """The indexes of a judge's answer, or None when the answer cannot be trusted."""
    parsed = raw.get("parsed") if isinstance(raw, Mapping) else raw
    if not isinstance(parsed, StrategyVerdict):
        return None
    picked = parsed.strategic
    if any(isinstance(i, bool) or not isinstance(i, int) for i in picked):
        return None
    if any(not 1 <= i <= count for i in picked) or len(set(picked)) != len(picked):
        return None  # an index we never showed: the judge is not reading what we sent
    return {i - 1 for i in picked}


class StrategyJudge:
    def __init__(self, runnable: Runnable[Any, Any], *, deadline_s: float) -> None:
        self._runnable = runnable
        self._deadline_s = deadline_s

    def flag(self, texts: Mapping[str, str]) -> dict[str, list[str]]:
        """field -> its sentences the judge calls strategic ({} when it cannot tell)."""
        sentences = [(f, s) for f, t in texts.items() for s in split_sentences(t or "")]
        sentences = sentences[:MAX_SENTENCES]
        if not sentences:
            return {}
        listing = "\n".join(
            f"{i}. {json.dumps(s, ensure_ascii=False)}" for i, (_f, s) in enumerate(sentences, 1)
        )
        messages = [HumanMessage(render("llm_judge.j2", sentences=listing))]
        try:
            raw = call_with_retry(
                lambda: self._runnable.invoke(messages),
                max_retries=0,
                backoff_s=0.5,
                deadline_s=self._deadline_s,
            )
        except Exception as exc:  # the rules alone decide
            log.debug("strategy judge unavailable (%s)", describe(exc))
            return {}
        picked = checked_verdict(raw, len(sentences))
        if picked is None:
            log.debug("strategy judge answer ignored: not a valid verdict")
            return {}
        out: dict[str, list[str]] = {}
        for i in sorted(picked):
            f, s = sentences[i]
            out.setdefault(f, []).append(s)
        return out
