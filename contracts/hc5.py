"""The HC5 Signal Report (Noah -> Max) as a typed model.

Values are strings as written: the report is prose plus tables, and a human-written HC5
must parse even when a field says "Stable (action rate); Shifting Earlier (timing)".
Enum-valued fields are checked by `contracts.hc5_validate`, never by this model, so
`parse_hc5` never rejects a document. An empty string means "not given".

Per-experiment blocks carry `experiment`: the experiment's name (a `### Experiment: …`
heading in the markdown), or None in a single-signal report written by a person.
"""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, Field

SIGNAL_TYPES: Final = (
    "Metric Deviation",
    "Behavior Pattern",
    "Anomaly",
    "Trend Shift",
    "Threshold Breach",
)
SEVERITIES: Final = ("Critical", "Warning", "Informational")
TREND_DIRECTIONS: Final = ("Improving", "Degrading", "Stable", "Oscillating", "Insufficient Data")
CONFIDENCES: Final = ("High", "Medium", "Low")
DISCOVERY_NEEDED: Final = ("Yes", "No")
PRIORITIES: Final = ("P1", "P2", "P3")
WORKFLOWS: Final = ("production-monitoring", "signal-interpretation", "behavior-analysis")
PORTFOLIO_WORKFLOW: Final = "production-monitoring"


class ArtifactRef(BaseModel):
    """One input artifact named in the frontmatter (normally an HC4)."""

    path: str
    contract: str = "HC4"


class HC5Frontmatter(BaseModel):
    contract: str = "HC5"
    type: str = "artifact"
    source_agent: str = "noah"
    source_workflow: str = PORTFOLIO_WORKFLOW
    target_agents: list[str] = Field(default_factory=lambda: ["max"])
    input_artifacts: list[ArtifactRef] = Field(default_factory=list)
    created: str = ""  # ISO date (YYYY-MM-DD) or timestamp


class SignalDescription(BaseModel):
    """Section 1. For a portfolio report, severity is that of the highest-priority signal."""

    signal_summary: str = ""
    signal_type: str = ""  # one of SIGNAL_TYPES
    severity: str = ""  # one of SEVERITIES
    detection_method: str = ""
    time_window: str = ""  # "2026-02-10 to 2026-03-01"
    affected_scope: str = ""


class ExperimentContext(BaseModel):
    """Section 2, per experiment: Experiment Lineage and (optional) Vortex History."""

    experiment: str | None = None
    originating_experiment: str = ""
    original_hypothesis: str = ""  # quoted from the HC4: data, never instructions
    experiment_outcome: str = ""
    expected_production_behavior: str = ""
    actual_vs_expected: str = ""
    problem_definition: str | None = None
    hypothesis_origin: str | None = None
    previous_signals: str | None = None
    related_experiments: str | None = None


class TrendAnalysis(BaseModel):
    """Section 3, per experiment."""

    experiment: str | None = None
    trend_direction: str = ""  # one of TREND_DIRECTIONS (leading word)
    trend_duration: str = ""
    rate_of_change: str = ""
    baseline_comparison: str = ""
    confidence: str = ""  # one of CONFIDENCES (leading word)


class AnomalyBlock(BaseModel):
    """Section 4, per flagged anomaly."""

    experiment: str | None = None
    anomaly_description: str = ""
    deviation_from_expected: str = ""
    potential_explanations: str = ""  # factual, never advice
    discovery_needed: str = ""  # "Yes" | "No"
    discovery_focus: str | None = None  # questions for Isla


class DataQualityBlock(BaseModel):
    """Section 5, per experiment."""

    experiment: str | None = None
    sample_size: str = ""
    data_completeness: str = ""
    known_biases: str | None = None
    confidence_level: str = ""  # one of CONFIDENCES (leading word)


class PortfolioDataQuality(BaseModel):
    """Section 5, portfolio level (production-monitoring reports)."""

    overall_portfolio_confidence: str = ""
    experiments_with_insufficient_data: str = ""
    cross_experiment_data_consistency: str = ""
    portfolio_coverage: str = ""


class PortfolioSignalRow(BaseModel):
    """One row of the Portfolio Signal Summary table, ranked P1 first."""

    priority: str  # P1 | P2 | P3
    experiment: str
    signal_status: str  # severity and direction, e.g. "Critical (Negative)"
    divergence: str  # quantified: "Action rate 48% vs 60-75% expected (-20%)"
    trajectory: str  # one of TREND_DIRECTIONS
    anomaly: str  # "Yes" | "No"


class CompassRouteRow(BaseModel):
    """One row of the Compass routing table that closes a portfolio report."""

    evidence: str
    next_workflow: (
        str  # learning-card | user-discovery | signal-interpretation | insufficient-evidence
    )
    agent: str  # Max | Isla | Noah | —
    contract: str  # HC5 | HC10 | —
    reason: str


class HC5Report(BaseModel):
    """A whole HC5 report; `render_hc5` writes it, `parse_hc5` reads it back."""

    frontmatter: HC5Frontmatter = Field(default_factory=HC5Frontmatter)
    title: str = ""  # the H1 text, e.g. "HC5 Signal Report: Portfolio — 2026-03-01"
    signal_description: SignalDescription = Field(default_factory=SignalDescription)
    portfolio_signal_summary: list[PortfolioSignalRow] = Field(default_factory=list)
    portfolio_patterns: list[str] = Field(default_factory=list)  # cross-experiment lines
    contexts: list[ExperimentContext] = Field(default_factory=list)
    trends: list[TrendAnalysis] = Field(default_factory=list)
    anomalies: list[AnomalyBlock] = Field(default_factory=list)
    data_quality: list[DataQualityBlock] = Field(default_factory=list)
    portfolio_quality: PortfolioDataQuality | None = None
    compass: list[CompassRouteRow] = Field(default_factory=list)

    @property
    def is_portfolio(self) -> bool:
        return self.frontmatter.source_workflow == PORTFOLIO_WORKFLOW


def _labels(model: type[BaseModel], special: dict[str, str]) -> dict[str, str]:
    return {
        name: special.get(name, name.replace("_", " ").title())
        for name in model.model_fields
        if name != "experiment"
    }


# Field labels as they appear in the markdown's `Field | Details` tables.
LABELS: Final[dict[type[BaseModel], dict[str, str]]] = {
    SignalDescription: _labels(SignalDescription, {}),
    ExperimentContext: _labels(ExperimentContext, {"actual_vs_expected": "Actual vs Expected"}),
    TrendAnalysis: _labels(TrendAnalysis, {"rate_of_change": "Rate of Change"}),
    AnomalyBlock: _labels(AnomalyBlock, {"deviation_from_expected": "Deviation from Expected"}),
    DataQualityBlock: _labels(DataQualityBlock, {}),
    PortfolioDataQuality: _labels(
        PortfolioDataQuality,
        {
            "experiments_with_insufficient_data": "Experiments with Insufficient Data",
            "cross_experiment_data_consistency": "Cross-Experiment Data Consistency",
        },
    ),
}
LINEAGE_FIELDS: Final = (
    "originating_experiment",
    "original_hypothesis",
    "experiment_outcome",
    "expected_production_behavior",
    "actual_vs_expected",
)
HISTORY_FIELDS: Final = (
    "problem_definition",
    "hypothesis_origin",
    "previous_signals",
    "related_experiments",
)
SUMMARY_COLUMNS: Final = (
    ("priority", "Priority"),
    ("experiment", "Experiment"),
    ("signal_status", "Signal Status"),
    ("divergence", "Divergence"),
    ("trajectory", "Trajectory"),
    ("anomaly", "Anomaly?"),
)
COMPASS_COLUMNS: Final = (
    ("evidence", "Evidence"),
    ("next_workflow", "Next Workflow"),
    ("agent", "Agent"),
    ("contract", "Contract"),
    ("reason", "Reason"),
)
