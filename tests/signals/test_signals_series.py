"""The one rule for assembling points from a source: sorted, the last of a timestamp wins."""

from __future__ import annotations

import numpy as np
from vortex_pulse.signals.series import last_per_timestamp


def test_sorted_and_the_last_point_of_a_timestamp_wins() -> None:
    ts, vals = last_per_timestamp(
        np.array([30.0, 10.0, 20.0, 10.0]), np.array([3.0, 1.0, 2.0, 9.0])
    )
    assert ts.tolist() == [10.0, 20.0, 30.0]
    assert vals.tolist() == [9.0, 2.0, 3.0]  # the second point at 10 s corrected the first


def test_no_points_is_no_points() -> None:
    ts, vals = last_per_timestamp(np.empty(0), np.empty(0))
    assert ts.size == 0 and vals.size == 0
