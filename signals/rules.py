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

# Learned baselines (signals/scoring/learned.py): a metric with no numeric baseline.
LEARNED_BEFORE_MIN_POINTS = 48  # history before the window needed to learn from it alone
LEARNED_WINDOW_FRACTION = 0.25  # else the first quarter of the window is the learning span
LEARNED_MIN_CYCLES = 2.0  # full days (weeks) of data before a daily (weekly) profile is tried
LEARNED_BUCKETS = {86400.0: 24, 604800.0: 168}  # phase buckets: hours of a day, of a week
LEARNED_SEASONAL_GAIN = 0.7  # a profile is kept when it leaves < 70% of the plain spread
LEARNED_MIN_SPREAD = 0.01  # spread floor, as a fraction of the level (flat series)
LEARNED_BAND_SIGMA = 3.0  # expected range: location +/- 3 spreads
LEARNED_INVESTIGATE_SIGMA = 4.0  # investigate threshold: 4 spreads from the location

# Streaming anomaly score (signals/scoring/streaming.py).
STREAM_REFRESHES = 50  # location and spread re-learned 50 times per learning-period length
STREAM_MEMORY_FACTOR = 3.0  # the band is re-learned on the last 3 x learn points
STREAM_MIN_SPREAD = 0.5  # trailing spread floor, as a fraction of the learned spread
STREAM_SHIFT_POINTS = 6  # the level-shift detector's mean of the last 6 points
STREAM_SHIFT_DISCOUNT = 4.0  # neighbouring points are not independent: sqrt(k) / 4
STREAM_QUIET_FRACTION = 1.0  # news = above every surprise of the last learning period
STREAM_REFRACTORY = 0.15  # and 0.15 x learn points after the previous news point
STREAM_HALF_Z = 4.0  # score 0.5 at 4 spreads

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
