"""The signal-interpretation hand-off: what Noah is asked to look at again, per signal."""

from __future__ import annotations

from typing import Any

from vortex_pulse.report.wording import metric_line
from vortex_pulse.signals.facts import ExperimentFacts


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
