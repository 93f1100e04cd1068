"""PortfolioFacts + routes + narrative -> the contracts' HC5Report (rendered by contracts)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

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
from vortex_pulse.core.numbers import duration
from vortex_pulse.core.paths import display_paths
from vortex_pulse.report.continuity import Continuity
from vortex_pulse.report.model import HC4Ref, Route
from vortex_pulse.report.narrative import ExperimentNarrative, HC4Excerpt, Narrative
from vortex_pulse.report.told import Told, tell
from vortex_pulse.report.wording import (
    about,
    band,
    pattern_line,
    percent,
    rate_of_change,
    threshold,
)
from vortex_pulse.signals.facts import ExperimentFacts, PortfolioFacts

DETECTION = (
    "Deterministic production metric monitoring against the HC4 baselines: divergence from "
    "the expected band, investigate thresholds with persistence, trend, change points, "
    "anomaly and data-quality checks (docs/rules.md)"
)
_AGENTS = {"max": "Max", "isla": "Isla", "noah": "Noah", "none": "—"}
_EVIDENCE = {
    "max": "Portfolio report complete, prioritized",
    "isla": "An anomaly no shared cause explains",
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


def _row(e: ExperimentFacts, told: Told) -> PortfolioSignalRow:
    return PortfolioSignalRow(
        priority=e.priority,
        experiment=e.name,
        signal_status=f"{e.severity} ({e.direction})",
        divergence=told.divergence,
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
    since: str | None = None,
) -> ExperimentContext:
    no_hc4 = "Not stated (no HC4: service monitoring against config baselines)"
    earlier = (
        ", ".join(previous) + "." if previous else "None — first HC5 report for this experiment."
    )
    return ExperimentContext(
        experiment=e.name,
        originating_experiment=e.name,
        original_hypothesis=(ex.hypothesis if ex and ex.hypothesis else no_hc4),
        experiment_outcome=(ex.outcome if ex and ex.outcome else no_hc4),
        expected_production_behavior=_expected(e, ex),
        actual_vs_expected=n.actual_vs_expected,
        previous_signals=earlier + (f" Since the last report: {since}." if since else ""),
        related_experiments=", ".join(names.get(r, r) for r in e.related) or None,
        problem_definition=", ".join(f"HC2: {p}" for p in refs.get("HC2", [])) or None,
        hypothesis_origin=", ".join(f"HC3: {p}" for p in refs.get("HC3", [])) or None,
    )


def since_text(c: Continuity | None, exp_id: str) -> str | None:
    """What changed since the previous report, and what cleared (None for a first report)."""
    if c is None or c.previous is None:
        return None
    parts = [c.since_last.get(exp_id, "")] + ([c.cleared[exp_id]] if exp_id in c.cleared else [])
    return "; ".join(p for p in parts if p) or None


def _trend(e: ExperimentFacts, told: Told) -> TrendAnalysis:
    lead = e.lead
    if lead is None:
        return TrendAnalysis(
            experiment=e.name,
            trend_direction=e.trajectory,
            trend_duration="n/a",
            rate_of_change="n/a",
            baseline_comparison="No data in the window",
            confidence=e.confidence,
        )
    held = duration(lead.trend_duration_hours)
    lines = told.lines
    return TrendAnalysis(
        experiment=e.name,
        trend_direction=e.trajectory,
        trend_duration=(f"{held} since the change point" if lead.change_point else held),
        rate_of_change=rate_of_change(lead),
        baseline_comparison="; ".join(
            t for m, t in zip(e.metrics, lines, strict=True) if m.observed is not None
        ),
        confidence=e.confidence,
    )


def _anomalies(
    e: ExperimentFacts, n: ExperimentNarrative, routed: set[str], systemic: dict[str, str]
) -> list[AnomalyBlock]:
    """One block per experiment: its anomalies joined, what a systemic finding explains
    named as such (discovery goes to the deep dive on the shared surface, not to Isla)."""
    if not e.anomalies:
        return []
    texts, devs = [], []
    for a in e.anomalies:
        text = about(a.metric, a.description)
        if a.explained_by:
            surface = systemic.get(a.explained_by, a.explained_by)
            text += f" (part of the systemic signal on the {surface})"
        texts.append(text)
        dev = about(a.metric, a.deviation)
        if dev not in devs:
            devs.append(dev)
    return [
        AnomalyBlock(
            experiment=e.name,
            anomaly_description="; ".join(texts),
            deviation_from_expected="; ".join(devs),
            potential_explanations=n.potential_explanations,
            discovery_needed="Yes" if e.id in routed else "No",
            discovery_focus=n.discovery_focus if e.id in routed else None,
        )
    ]


def _biases(e: ExperimentFacts) -> str | None:
    """Data caveats: unit reconciliation and model-proposed baselines (scope notes are not)."""
    notes = [f"{m.name}: {n}" for m in e.metrics for n in m.notes if "rescaled" in n]
    notes += [n for n in e.notes if not n.startswith("scope ")]
    return "; ".join(notes) or None


def _samples(e: ExperimentFacts) -> str:
    """Per metric, never summed: metrics of one experiment usually count the same traffic."""
    return (
        "; ".join(f"{m.name}: {m.samples:,} samples over {m.points:,} points" for m in e.metrics)
        or "No metrics mapped"
    )


def _quality(e: ExperimentFacts) -> DataQualityBlock:
    completeness = (
        "; ".join(
            f"{m.name} {percent(m.completeness)}"
            + (
                f", newest point {duration(m.staleness_hours)} old"
                if (m.staleness_hours or 0) >= 24
                else ""
            )
            for m in e.metrics
        )
        or "No metrics mapped"
    )
    return DataQualityBlock(
        experiment=e.name,
        sample_size=_samples(e),
        data_completeness=completeness,
        known_biases=_biases(e),
        confidence_level=e.confidence,
    )


def compass_rows(routes: list[Route]) -> list[CompassRouteRow]:
    return [
        CompassRouteRow(
            evidence=(
                "Related experiments broke together (systemic signal)"
                if r.agent == "noah" and len(r.experiments) > 1
                else _EVIDENCE[r.agent]
            ),
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


def input_artifacts(hc4: dict[str, HC4Ref], config_path: Path | None) -> list[ArtifactRef]:
    """The HC5's input artifacts: every HC4 read, and the config for service entries."""
    base = config_path.parent if config_path else None
    shown = display_paths([r.path for r in hc4.values() if r.path], base)
    inputs = [ArtifactRef(path=p or "", contract="HC4") for p in shown]
    if any(not r.path for r in hc4.values()):
        # service entries without an HC4 take their baselines from the config itself
        inputs.append(
            ArtifactRef(path=config_path.name if config_path else "config", contract="config")
        )
    return inputs


def build_hc5(
    facts: PortfolioFacts,
    routes: list[Route],
    narrative: Narrative,
    *,
    date: str,
    inputs: list[ArtifactRef],
    excerpts: dict[str, HC4Excerpt],
    previous: dict[str, list[str]],
    refs: dict[str, dict[str, list[str]]],
    continuity: Continuity | None = None,
    told: Mapping[str, Told] | None = None,
) -> HC5Report:
    """The HC5 from typed inputs (never the graph state). `told`: `report/told.tell` of
    these facts, when the caller has it (else it is told here)."""
    said = told or tell(facts.experiments, excerpts)
    names = {e.id: e.name for e in facts.experiments}
    routed = {i for r in routes if r.agent == "isla" for i in r.experiments}
    systemic = {p.topic: p.surface or "" for p in facts.patterns if p.topic}
    empty = ExperimentNarrative(signal_summary="", actual_vs_expected="", potential_explanations="")
    exps = facts.experiments
    narr = {e.id: narrative.experiments.get(e.id, empty) for e in exps}
    return HC5Report(
        frontmatter=HC5Frontmatter(input_artifacts=inputs, created=date),
        title=f"HC5 Signal Report: Production Portfolio — {date}",
        signal_description=SignalDescription(
            signal_summary=narrative.portfolio_summary,
            signal_type=signal_type(exps[0] if exps else None),
            severity=facts.severity,
            detection_method=DETECTION,
            time_window=f"{facts.window_start[:10]} to {facts.window_end[:10]}",
            affected_scope=_scope(facts),
        ),
        portfolio_signal_summary=[_row(e, said[e.id]) for e in exps],
        portfolio_patterns=[pattern_line(p, names) for p in facts.patterns],
        contexts=[
            _context(
                e,
                excerpts.get(e.id),
                narr[e.id],
                previous.get(e.id, []),
                names,
                refs.get(e.id, {}),
                since_text(continuity, e.id),
            )
            for e in exps
        ],
        trends=[_trend(e, said[e.id]) for e in exps],
        anomalies=[a for e in exps for a in _anomalies(e, narr[e.id], routed, systemic)],
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
