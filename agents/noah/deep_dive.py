"""The signal-interpretation hand-off: what Noah is asked to look at again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vortex_pulse.report.model import Route
from vortex_pulse.report.wording import NO_DATA, metric_line
from vortex_pulse.signals.facts import ExperimentFacts, PortfolioFacts


def deep_dive_request(e: ExperimentFacts) -> dict[str, Any]:
    """One experiment's signal, for a deep dive on it (the chat's SI answer)."""
    lead = e.lead
    return {
        "experiment": e.id,
        "workflow": "signal-interpretation",
        "metric": lead.name if lead else None,
        "signal": metric_line(lead) if lead else NO_DATA,
        "breach": lead.breach if lead else "none",
        "change_point": lead.change_point if lead else None,
        "confidence": e.confidence,
    }


def asked_route(e: ExperimentFacts) -> Route:
    """A deep dive a person asked for (the chat's SI): the same artifact a Compass route to
    Noah produces, named by the experiment's id."""
    return Route(
        agent="noah",
        workflow="signal-interpretation",
        reason=f"asked for in a chat with Noah (signal interpretation of {e.name})",
        experiments=[e.id],
    )


def route_request(
    route: Route,
    facts: PortfolioFacts,
    *,
    by_id: Mapping[str, ExperimentFacts] | None = None,
) -> dict[str, Any]:
    """A route to Noah, summarised for the result and the JSON report: its experiments and
    their lead signals (a systemic route names several). `by_id`: the facts' experiments by
    id, when the caller summarises many routes of the same facts."""
    if by_id is None:
        by_id = {e.id: e for e in facts.experiments}
    members = [by_id[i] for i in route.experiments if i in by_id]
    leads = [(e, e.lead) for e in members]
    return {
        "topic": route.topic,
        "experiments": [e.id for e in members],
        "workflow": "signal-interpretation",
        "metrics": [m.name for _, m in leads if m],
        "signals": [metric_line(m) if m else f"{e.name}: {NO_DATA}" for e, m in leads],
        "change_points": [m.change_point for _, m in leads if m and m.change_point],
        "confidence": [e.confidence for e in members],
    }
