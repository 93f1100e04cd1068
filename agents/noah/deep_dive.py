"""The signal-interpretation hand-off: one request per signal Compass sent back to Noah."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agents.noah.numbers import metric_line
from graphs.context import Context
from graphs.state import State
from signals.facts import ExperimentFacts


def deep_dive_request(e: ExperimentFacts) -> dict[str, Any]:
    lead = next((m for m in e.metrics if e.lead_metric in (m.name, m.series)), None)
    lead = lead or max(e.metrics, key=lambda m: m.divergence or 0.0, default=None)
    return {
        "experiment": e.id,
        "workflow": "signal-interpretation",
        "metric": lead.name if lead else None,
        "signal": metric_line(lead) if lead else "no data",
        "breach": lead.breach if lead else "none",
        "change_point": lead.change_point if lead else None,
        "confidence": e.confidence,
    }


def noah_deep_dive(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    wanted = {i for r in state["routes"] if r["agent"] == "noah" for i in r["experiments"]}
    exps = [ExperimentFacts.model_validate(e) for e in state["portfolio"]["experiments"]]
    return {"deep_dives": [deep_dive_request(e) for e in exps if e.id in wanted]}
