"""Anomalies in one metric: what the baseline did not predict, held long enough to matter.

Isolated or transient behaviour is excluded: every anomaly must have held for at least
ANOMALY_MIN_S and the baseline's own persistence qualifier.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.core.numbers import duration, gap_text, moment, with_unit
from vortex_pulse.signals import rules
from vortex_pulse.signals.facts import Anomaly
from vortex_pulse.signals.scoring.level import (
    Band,
    direction_of,
    gap_to_band,
    observed_level,
    outside_mask,
    trailing_run,
)
from vortex_pulse.signals.scoring.trend import ChangePoint
from vortex_pulse.signals.series import Series
from vortex_pulse.signals.timefmt import iso


def anomaly_min_seconds(b: Baseline) -> float:
    return max(rules.ANOMALY_MIN_S, b.persistence_seconds or 0.0)


def level_shift(
    experiment: str,
    metric: str,
    ts: np.ndarray,
    cp: ChangePoint | None,
    band: Band,
    better_high: bool | None,
    b: Baseline,
    observed: float,
    unit: str | None,
) -> Anomaly | None:
    """An abrupt shift that left the band on the harmful (or unknown) side and stayed there.
    Its texts quote the metric's one value (the observed level), not the post-change mean."""
    if cp is None:
        return None
    gap, rel = gap_to_band(observed, band)
    if direction_of(gap, better_high) not in ("Negative", "Lateral"):
        return None
    held = float(ts[-1] - ts[cp.index])
    start = iso(float(ts[cp.index]))
    if held < anomaly_min_seconds(b):
        return None
    return Anomaly(
        experiment=experiment,
        metric=metric,
        kind="level_shift",
        start=start,
        magnitude=observed - cp.before,
        description=(
            f"{metric} stepped from {with_unit(cp.before, unit)} to {with_unit(observed, unit)}"
            f" at {moment(start)} and has held for {duration(held / rules.HOUR)}"
        ),
        deviation=gap_words(gap, rel, band, unit),
    )


def gap_words(gap: float, rel: float | None, band: Band, unit: str | None) -> str:
    return gap_text(gap, rel, band.low, band.high, unit)


def positive_surprise(
    experiment: str,
    metric: str,
    ts: np.ndarray,
    values: np.ndarray,
    observed: float,
    band: Band,
    better_high: bool | None,
    b: Baseline,
    cadence: float,
    unit: str | None = None,
) -> Anomaly | None:
    """Well beyond the better edge (>= POSITIVE_SURPRISE_MIN relative), held long enough."""
    gap, rel = gap_to_band(observed, band)
    if direction_of(gap, better_high) != "Positive" or rel is None:
        return None
    if abs(rel) < rules.POSITIVE_SURPRISE_MIN:
        return None
    run = trailing_run(outside_mask(values, band), ts, cadence)
    if run is None or run.seconds < anomaly_min_seconds(b):
        return None
    edge = band.high if gap > 0 else band.low
    return Anomaly(
        experiment=experiment,
        metric=metric,
        kind="positive_surprise",
        start=iso(float(ts[run.start])),
        magnitude=gap,
        description=(
            f"{metric} at {with_unit(observed, unit)}, beyond the expected edge "
            f"{with_unit(edge, unit)} on the better side for {duration(run.seconds / rules.HOUR)}"
        ),
        deviation=gap_words(gap, rel, band, unit),
    )


def segment_divergences(
    experiment: str,
    metric: str,
    segments: Sequence[Series],
    aggregate_gap: float,
    band: Band,
    better_high: bool | None,
    b: Baseline,
    factor: float,
    unit: str | None = None,
) -> list[Anomaly]:
    """Segments outside the band on the harmful side while the aggregate holds inside it."""
    if aggregate_gap != 0:
        return []
    out: list[Anomaly] = []
    for seg in segments:
        if len(seg) < rules.MIN_POINTS:
            continue
        values = seg.values * factor
        level, _ = observed_level(seg.ts, values)
        gap, rel = gap_to_band(level, band)
        if direction_of(gap, better_high) not in ("Negative", "Lateral"):
            continue
        if rel is None or abs(rel) < rules.SEGMENT_MIN_DIVERGENCE:
            continue
        cadence = float(np.median(np.diff(seg.ts)))
        run = trailing_run(outside_mask(values, band), seg.ts, cadence)
        if run is None or run.seconds < anomaly_min_seconds(b):
            continue
        out.append(
            Anomaly(
                experiment=experiment,
                metric=metric,
                kind="segment_divergence",
                segment=seg.key.segment,
                start=iso(float(seg.ts[run.start])),
                magnitude=gap,
                description=(
                    f"segment {seg.key.segment!r} of {metric} at {with_unit(level, unit)} for "
                    f"{duration(run.seconds / rules.HOUR)} while the aggregate stays inside "
                    "the band"
                ),
                deviation=gap_words(gap, rel, band, unit),
            )
        )
    return out
