"""PortfolioFacts + routes + narrative -> the contracts' HC5Report (rendered by contracts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vortex_pulse.contracts.hc5 import (
    AnomalyBlock,
    ArtifactRef,
    CompassRouteRow,
    DataQualityBlock,
    ExperimentContext,
    HC5Frontmatter,
    HC5Report,
    PortfolioDataQuality,
    PortfolioSignalRow,
    SignalDescription,
    TrendAnalysis,
)
from vortex_pulse.core.paths import display_path
from vortex_pulse.report.model import Route
from vortex_pulse.report.narrative import ExperimentNarrative, HC4Excerpt, Narrative
from vortex_pulse.report.wording import about, band, lead_of, metric_line, num, threshold, unit_of
from vortex_pulse.signals.facts import ExperimentFacts, PortfolioFacts

DETECTION = (
    "Deterministic production metric monitoring against the HC4 baselines: divergence from "
    "the expected band, investigate thresholds with persistence, trend, change points, "
    "anomaly and data-quality checks (docs/rules.md)"
)
_AGENTS = {"max": "Max", "isla": "Isla", "noah": "Noah", "none": "—"}
_EVIDENCE = {
    "max": "Portfolio report complete, prioritized",
    "isla": "Anomalies in one or more experiments",
    "noah": "One signal warrants a focused deep dive",
    "none": "Insufficient evidence",
}


def signal_type(e: ExperimentFacts | None) -> str:
    if e is None:
        return "Metric Deviation"
    if e.anomaly:
        return "Anomaly"
    if any(m.breach == "critical" for m in e.metrics):
        return "Threshold Breach"
    if e.trajectory in ("Degrading", "Improving"):
        return "Trend Shift"
    return "Metric Deviation"


def _hours(h: float | None) -> str:
    if h is None:
        return "n/a"
    return f"{num(h / 24, 2)} days" if h >= 48 else f"{num(h, 2)} hours"


def _row(e: ExperimentFacts) -> PortfolioSignalRow:
    lead = lead_of(e)
    return PortfolioSignalRow(
        priority=e.priority,
        experiment=e.name,
        signal_status=f"{e.severity} ({e.direction})",
        divergence=metric_line(lead) if lead else "no data in the window",
        trajectory=e.trajectory,
        anomaly="Yes" if e.anomaly else "No",
    )


def _expected(e: ExperimentFacts, ex: HC4Excerpt | None) -> str:
    if ex is not None and ex.expected_behavior:
        return ex.expected_behavior
    parts = []
    for m in e.metrics:
        t = threshold(m.baseline)
        parts.append(f"{m.name} {band(m.baseline)}" + (f" (investigate if {t})" if t else ""))
    return "; ".join(parts) or "No baseline given"


def _context(
    e: ExperimentFacts,
    ex: HC4Excerpt | None,
    n: ExperimentNarrative,
    previous: list[str],
    names: dict[str, str],
    refs: dict[str, list[str]],
) -> ExperimentContext:
    no_hc4 = "Not stated (no HC4: service monitoring against config baselines)"
    return ExperimentContext(
        experiment=e.name,
        originating_experiment=e.name,
        original_hypothesis=(ex.hypothesis if ex and ex.hypothesis else no_hc4),
        experiment_outcome=(ex.outcome if ex and ex.outcome else no_hc4),
        expected_production_behavior=_expected(e, ex),
        actual_vs_expected=n.actual_vs_expected,
        previous_signals=(
            ", ".join(previous) if previous else "None — first HC5 report for this experiment."
        ),
        related_experiments=", ".join(names.get(r, r) for r in e.related) or None,
        problem_definition=", ".join(f"HC2: {p}" for p in refs.get("HC2", [])) or None,
        hypothesis_origin=", ".join(f"HC3: {p}" for p in refs.get("HC3", [])) or None,
    )


def _trend(e: ExperimentFacts) -> TrendAnalysis:
    lead = lead_of(e)
    if lead is None:
        return TrendAnalysis(
            experiment=e.name,
            trend_direction=e.trajectory,
            trend_duration="n/a",
            rate_of_change="n/a",
            baseline_comparison="No data in the window",
            confidence=e.confidence,
        )
    slope = (
        f"{lead.name}: {with_sign(lead.slope_per_week)} {unit_of(lead) or ''} per week".replace(
            "  ", " "
        )
        if lead.slope_per_week is not None
        else f"{lead.name}: n/a"
    )
    return TrendAnalysis(
        experiment=e.name,
        trend_direction=e.trajectory,
        trend_duration=_hours(lead.trend_duration_hours),
        rate_of_change=slope,
        baseline_comparison="; ".join(metric_line(m) for m in e.metrics if m.observed is not None),
        confidence=e.confidence,
    )


def with_sign(v: float | None) -> str:
    return "n/a" if v is None else ("+" if v > 0 else "") + num(v)


def _anomalies(e: ExperimentFacts, n: ExperimentNarrative, routed: set[str]) -> list[AnomalyBlock]:
    return [
        AnomalyBlock(
            experiment=e.name,
            anomaly_description=about(a.metric, a.description),
            deviation_from_expected=about(a.metric, a.deviation),
            potential_explanations=n.potential_explanations,
            discovery_needed="Yes" if e.id in routed else "No",
            discovery_focus=n.discovery_focus if e.id in routed else None,
        )
        for a in e.anomalies
    ]


def _biases(e: ExperimentFacts) -> str | None:
    """Data caveats: unit reconciliation and model-proposed baselines (scope notes are not)."""
    notes = [f"{m.name}: {n}" for m in e.metrics for n in m.notes if "rescaled" in n]
    notes += [n for n in e.notes if not n.startswith("scope ")]
    return "; ".join(notes) or None


def _quality(e: ExperimentFacts) -> DataQualityBlock:
    completeness = (
        "; ".join(f"{m.name} {num(m.completeness * 100, 3)}%" for m in e.metrics)
        or "No metrics mapped"
    )
    return DataQualityBlock(
        experiment=e.name,
        sample_size=(
            f"{e.samples:,} samples over {e.points:,} points in {e.series_with_data} series"
        ),
        data_completeness=completeness,
        known_biases=_biases(e),
        confidence_level=e.confidence,
    )


def compass_rows(routes: list[Route]) -> list[CompassRouteRow]:
    return [
        CompassRouteRow(
            evidence=_EVIDENCE[r.agent],
            next_workflow=r.workflow,
            agent=_AGENTS[r.agent],
            contract=r.contract or "—",
            reason=r.reason + (f". {r.needs}" if r.needs else ""),
        )
        for r in routes
    ]


def _scope(facts: PortfolioFacts) -> str:
    detail = ", ".join(f"{v} {k}" for k, v in facts.scope_counts.items() if v)
    return f"{len(facts.experiments)} experiments in production ({detail})"


def build_hc5(
    state: dict[str, Any] | Any,
    facts: PortfolioFacts,
    routes: list[Route],
    narrative: Narrative,
    config_path: Path | None,
) -> HC5Report:
    base = config_path.parent if config_path else None
    excerpts = {k: HC4Excerpt.model_validate(v) for k, v in state["excerpts"].items()}
    previous: dict[str, list[str]] = state["previous"]
    names = {e.id: e.name for e in facts.experiments}
    routed = {i for r in routes if r.agent == "isla" for i in r.experiments}
    empty = ExperimentNarrative(signal_summary="", actual_vs_expected="", potential_explanations="")
    inputs = [
        ArtifactRef(path=display_path(row["path"], base) or "", contract="HC4")
        for row in state["validation"]
        if row["path"]
    ]
    if any(not row["path"] for row in state["validation"]):
        # service entries without an HC4 take their baselines from the config itself
        where = config_path.name if config_path else "config"
        inputs.append(ArtifactRef(path=where, contract="config"))
    exps = facts.experiments
    narr = {e.id: narrative.experiments.get(e.id, empty) for e in exps}
    return HC5Report(
        frontmatter=HC5Frontmatter(input_artifacts=inputs, created=state["date"]),
        title=f"HC5 Signal Report: Production Portfolio — {state['date']}",
        signal_description=SignalDescription(
            signal_summary=narrative.portfolio_summary,
            signal_type=signal_type(exps[0] if exps else None),
            severity=facts.severity,
            detection_method=DETECTION,
            time_window=f"{facts.window_start[:10]} to {facts.window_end[:10]}",
            affected_scope=_scope(facts),
        ),
        portfolio_signal_summary=[_row(e) for e in exps],
        portfolio_patterns=[
            f"{p.type}: {', '.join(names.get(i, i) for i in p.experiments)} — {p.evidence}"
            for p in facts.patterns
        ],
        contexts=[
            _context(
                e,
                excerpts.get(e.id),
                narr[e.id],
                previous.get(e.id, []),
                names,
                state["hc4_docs"].get(e.id, {}).get("refs", {}),
            )
            for e in exps
        ],
        trends=[_trend(e) for e in exps],
        anomalies=[a for e in exps for a in _anomalies(e, narr[e.id], routed)],
        data_quality=[_quality(e) for e in exps],
        portfolio_quality=PortfolioDataQuality(
            overall_portfolio_confidence=facts.confidence,
            experiments_with_insufficient_data=(
                ", ".join(names.get(i, i) for i in facts.insufficient) or "None"
            ),
            cross_experiment_data_consistency=facts.consistency or "Not assessed",
            portfolio_coverage=facts.coverage or _scope(facts),
        ),
        compass=compass_rows(routes),
    )
