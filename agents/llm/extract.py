"""Baselines a model proposes for HC4 metrics that have no numeric one (docs/llm.md).

The model returns, per metric, the numbers and the span of the HC4 they come from. A
proposal is kept only when that span occurs in the HC4 text (verbatim; runs of whitespace
compare as one space, since models reflow lines), names the metric, and holds every number
of the proposal. Kept baselines are marked source="llm" (they lower the experiment's
confidence downstream). Offline, or when the model fails, nothing is proposed.
"""

from __future__ import annotations

import json
import logging
import re
from decimal import Decimal
from typing import Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from vortex_pulse.agents.llm import factory
from vortex_pulse.agents.llm.guards import numbers_in
from vortex_pulse.agents.llm.retry import call_with_retry, describe
from vortex_pulse.agents.llm.schemas import ProposedBaseline, ProposedBaselines
from vortex_pulse.agents.llm.templates import render
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.core.config import LLMConfig

log = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+")
_CLOSE_TAG = re.compile(r"</(hc4_document)", re.IGNORECASE)


class HasText(Protocol):
    @property
    def text(self) -> str: ...


def _locate(quote: str, text: str) -> int | None:
    """1-based line where `quote` starts in `text`, or None when it is not there."""
    idx = text.find(quote)
    if idx < 0:
        words = [re.escape(w) for w in quote.split()]
        if not words:
            return None
        m = re.search(r"\s+".join(words), text)
        if m is None:
            return None
        idx = m.start()
    return text.count("\n", 0, idx) + 1


def _names_metric(metric: str, quote: str) -> bool:
    """A sanity check, not proof: the quote names the metric by one of its words (4+ letters:
    "Retention <60%" for "User retention"); a span about something else is not evidence."""
    words = [w for w in _WORD.findall(metric.casefold()) if len(w) >= 4] or [metric.casefold()]
    return any(w in quote.casefold() for w in words)


def _rejection(metric: str, p: ProposedBaseline, text: str) -> str | None:
    values = [v for v in (p.expected_low, p.expected_high, p.investigate_value) if v is not None]
    if not values:
        return "no number"
    if (p.investigate_op is None) != (p.investigate_value is None):
        return "threshold without its operator (or the reverse)"
    low, high = p.expected_low, p.expected_high
    if low is not None and high is not None and low > high:
        return "expected_low above expected_high"
    quote = _SPACE.sub(" ", p.quote).strip()
    if not quote or _locate(quote, text) is None:
        return "quote not found in the HC4"
    if not _names_metric(metric, quote):
        return "quote does not name the metric"
    written = {abs(w.value) for w in numbers_in(quote)}
    missing = [v for v in values if abs(Decimal(repr(v))) not in written]
    if missing:
        return f"number(s) not in the quote: {', '.join(f'{v:g}' for v in missing)}"
    return None


def propose_baselines(
    llm_cfg: LLMConfig,
    spec: str,
    doc: str | HasText,
    metrics: list[str],
    model: BaseChatModel | None = None,
) -> list[Baseline]:
    """Model-proposed baselines for `metrics` (HC4 names), each backed by a quoted span."""
    if not metrics or (model is None and spec == factory.OFFLINE):
        return []
    chat = model if model is not None else factory.make_chat_model(llm_cfg, spec)
    text = doc if isinstance(doc, str) else doc.text
    messages = [
        SystemMessage(render("llm_extract_system.j2")),
        HumanMessage(
            render(
                "llm_extract.j2",
                metrics=json.dumps(metrics, ensure_ascii=False),
                # the document may not close its own delimiter
                document=_CLOSE_TAG.sub(r"<\\/\1", text),
            )
        ),
    ]
    runnable = factory.structured(chat, ProposedBaselines, llm_cfg, spec)
    try:
        result = call_with_retry(
            lambda: runnable.invoke(messages),
            max_retries=llm_cfg.max_retries,
            backoff_s=1.0,
            deadline_s=llm_cfg.deadline_s,
        )
    except Exception as exc:  # a failing model proposes nothing; the HC4 stays as written
        log.warning("baseline extraction: model call failed (%s)", describe(exc))
        return []
    parsed = result.get("parsed")
    if not isinstance(parsed, ProposedBaselines):
        log.warning("baseline extraction: no structured answer")
        return []
    wanted = {m.casefold(): m for m in metrics}
    out: list[Baseline] = []
    for p in parsed.baselines:
        name = wanted.pop(p.metric.strip().casefold(), None)
        if name is None:
            log.info("baseline extraction: %r was not requested (or came twice)", p.metric)
            continue
        reason = _rejection(name, p, text)
        if reason is not None:
            log.info("baseline extraction: %s rejected: %s", name, reason)
            continue
        quote = _SPACE.sub(" ", p.quote).strip()
        out.append(
            Baseline(
                metric=name,
                unit=p.unit,
                expected_low=p.expected_low,
                expected_high=p.expected_high,
                investigate_op=p.investigate_op,
                investigate_value=p.investigate_value,
                higher_is_better=p.higher_is_better,
                source="llm",
                line=_locate(quote, text),
                quote=quote,
            )
        )
    return out
