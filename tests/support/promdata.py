"""The integration data set and what the tests share (not in conftest.py: test modules import it).

The data set (signals.synthetic, hourly, 21 days ending 2026-03-01):
- checkout / action_rate: a critical step drop to 42 % (investigate below 50 % for 2+ days),
- onboarding / action_rate: healthy, inside the 60-75 % band,
- search / action_rate: healthy with a 48-hour gap in the middle,
- signup / action_rate: segments only ("mobile" drops, "desktop" holds), with sample sizes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from vortex_pulse.signals import synthetic
from vortex_pulse.signals.series import Series, SeriesKey

from tests.support.promstack import ALERTMANAGER, PROMETHEUS, PROMTOOL, Process

GAP_HOURS = 48

needs_prometheus = pytest.mark.skipif(
    not (PROMETHEUS and PROMTOOL), reason="Debian package 'prometheus' is not installed"
)
needs_alertmanager = pytest.mark.skipif(
    not ALERTMANAGER, reason="Debian package 'prometheus-alertmanager' is not installed"
)


def dataset() -> list[Series]:
    drop = synthetic.generate("step_drop", seed=1)
    healthy = synthetic.generate("healthy", seed=2)
    gappy = synthetic.generate("healthy", seed=3)
    mid = len(gappy.ts) // 2
    keep = np.r_[0 : mid - GAP_HOURS // 2, mid + GAP_HOURS // 2 : len(gappy.ts)]
    segmented = synthetic.generate("segment_divergence", seed=4).to_series("signup")
    return [
        *segmented,
        Series(SeriesKey("checkout", drop.metric), drop.ts, drop.values),
        Series(SeriesKey("onboarding", healthy.metric), healthy.ts, healthy.values),
        Series(SeriesKey("search", gappy.metric), gappy.ts[keep], gappy.values[keep]),
    ]


@dataclass
class PromServer:
    process: Process
    url: str
    series: list[Series]
