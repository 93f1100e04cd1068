"""The story of one metric (docs/rules.md, "The story of a metric"): level before and after
the last change point, the step in the metric's unit and against the band, the slope after
the change (not over the window: a step followed by a flat series has no slope), and the
time to the investigate threshold at that slope when the metric is moving toward it.

Pure numbers; the wording lives in report/wording.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.signals import rules
from vortex_pulse.signals.scoring.level import Band
from vortex_pulse.signals.scoring.trend import WEEK, ChangePoint, slope_and_p, too_short

# A text threshold that any non-zero value breaches: "any complaint", "zero errors",
# "no outage". Anything else stays unevaluated text.
_ANY_NONZERO = re.compile(r"^\W*(?:any|zero|no|none|every)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Story:
    level_before: float | None
    step: float | None
    step_vs_band: float | None
    slope_after_per_week: float | None
    slope_after_significant: bool
    time_to_threshold_hours: float | None


def _band_size(band: Band) -> float | None:
    if band.width:
        return band.width
    edge = band.low if band.low is not None else band.high
    return abs(edge) if edge else None


def _slope_after(ts: np.ndarray, values: np.ndarray) -> tuple[float | None, bool]:
    if too_short(ts, values):
        return None, False
    slope, p = slope_and_p(ts, values)
    return slope * WEEK, p < rules.TREND_ALPHA


def _time_to_threshold(observed: float, slope_week: float, b: Baseline) -> float | None:
    """Hours until `observed` crosses the investigate threshold at `slope_week`; None when
    it is already beyond it or moving away."""
    if b.investigate_op is None or b.investigate_value is None or slope_week == 0:
        return None
    below = b.investigate_op in ("<", "<=")
    distance = observed - b.investigate_value if below else b.investigate_value - observed
    toward = slope_week < 0 if below else slope_week > 0
    if distance <= 0 or not toward:
        return None
    return distance / abs(slope_week) * 7 * 24


def tell(
    ts: np.ndarray,
    values: np.ndarray,
    observed: float,
    cp: ChangePoint | None,
    band: Band,
    b: Baseline,
) -> Story:
    start = cp.index if cp is not None else 0
    slope, significant = _slope_after(ts[start:], values[start:])
    size = _band_size(band)
    step = observed - cp.before if cp is not None else None
    ttt = _time_to_threshold(observed, slope, b) if slope is not None and significant else None
    return Story(
        level_before=cp.before if cp is not None else None,
        step=step,
        step_vs_band=abs(step) / size if step is not None and size else None,
        slope_after_per_week=slope,
        slope_after_significant=significant,
        time_to_threshold_hours=ttt,
    )


def evaluate_text(threshold: str | None, values: np.ndarray) -> str | None:
    """'holds' / 'breached' for a text threshold that the data can answer ("any complaint":
    any non-zero value breaches it), None when the text cannot be evaluated."""
    if not threshold:
        return None
    text = threshold.split(":", 1)[-1] if ":" in threshold else threshold
    if not _ANY_NONZERO.match(text.strip()):
        return None
    return "breached" if bool(np.any(values > 0)) else "holds"
