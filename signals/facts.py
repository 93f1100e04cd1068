"""The facts the signals engine produces: every number a report shows comes from here.

Pydantic models because they cross boundaries: graph state (checkpointed as JSON), the
JSON report, the HC5 renderer and the LLM fact sheet. Times are ISO 8601 UTC strings.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator
from vortex_pulse.contracts.baselines import Baseline

Severity = Literal["Critical", "Warning", "Informational"]
Direction = Literal["Positive", "Negative", "Lateral", "None"]
Trajectory = Literal["Improving", "Degrading", "Stable", "Oscillating", "Insufficient Data"]
Scope = Literal["Wide", "Moderate", "Narrow"]
Confidence = Literal["High", "Medium", "Low"]
Priority = Literal["P1", "P2", "P3"]
Breach = Literal["critical", "warning", "none"]
PatternType = Literal[
    "systemic", "correlated_divergence", "shared_impact", "timing", "contradictory"
]

SEVERITY_ORDER: dict[str, int] = {"Critical": 0, "Warning": 1, "Informational": 2}
PRIORITY_ORDER: dict[str, int] = {"P1": 0, "P2": 1, "P3": 2}


class MetricSpec(BaseModel):
    """One monitored metric of an experiment: HC4 name -> series, with its baseline."""

    name: str  # as written in the HC4 ("Action rate")
    series: str  # series name in the source ("action_rate")
    source: str = "default"
    query: str | None = None
    n_query: str | None = None
    unit: str | None = None  # config override of the unit
    baseline: Baseline | None = None


class ExperimentSpec(BaseModel):
    """What scoring needs to know about one experiment."""

    id: str
    name: str
    scope: Scope | None = None  # from config (scope: or traffic_share:), else the HC4 hint
    scope_hint: str | None = None  # HC4 text about reach, used when config is silent
    related: list[str] = Field(default_factory=list)
    shared: list[str] = Field(default_factory=list)  # components the HC4 says it shares
    validated: str | None = None  # what the experiment validated, as its HC4 writes it
    metrics: list[MetricSpec] = Field(default_factory=list)
    llm_baselines: int = 0  # baselines proposed by a model: lowers confidence


class Anomaly(BaseModel):
    experiment: str
    metric: str
    kind: Literal["level_shift", "segment_divergence", "positive_surprise", "systemic"]
    description: str  # factual, built from numbers below
    deviation: str  # how it differs from what the baseline predicted
    segment: str | None = None
    start: str | None = None
    magnitude: float | None = None  # in the metric's unit
    explained_by: str | None = None  # topic of the systemic finding that explains it


class MetricFacts(BaseModel):
    name: str
    series: str
    unit: str | None = None  # the config's unit, else the baseline's (filled on creation)
    baseline: Baseline | None = None
    observed: float | None = None  # robust level over the recent window, baseline's unit
    observed_window_hours: float | None = None
    gap: float | None = None  # signed distance to the expected band (0 inside), metric unit
    gap_relative: float | None = None  # gap / band edge (or threshold), e.g. -0.2 = 20% below
    divergence: float | None = None  # |gap_relative|, the ranking quantity
    breach: Breach = "none"
    breach_hours: float | None = None  # how long the investigate threshold has been breached
    direction: Direction = "None"
    severity: Severity = "Informational"
    trajectory: Trajectory = "Insufficient Data"
    slope_per_week: float | None = None
    trend_p_value: float | None = None
    trend_duration_hours: float | None = None
    change_point: str | None = None
    samples: int = 0  # sum of n where given, else points
    points: int = 0
    completeness: float = 0.0  # points seen / points expected at the inferred cadence
    cadence_seconds: float | None = None
    staleness_hours: float | None = None
    gaps: int = 0
    first: str | None = None
    last: str | None = None
    confidence: Confidence = "Low"
    rescaled: float | None = None  # factor applied to reconcile units (e.g. 100 for 0.62 -> 62%)
    anomalies: list[Anomaly] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    # The story (docs/rules.md, "The story of a metric"): before -> after, since when, how fast.
    level_before: float | None = None  # mean level before the last change point
    step: float | None = None  # observed - level_before, in the metric's unit (points for %)
    step_vs_band: float | None = None  # |step| / band width (or / the band edge, one-sided)
    slope_after_per_week: float | None = None  # Theil-Sen slope after the last change point
    slope_after_significant: bool = False  # Mann-Kendall p < TREND_ALPHA on that stretch
    time_to_threshold_hours: float | None = None  # at slope_after, when degrading toward it
    breach_since: str | None = None  # start of the current investigate-threshold breach
    text_check: Literal["holds", "breached"] | None = None  # a text threshold, evaluated

    @model_validator(mode="after")
    def _unit(self) -> MetricFacts:
        """One unit precedence everywhere: the config's unit, else the baseline's."""
        if self.unit is None and self.baseline is not None and self.baseline.unit:
            self.unit = self.baseline.unit
        return self


class ExperimentFacts(BaseModel):
    id: str
    name: str
    scope: Scope = "Moderate"
    related: list[str] = Field(default_factory=list)
    validated: str | None = None  # the experiment's own validated result (HC4 text)
    metrics: list[MetricFacts] = Field(default_factory=list)
    severity: Severity = "Informational"
    direction: Direction = "None"
    trajectory: Trajectory = "Insufficient Data"
    confidence: Confidence = "Low"
    priority: Priority = "P3"  # set by the portfolio step
    priority_rule: str | None = None  # the row of the priority table that applied
    anomaly: bool = False
    anomalies: list[Anomaly] = Field(default_factory=list)
    insufficient_data: bool = False
    lead_metric: str | None = None  # the metric that drives severity
    samples: int = 0  # the largest metric's samples: metrics share traffic, never summed
    points: int = 0  # over all metrics
    series_with_data: int = 0  # metrics with at least one point in the window
    notes: list[str] = Field(default_factory=list)

    @property
    def lead(self) -> MetricFacts | None:
        """The metric every sentence about this experiment leads with, decided here only:
        the lead metric chosen by scoring, else (no metric scorable) the most divergent
        metric with data, else None."""
        with_data = [m for m in self.metrics if m.observed is not None]
        for m in self.metrics:
            if m.name == self.lead_metric:
                return m
        return max(with_data, key=lambda m: m.divergence or 0.0, default=None)


class Pattern(BaseModel):
    type: PatternType
    experiments: list[str]
    evidence: str
    metrics: list[str] = Field(default_factory=list)
    surface: str | None = None  # systemic: the shared component or "related in config"
    onset: str | None = None  # systemic / correlated: the first change point of the group
    topic: str | None = None  # systemic: slug naming its deep-dive artifact


class PortfolioFacts(BaseModel):
    window_start: str
    window_end: str
    experiments: list[ExperimentFacts]  # ranked: P1 first, then divergence
    patterns: list[Pattern] = Field(default_factory=list)
    severity: Severity = "Informational"
    confidence: Confidence = "Low"
    insufficient: list[str] = Field(default_factory=list)
    consistency: str = ""  # cross-experiment data consistency (windows, cadences)
    coverage: str = ""  # how many experiments / metrics had data
    priority_counts: dict[str, int] = Field(default_factory=dict)  # {"P1": n, "P2": n, "P3": n}
    scope_counts: dict[str, int] = Field(default_factory=dict)  # {"Wide": n, ...}
    findings: list[str] = Field(default_factory=list)  # source findings, as text
    as_of: str | None = None  # when the report is read (report date's end, or now)
    newest: str | None = None  # newest point of any series
    stale_hours: float | None = None  # as_of - newest, when beyond the freshness rule
