"""The Compass rule table (docs/architecture.md): which evidence supports which route.

| Evidence                                              | Agent | Workflow              | HC   |
|-------------------------------------------------------|-------|-----------------------|------|
| HC5 valid, portfolio data confidence High or Medium   | max   | learning-card         | HC5  |
| An anomaly no systemic signal explains (one per exp.) | isla  | user-discovery        | HC10 |
| A systemic signal (related experiments break together)| noah  | signal-interpretation | -    |
| A Critical signal, no anomaly, confidence not High    | noah  | signal-interpretation | -    |
| None of the above                                     | none  | insufficient-evidence | -    |

A shared cause (engine, deploy, logging) is not user behaviour: the level shifts a systemic
signal explains go to a deep dive on the shared surface, and Isla gets an HC10 only for
what the shared cause does not explain.

Pure: facts in, routes out. The same routes feed the HC5's Compass table, the JSON report
and the graph's branches, so the three can never disagree.
"""

from __future__ import annotations

from vortex_pulse.core.numbers import plural
from vortex_pulse.report.hc10 import unexplained
from vortex_pulse.report.model import Route
from vortex_pulse.report.wording import about
from vortex_pulse.signals.facts import PortfolioFacts

MAX_NEEDS = "Max needs a complete HC5 with at least Medium portfolio data confidence"
ISLA_NEEDS = "Isla needs a specific anomaly with a clear deviation from the baseline"
NOAH_NEEDS = "a Noah deep dive needs one specific Critical signal whose data is not yet conclusive"


def max_route(facts: PortfolioFacts) -> Route | None:
    if facts.confidence == "Low" or not facts.experiments:
        return None
    exps = facts.experiments
    ranked = ", ".join(f"{p}: {n}" for p, n in facts.priority_counts.items() if n)
    return Route(
        agent="max",
        workflow="learning-card",
        contract="HC5",
        reason=(
            f"Portfolio report complete: {plural(len(exps), 'experiment')} ranked ({ranked}); "
            f"portfolio data confidence {facts.confidence}"
        ),
        experiments=[e.id for e in exps],
    )


def isla_routes(facts: PortfolioFacts, unchanged: dict[str, str] | None = None) -> list[Route]:
    """One route per experiment with an anomaly nothing explains. An anomaly unchanged
    since an earlier HC10 (`unchanged`: id -> that file) is referenced, not re-filed."""
    out: list[Route] = []
    unchanged = unchanged or {}
    for e in facts.experiments:
        open_ = unexplained(e)
        if not (e.anomaly and open_):
            continue
        a = open_[0]
        more = (
            f" (and {plural(len(open_) - 1, 'more anomaly', 'more anomalies')})"
            if len(open_) > 1
            else ""
        )
        out.append(
            Route(
                agent="isla",
                workflow="user-discovery",
                contract="HC10",
                reason=f"Anomaly in {e.name}: {about(a.metric, a.description)}{more}"
                + (
                    f"; unchanged since {unchanged[e.id]} (referenced, not re-filed)"
                    if e.id in unchanged
                    else ""
                ),
                experiments=[e.id],
                reference=unchanged.get(e.id),
            )
        )
    return out


def systemic_routes(facts: PortfolioFacts) -> list[Route]:
    names = {e.id: e.name for e in facts.experiments}
    return [
        Route(
            agent="noah",
            workflow="signal-interpretation",
            reason=(
                f"Systemic signal on the {p.surface}: "
                f"{' and '.join(names.get(i, i) for i in p.experiments)} broke together; "
                "a shared cause is checked before any user behaviour is assumed"
            ),
            experiments=list(p.experiments),
            topic=p.topic,
        )
        for p in facts.patterns
        if p.type == "systemic"
    ]


def deep_dive_routes(facts: PortfolioFacts) -> list[Route]:
    out: list[Route] = []
    for e in facts.experiments:
        if e.severity != "Critical" or e.anomaly or e.confidence == "High":
            continue
        lead = e.lead
        metric = lead.name if lead else "its lead signal"
        out.append(
            Route(
                agent="noah",
                workflow="signal-interpretation",
                reason=(
                    f"{e.name}: {metric} breaches its Critical threshold but data confidence "
                    f"is {e.confidence}; one signal to interpret before it is acted on"
                ),
                experiments=[e.id],
                topic=e.id,
            )
        )
    return out


def plan_routes(facts: PortfolioFacts, unchanged: dict[str, str] | None = None) -> list[Route]:
    """Every route the evidence supports, in table order; "insufficient evidence" if none.
    `unchanged`: experiments whose anomaly an earlier HC10 already carries (continuity)."""
    routes: list[Route] = []
    m = max_route(facts)
    if m is not None:
        routes.append(m)
    routes += isla_routes(facts, unchanged)
    routes += systemic_routes(facts)
    routes += deep_dive_routes(facts)
    if routes:
        return routes
    return [
        Route(
            agent="none",
            workflow="insufficient-evidence",
            reason=(
                f"Insufficient evidence for any route: portfolio data confidence "
                f"{facts.confidence}, no anomaly flagged, no systemic or Critical signal to "
                "interpret"
            ),
            needs=f"{MAX_NEEDS}; {ISLA_NEEDS}; {NOAH_NEEDS}",
        )
    ]
