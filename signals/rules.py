"""The rule tables and thresholds of docs/rules.md, in one place so code and docs agree.

Every constant here is named in docs/rules.md with the reason for its value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vortex_pulse.signals.facts import Confidence, Priority, Scope, Severity

HOUR = 3600.0

# Observed level: median over the most recent 24 h (at least 5 points).
RECENT_HOURS = 24.0
RECENT_MIN_POINTS = 5

# Breach persistence when the baseline has no qualifier: 6 h and 3 points.
DEFAULT_PERSISTENCE_S = 6 * HOUR
DEFAULT_PERSISTENCE_POINTS = 3

# Anomalies must have held at least this long (and at least the baseline's persistence).
ANOMALY_MIN_S = 24 * HOUR
POSITIVE_SURPRISE_MIN = 0.20  # relative gap beyond the better edge of the band
SEGMENT_MIN_DIVERGENCE = 0.05  # relative gap of a segment while the aggregate is inside

# Trajectory.
MIN_POINTS = 8
MIN_SPAN_S = 24 * HOUR
TREND_BINS = 64  # trend and change points run on at most this many time bins
TREND_ALPHA = 0.05  # Mann-Kendall significance
TREND_MIN_FRACTION = 0.25  # of the practical scale (band width) to count as movement
TREND_DOMINANCE = 0.5  # trend change vs swing amplitude: above it, a trend is not oscillation
OSC_MIN_EXCURSIONS = 3
OSC_MIN_AMPLITUDE = 0.5  # p90 - p10 swing, as a fraction of the practical scale
CP_MIN_SHIFT_SIGMA = 4.0  # mean shift in noise standard deviations

# Data quality and confidence.
GAP_FACTOR = 1.5  # an interval longer than 1.5 cadences is a gap
HIGH_COMPLETENESS = 0.9
LOW_COMPLETENESS = 0.5
STALE_LOW_FRACTION = 0.25  # of the window
FRESH_HOURS = 24.0  # newest point older than this before the report date: said in the summary
HIGH_SAMPLES = 1000
LOW_SAMPLES = 100

# Scope from a traffic share.
WIDE_SHARE = 0.5
NARROW_SHARE = 0.1

# Patterns.
TIMING_TOLERANCE_S = 12 * HOUR
PATTERN_LIST_MAX = 12  # experiments named in one evidence line

CONFIDENCE_RANK: dict[str, int] = {"Low": 0, "Medium": 1, "High": 2}
CONFIDENCE_BY_RANK: tuple[Confidence, ...] = ("Low", "Medium", "High")


def lower_confidence(c: Confidence, steps: int = 1) -> Confidence:
    return CONFIDENCE_BY_RANK[max(0, CONFIDENCE_RANK[c] - steps)]


@dataclass(frozen=True, slots=True)
class PriorityRule:
    name: str  # what `ExperimentFacts.priority_rule` shows
    priority: Priority
    applies: Callable[[Severity, Scope, Confidence, bool], bool]  # (sev, scope, conf, insuff.)


# First match wins; the rows cover every severity x scope x confidence combination.
PRIORITY_RULES: tuple[PriorityRule, ...] = (
    PriorityRule(
        "R1 Critical + Wide + High -> P1",
        "P1",
        lambda s, sc, c, i: s == "Critical" and sc == "Wide" and c == "High" and not i,
    ),
    PriorityRule(
        "R2 Low confidence or insufficient data -> P3",
        "P3",
        lambda s, sc, c, i: c == "Low" or i,
    ),
    PriorityRule(
        "R3 Critical (other scope or Medium confidence) -> P2",
        "P2",
        lambda s, *_: s == "Critical",
    ),
    PriorityRule(
        "R4 Warning + Narrow -> P3",
        "P3",
        lambda s, sc, *_: s == "Warning" and sc == "Narrow",
    ),
    PriorityRule("R5 Warning + Wide/Moderate -> P2", "P2", lambda s, *_: s == "Warning"),
    PriorityRule("R6 Informational -> P3", "P3", lambda s, *_: s == "Informational"),
)


def priority_of(
    severity: Severity, scope: Scope, confidence: Confidence, insufficient: bool
) -> PriorityRule:
    for rule in PRIORITY_RULES:
        if rule.applies(severity, scope, confidence, insufficient):
            return rule
    raise AssertionError("the priority table covers every combination")
