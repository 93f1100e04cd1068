"""Where a series stands against its baseline: band, observed level, gap, direction, breach."""

from __future__ import annotations

import operator
from dataclasses import dataclass

import numpy as np
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.signals import rules
from vortex_pulse.signals.facts import Breach, Direction

_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True, slots=True)
class Band:
    """The expected range; a missing edge is taken from the investigate threshold's side."""

    low: float | None
    high: float | None

    @property
    def width(self) -> float | None:
        if self.low is None or self.high is None:
            return None
        return self.high - self.low


def band_of(b: Baseline) -> Band:
    low, high = b.expected_low, b.expected_high
    if b.investigate_value is not None and b.investigate_op is not None:
        if b.investigate_op in ("<", "<=") and low is None:
            low = b.investigate_value
        elif b.investigate_op in (">", ">=") and high is None:
            high = b.investigate_value
    return Band(low, high)


def higher_is_better(b: Baseline) -> bool | None:
    """Explicit flag, else the threshold's side (investigate below -> higher is better)."""
    if b.higher_is_better is not None:
        return b.higher_is_better
    if b.investigate_op in ("<", "<="):
        return True
    if b.investigate_op in (">", ">="):
        return False
    return None


def practical_scale(band: Band, level: float) -> float:
    """The size of a change worth noticing: the band width, else 10% of the edge or level."""
    if band.width is not None and band.width > 0:
        return band.width
    ref = band.low if band.low is not None else band.high
    ref = ref if ref is not None and ref != 0 else level
    return abs(ref) * 0.1 if ref != 0 else 1.0


def observed_level(ts: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """Median of the last RECENT_HOURS (at least RECENT_MIN_POINTS points); (level, hours)."""
    first = int(np.searchsorted(ts, ts[-1] - rules.RECENT_HOURS * rules.HOUR, side="right"))
    first = min(first, max(0, len(ts) - rules.RECENT_MIN_POINTS))
    cadence = float(np.median(np.diff(ts))) if len(ts) > 1 else 0.0
    hours = (float(ts[-1] - ts[first]) + cadence) / rules.HOUR
    return float(np.median(values[first:])), hours


def gap_to_band(level: float, band: Band) -> tuple[float, float | None]:
    """Signed distance to the band (0 inside) and that distance relative to the crossed edge."""
    if band.low is not None and level < band.low:
        edge = band.low
    elif band.high is not None and level > band.high:
        edge = band.high
    else:
        return 0.0, 0.0
    gap = level - edge
    if edge != 0:
        return gap, gap / abs(edge)
    return gap, (gap / band.width if band.width else None)


def direction_of(gap: float, better_high: bool | None) -> Direction:
    if gap == 0:
        return "None"
    if better_high is None:
        return "Lateral"
    return "Positive" if (gap > 0) == better_high else "Negative"


def clean_mask(mask: np.ndarray) -> np.ndarray:
    """Fill one-point holes inside a run (and a single last point after a run of two), then
    drop isolated single points: noise around an edge neither breaks nor makes a run."""
    m = mask.copy()
    if len(m) >= 3:
        hole = ~m[1:-1] & m[:-2] & m[2:]
        m[1:-1] |= hole
        if not m[-1] and m[-2] and m[-3]:
            m[-1] = True
        lone = m[1:-1] & ~m[:-2] & ~m[2:]
        m[1:-1] &= ~lone
        if m[0] and not m[1]:
            m[0] = False
        if m[-1] and not m[-2]:
            m[-1] = False
    elif len(m):
        m[:] = m.all()
    return m


@dataclass(frozen=True, slots=True)
class Run:
    start: int  # index of the first point
    stop: int  # index after the last point
    seconds: float  # duration, counting the last point's own interval

    @property
    def points(self) -> int:
        return self.stop - self.start


def runs(mask: np.ndarray, ts: np.ndarray, cadence: float) -> list[Run]:
    """Runs of True in an already cleaned mask."""
    if not mask.any():
        return []
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [
        Run(int(a), int(b), float(ts[b - 1] - ts[a]) + cadence)
        for a, b in zip(starts.tolist(), stops.tolist(), strict=True)
    ]


def trailing_run(mask: np.ndarray, ts: np.ndarray, cadence: float) -> Run | None:
    found = runs(mask, ts, cadence)
    return found[-1] if found and found[-1].stop == len(mask) else None


def persists(run: Run, b: Baseline) -> bool:
    """The persistence qualifier: seconds, else consecutive points, else the documented default."""
    if b.persistence_seconds is not None:
        return run.seconds >= b.persistence_seconds
    if b.persistence_count is not None:
        return run.points >= b.persistence_count
    return run.seconds >= rules.DEFAULT_PERSISTENCE_S and run.points >= (
        rules.DEFAULT_PERSISTENCE_POINTS
    )


def threshold_mask(values: np.ndarray, b: Baseline) -> np.ndarray | None:
    if b.investigate_op is None or b.investigate_value is None:
        return None
    return clean_mask(_OPS[b.investigate_op](values, b.investigate_value))


def outside_mask(values: np.ndarray, band: Band) -> np.ndarray:
    out = np.zeros(len(values), dtype=bool)
    if band.low is not None:
        out |= values < band.low
    if band.high is not None:
        out |= values > band.high
    return clean_mask(out)


@dataclass(frozen=True, slots=True)
class BreachResult:
    breach: Breach
    trailing: Run | None  # the investigate-threshold breach that is still going on
    longest_past: Run | None  # the longest threshold breach that ended inside the window


def assess_breach(
    ts: np.ndarray, values: np.ndarray, b: Baseline, gap: float, cadence: float
) -> BreachResult:
    """critical: the investigate threshold is breached now and has been for the persistence;
    warning: outside the band now, or the threshold breach is too short; else none."""
    mask = threshold_mask(values, b)
    found = runs(mask, ts, cadence) if mask is not None else []
    trailing = found[-1] if found and found[-1].stop == len(values) else None
    past = [r for r in found if r is not trailing]
    longest = max(past, key=lambda r: r.seconds) if past else None
    if trailing is not None and persists(trailing, b):
        return BreachResult("critical", trailing, longest)
    if trailing is not None or gap != 0:
        return BreachResult("warning", trailing, longest)
    return BreachResult("none", None, longest)
