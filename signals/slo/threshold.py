"""Threshold SLOs: the latest value against the target, with persistence.

A breach is a run of consecutive samples on the wrong side of the target ending at the
latest sample; it counts once it has lasted `persistence` (from its first sample to the
latest one). A single good sample ends the run.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from vortex_pulse.contracts.smartspec.nfr import Op

OPS: dict[Op, Callable[[np.ndarray, float], np.ndarray]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True, slots=True)
class ThresholdFacts:
    latest: float | None
    latest_ts: float | None
    breached_since: float | None  # first sample of the current breach run
    breach_s: float  # how long the current run has lasted (0 when none)
    persisted: bool


def threshold_facts(
    ts: np.ndarray, values: np.ndarray, end: float, op: Op, target: float, persistence_s: float
) -> ThresholdFacts:
    hi = int(np.searchsorted(ts, end, side="right"))
    if hi == 0:
        return ThresholdFacts(None, None, None, 0.0, False)
    ts, values = ts[:hi], values[:hi]
    ok = OPS[op](values, target)
    latest, latest_ts = float(values[-1]), float(ts[-1])
    if ok[-1]:
        return ThresholdFacts(latest, latest_ts, None, 0.0, False)
    good = np.flatnonzero(ok)
    first_bad = int(good[-1]) + 1 if good.size else 0
    since = float(ts[first_bad])
    lasted = latest_ts - since
    return ThresholdFacts(latest, latest_ts, since, lasted, lasted >= persistence_s)
