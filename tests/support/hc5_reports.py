"""A complete production-monitoring HC5Report, as Noah builds one (test data)."""

from __future__ import annotations

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


def portfolio_report() -> HC5Report:
    names = ["Dinner Suggestions", "Checkout | Express"]  # a pipe in a name must survive
    return HC5Report(
        frontmatter=HC5Frontmatter(
            input_artifacts=[
                ArtifactRef(path="examples/portfolio/hc4-dinner-suggestions.md"),
                ArtifactRef(path="examples/portfolio/hc4-checkout.md"),
            ],
            created="2026-03-01",
        ),
        title="HC5 Signal Report: Portfolio — 2026-03-01",
        signal_description=SignalDescription(
            signal_summary="Dinner Suggestions action rate is 48%, below its 50% investigate "
            "threshold for 3.5 days.",
            signal_type="Threshold Breach",
            severity="Critical",
            detection_method="Deterministic monitoring against HC4 baselines.",
            time_window="2026-02-08 to 2026-03-01",
            affected_scope="2 experiments; the P1 signal has wide scope.",
        ),
        portfolio_signal_summary=[
            PortfolioSignalRow(
                priority="P1",
                experiment=names[0],
                signal_status="Critical (Negative)",
                divergence="Action rate 48% vs 60-75% (-20%)",
                trajectory="Degrading",
                anomaly="Yes",
            ),
            PortfolioSignalRow(
                priority="P3",
                experiment=names[1],
                signal_status="Informational (None)",
                divergence="p95 latency 240 ms within 150-300 ms",
                trajectory="Stable",
                anomaly="No",
            ),
        ],
        portfolio_patterns=["timing: both experiments changed on 2026-02-20\nsame release"],
        contexts=[
            ExperimentContext(
                experiment=n,
                originating_experiment=f"{n} concierge test",
                original_hypothesis="We believe that parents will act on one suggestion.",
                experiment_outcome="Confirmed — 78% action rate.",
                expected_production_behavior="Action rate 60-75%.",
                actual_vs_expected="48% observed, 12 points below the band.",
                previous_signals="None — first HC5 report for this experiment.",
                related_experiments=names[1 - i],
            )
            for i, n in enumerate(names)
        ],
        trends=[
            TrendAnalysis(
                experiment=n,
                trend_direction="Degrading" if i == 0 else "Stable",
                trend_duration="9 days",
                rate_of_change="-4.1 points per week",
                baseline_comparison="12 points under the lower edge.",
                confidence="High",
            )
            for i, n in enumerate(names)
        ],
        anomalies=[
            AnomalyBlock(
                experiment=names[0],
                anomaly_description="Android users' action rate fell to 31% on 2026-02-20.",
                deviation_from_expected="The HC4 expected 60-75% for every platform.",
                potential_explanations="An Android release shipped on 2026-02-20.",
                discovery_needed="Yes",
                discovery_focus="What changed for Android users on 2026-02-20?",
            )
        ],
        data_quality=[
            DataQualityBlock(
                experiment=n,
                sample_size="336 points, 11,200 events",
                data_completeness="98%",
                known_biases=None if i else "Early adopters.",
                confidence_level="High",
            )
            for i, n in enumerate(names)
        ],
        portfolio_quality=PortfolioDataQuality(
            overall_portfolio_confidence="High",
            experiments_with_insufficient_data="None",
            cross_experiment_data_consistency="Same hourly cadence and window.",
            portfolio_coverage="2 of 2 experiments, 3 of 3 metrics with data.",
        ),
        compass=[
            CompassRouteRow(
                evidence="Portfolio report complete, prioritized",
                next_workflow="learning-card",
                agent="Max",
                contract="HC5",
                reason="Data-quality confidence is High.",
            ),
            CompassRouteRow(
                evidence="Anomalies in one or more experiments",
                next_workflow="user-discovery",
                agent="Isla",
                contract="HC10",
                reason="Android divergence in Dinner Suggestions.",
            ),
        ],
    )
