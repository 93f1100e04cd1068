"""The signal-interpretation hand-off: what Noah is asked to look at again, per route."""

from __future__ import annotations

from typing import Any

from vortex_pulse.report.model import Route
from vortex_pulse.report.wording import metric_line
from vortex_pulse.signals.facts import PortfolioFacts


def deep_dive_request(route: Route, facts: PortfolioFacts) -> dict[str, Any]:
    """The request's summary for the JSON result: the experiments, their lead signals."""
    by_id = {e.id: e for e in facts.experiments}
    members = [by_id[i] for i in route.experiments if i in by_id]
    leads = [(e, e.lead) for e in members]
    return {
        "topic": route.topic,
        "experiments": [e.id for e in members],
        "workflow": "signal-interpretation",
        "metrics": [m.name for _, m in leads if m],
        "signals": [metric_line(m) if m else f"{e.name}: no data" for e, m in leads],
        "change_points": [m.change_point for _, m in leads if m and m.change_point],
        "confidence": [e.confidence for e in members],
    }
