"""Scoring one experiment: its metrics' facts rolled up by the rules of docs/rules.md."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from vortex_pulse.signals.aggregate import aggregate_segments
from vortex_pulse.signals.facts import SEVERITY_ORDER, ExperimentFacts, ExperimentSpec, MetricFacts
from vortex_pulse.signals.rules import lower_confidence
from vortex_pulse.signals.scope import resolve_scope
from vortex_pulse.signals.scoring.metric import score_metric
from vortex_pulse.signals.series import Series, SeriesKey, Window

_DIRECTION_RANK = {"Negative": 0, "Lateral": 1, "Positive": 2, "None": 3}
_TRAJECTORY_RANK = {
    "Degrading": 0, "Oscillating": 1, "Improving": 2, "Stable": 3, "Insufficient Data": 4,
}  # fmt: skip


def scorable(m: MetricFacts) -> bool:
    return m.observed is not None and m.trajectory != "Insufficient Data"


def _unscorable_reason(m: MetricFacts) -> str:
    """Why a metric was not scored. With a level, it is the trend rule (too few points or
    too short a span), not whichever note came first (e.g. a unit rescaling)."""
    if m.observed is not None:
        trend = next((n for n in m.notes if n.startswith("trajectory:")), None)
        if trend:
            return trend
    return m.notes[0] if m.notes else "too few points"


def lead_order(m: MetricFacts, position: int) -> tuple[int, int, int, float, int, int]:
    """Lead metric = scorable first, most severe, harmful first, most divergent, degrading."""
    return (
        0 if scorable(m) else 1,
        SEVERITY_ORDER[m.severity],
        _DIRECTION_RANK[m.direction],
        -(m.divergence or 0.0),
        _TRAJECTORY_RANK[m.trajectory],
        position,
    )


def by_experiment(data: Mapping[SeriesKey, Series]) -> dict[str, dict[SeriesKey, Series]]:
    """Split loaded series per experiment in one pass (score_experiment scans what it gets)."""
    out: dict[str, dict[SeriesKey, Series]] = defaultdict(dict)
    for key, s in data.items():
        out[key.experiment][key] = s
    return out


def _aggregate(
    exp: str, metric: str, data: Mapping[SeriesKey, Series], segments: Mapping[str, list[Series]]
) -> Series | None:
    """The aggregate series; built from the segments when a source returned only those."""
    key = SeriesKey(exp, metric)
    if key in data:
        return data[key]
    return aggregate_segments(key, segments[metric]) if segments.get(metric) else None


def score_experiment(
    spec: ExperimentSpec, data: Mapping[SeriesKey, Series], window: Window
) -> ExperimentFacts:
    """Step 3 of the graph: metric facts and the experiment roll-up (priority comes later).

    `data` may hold other experiments' series; for large portfolios pass only this
    experiment's (see `by_experiment`), since segments are found by scanning the keys.
    """
    segments: dict[str, list[Series]] = defaultdict(list)
    for key, s in data.items():
        if key.experiment == spec.id and key.segment is not None:
            segments[key.metric].append(s)
    metrics = [
        score_metric(
            spec.id,
            m,
            _aggregate(spec.id, m.series, data, segments),
            window,
            segments.get(m.series, ()),
        )  # fmt: skip
        for m in spec.metrics
    ]
    scope, scope_why = resolve_scope(spec.scope, spec.scope_hint)
    anomalies = [a for m in metrics for a in m.anomalies]
    facts = ExperimentFacts(
        id=spec.id,
        name=spec.name,
        scope=scope,
        related=list(spec.related),
        validated=spec.validated,
        metrics=metrics,
        anomaly=bool(anomalies),
        anomalies=anomalies,
        samples=max((m.samples for m in metrics), default=0),
        points=sum(m.points for m in metrics),
        series_with_data=sum(1 for m in metrics if m.points),
        notes=[f"scope {scope}: {scope_why}"],
    )
    notes = facts.notes  # appended to below
    usable = [m for m in metrics if scorable(m)]
    if not usable:
        facts.insufficient_data = True
        facts.confidence = "Low"
        facts.trajectory = "Insufficient Data"
        why = (
            "no metrics configured"
            if not metrics
            else "; ".join(f"{m.name}: {_unscorable_reason(m)}" for m in metrics)
        )
        notes.append(f"insufficient data: {why}")
        return facts
    lead = min(enumerate(metrics), key=lambda im: lead_order(im[1], im[0]))[1]
    facts.lead_metric = lead.name
    facts.severity = lead.severity
    facts.direction = lead.direction
    facts.trajectory = lead.trajectory
    confidence = lead.confidence
    # A text threshold the data answers ("any complaint": none seen) is evaluated, not missing.
    missing = [m.name for m in metrics if not scorable(m) and m.text_check is None]
    if missing:
        confidence = lower_confidence(confidence)
        notes.append(f"confidence lowered: not scorable: {', '.join(missing)}")
    if spec.llm_baselines:
        confidence = lower_confidence(confidence)
        notes.append(f"confidence lowered: {spec.llm_baselines} baseline(s) proposed by a model")
    described = sum(m.baseline is not None and m.baseline.source == "description" for m in metrics)
    if described:
        confidence = lower_confidence(confidence)
        notes.append(f"confidence lowered: {described} baseline(s) from a plain description")
    facts.confidence = confidence
    return facts
