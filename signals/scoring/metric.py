"""Scoring one experiment x metric: series + baseline -> MetricFacts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.signals import rules
from vortex_pulse.signals.facts import Anomaly, MetricFacts, MetricSpec, Severity
from vortex_pulse.signals.scoring.anomalies import (
    level_shift,
    positive_surprise,
    segment_divergences,
)
from vortex_pulse.signals.scoring.learned import DAY, LearnedBand, learn_band, learned_baseline
from vortex_pulse.signals.scoring.level import (
    assess_breach,
    band_of,
    direction_of,
    gap_to_band,
    higher_is_better,
    observed_level,
    practical_scale,
)
from vortex_pulse.signals.scoring.quality import Quality, assess_quality, confidence_of
from vortex_pulse.signals.scoring.story import evaluate_text, tell
from vortex_pulse.signals.scoring.trend import assess_trend
from vortex_pulse.signals.scoring.units import percent_factor
from vortex_pulse.signals.series import NO_DATA_IN_WINDOW, Series, Window
from vortex_pulse.signals.timefmt import iso

SEVERITY_OF_BREACH: dict[str, Severity] = {
    "critical": "Critical",
    "warning": "Warning",
    "none": "Informational",
}


def _in_window(s: Series, window: Window) -> Series:
    lo, hi = window.start.timestamp(), window.end.timestamp()
    keep = (s.ts > lo) & (s.ts <= hi) & np.isfinite(s.values)
    if keep.all():
        return s
    return Series(s.key, s.ts[keep], s.values[keep], s.n[keep] if s.n is not None else None)


def _quality_fields(q: Quality, ts: np.ndarray) -> dict[str, object]:
    return {
        "samples": q.samples,
        "points": q.points,
        "completeness": round(q.completeness, 4),
        "cadence_seconds": q.cadence_s,
        "staleness_hours": None if q.staleness_h is None else round(q.staleness_h, 2),
        "gaps": q.gaps,
        "first": iso(float(ts[0])) if len(ts) else None,
        "last": iso(float(ts[-1])) if len(ts) else None,
    }


def _learning_span(series: Series, s: Series, window: Window) -> tuple[np.ndarray, np.ndarray]:
    """History before the window when there is enough of it, else the window's first part."""
    ts, values = series.ts, series.values
    before = (ts <= window.start.timestamp()) & np.isfinite(values)
    if int(before.sum()) >= rules.LEARNED_BEFORE_MIN_POINTS:
        return ts[before], values[before]
    cut = window.start.timestamp() + rules.LEARNED_WINDOW_FRACTION * window.seconds
    first = s.ts <= cut
    return s.ts[first], s.values[first]


def learn_baseline(
    spec: MetricSpec, series: Series, s: Series, window: Window, unit: str | None
) -> tuple[Baseline, LearnedBand] | None:
    """A learned band for a metric with no numeric baseline (docs/rules.md, "Learned
    baselines"); what the metric's non-numeric baseline says (better side, persistence,
    text threshold) is kept."""
    ts, values = _learning_span(series, s, window)
    band = learn_band(ts, values)
    if band is None:
        return None
    given = spec.baseline
    learned = learned_baseline(
        spec.name, band, unit, given.higher_is_better if given is not None else None
    )
    if given is not None:
        keep = ("persistence", "persistence_seconds", "persistence_count", "text_threshold")
        learned = learned.model_copy(update={k: getattr(given, k) for k in keep})
    return learned, band


def score_metric(
    experiment: str,
    spec: MetricSpec,
    series: Series | None,
    window: Window,
    segments: Sequence[Series] = (),
) -> MetricFacts:
    """Every fact about one metric, following docs/rules.md. Never raises on thin data:
    a missing series or a baseline without numbers gives Low confidence and a note."""
    b: Baseline | None = spec.baseline
    unit = spec.unit or (b.unit if b else None)
    base = MetricFacts(name=spec.name, series=spec.series, unit=unit, baseline=b)
    s = _in_window(series, window) if series is not None else None
    if s is None or len(s) == 0:
        base.notes.append(NO_DATA_IN_WINDOW)
        return base
    q = assess_quality(s.ts, s.n, window)
    base = base.model_copy(update=_quality_fields(q, s.ts))
    profile: LearnedBand | None = None
    if b is None or not b.numeric:
        # A text threshold the data can answer ("any complaint") is the HC4's own rule:
        # evaluated, it wins over a band learned from the data.
        text = b.text_threshold if b else None
        checked = evaluate_text(text, s.values)
        if checked is not None:
            base.confidence, _ = confidence_of(q, window, True)
            base.text_check = checked  # type: ignore[assignment]
            base.notes.append(f"text threshold {text!r} evaluated on the data: {checked}")
            return base
    if (b is None or not b.numeric) and series is not None:
        learned = learn_baseline(spec, series, s, window, unit)
        if learned is not None:
            b, profile = learned
            base = base.model_copy(update={"baseline": b})
    if b is None or not b.numeric:
        base.confidence, _ = confidence_of(q, window, False)
        base.notes.append(
            "no numeric baseline (expected range or investigate threshold) and too few points"
            f" to learn one (at least {rules.MIN_POINTS} in the learning span): not scored"
            + (f"; threshold as written: {b.text_threshold!r}" if b and b.text_threshold else "")
        )
        return base

    notes: list[str] = []
    # A learned band is in the data's own unit: nothing to reconcile.
    factor = percent_factor(s.values, b, unit) if profile is None else None
    values = s.values * factor if factor else s.values
    if factor:
        notes.append(f"values rescaled x{factor:g} to match the baseline's unit {unit!r}")
    if profile is not None:
        notes.append(f"baseline learned from {b.learned_from} to {b.learned_to}")
        if profile.period is not None:
            # Compared with what is normal for that hour: the daily (weekly) cycle is not news.
            values = values - profile.seasonal(s.ts)
            cycle = "daily" if profile.period == DAY else "weekly"
            notes.append(f"values compared after removing the learned {cycle} profile")
    band = band_of(b)
    better_high = higher_is_better(b)
    if better_high is None:
        notes.append("no better side known (no higher_is_better, no threshold): Lateral")
    observed, obs_hours = observed_level(s.ts, values)
    gap, rel = gap_to_band(observed, band)
    cadence = q.cadence_s or 0.0
    breach = assess_breach(s.ts, values, b, gap, cadence)
    direction = direction_of(gap, better_high)
    if gap == 0 and breach.trailing is not None:
        # Inside the band by level, but the threshold side is breached right now.
        direction = direction_of(-1.0 if b.investigate_op in ("<", "<=") else 1.0, better_high)
        notes.append(
            f"investigate threshold {b.investigate_op}{b.investigate_value:g} breached now"
        )
    if breach.breach != "critical" and breach.trailing is not None:
        notes.append(
            f"threshold breached for {breach.trailing.seconds / rules.HOUR:.1f} h, shorter than "
            f"the persistence ({b.persistence or 'default 6 h and 3 points'})"
        )
    if breach.longest_past is not None:
        r = breach.longest_past
        notes.append(
            f"threshold was breached for {r.seconds / rules.HOUR:.1f} h from "
            f"{iso(float(s.ts[r.start]))} and recovered"
        )
    scale = practical_scale(band, observed)
    trend = assess_trend(s.ts, values, band, scale, better_high, rules.DEFAULT_PERSISTENCE_S)
    notes.append(f"trajectory: {trend.reason}")
    confidence, why = confidence_of(q, window, True, b.source)
    notes.append(f"confidence {confidence}: {why}")

    anomalies: list[Anomaly] = []
    if trend.trajectory != "Insufficient Data":
        shift = level_shift(
            experiment, spec.name, s.ts, trend.change_point, band, better_high, b, observed, unit
        )
        surprise = positive_surprise(
            experiment, spec.name, s.ts, values, observed, band, better_high, b, cadence, unit
        )
        anomalies += [a for a in (shift, surprise) if a is not None]
    segs = [_in_window(seg, window) for seg in segments]
    anomalies += segment_divergences(
        experiment, spec.name, segs, gap, band, better_high, b, factor or 1.0, unit
    )
    cp = trend.change_point
    story = (
        tell(s.ts, values, observed, cp, band, b)
        if trend.trajectory != "Insufficient Data"
        else None
    )
    since = breach.trailing
    return base.model_copy(
        update={
            "observed": observed,
            "observed_window_hours": round(obs_hours, 2),
            "gap": gap,
            "gap_relative": rel,
            "divergence": abs(rel) if rel is not None else None,
            "breach": breach.breach,
            "breach_hours": None if breach.trailing is None else breach.trailing.seconds / 3600,
            "direction": direction,
            "severity": SEVERITY_OF_BREACH[breach.breach],
            "trajectory": trend.trajectory,
            "slope_per_week": trend.slope_per_week,
            "trend_p_value": trend.p_value,
            "trend_duration_hours": trend.duration_hours,
            "change_point": iso(float(s.ts[cp.index])) if cp is not None else None,
            "confidence": confidence,
            "rescaled": factor,
            "anomalies": anomalies,
            "notes": notes,
            "breach_since": iso(float(s.ts[since.start])) if since is not None else None,
            **(
                {
                    "level_before": story.level_before,
                    "step": story.step,
                    "step_vs_band": story.step_vs_band,
                    "slope_after_per_week": story.slope_after_per_week,
                    "slope_after_significant": story.slope_after_significant,
                    "time_to_threshold_hours": story.time_to_threshold_hours,
                }
                if story is not None
                else {}
            ),
        }
    )
