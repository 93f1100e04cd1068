"""Write examples/portfolio/signals.csv: the demo portfolio's signal data, deterministically.

    .venv/bin/python examples/portfolio/generate.py

Shapes come from signals.synthetic (seeded scenarios); this script only renames them
and maps their values onto each experiment's metric. Same seeds, same file, byte for byte.

| Experiment          | Metric               | Shape                                        |
|---------------------|----------------------|----------------------------------------------|
| dinner-suggestions  | action_rate          | step drop to ~42% (related pair, part 1)     |
|                     | time_to_action (min) | healthy, ~2.8 min                            |
| meal-planner        | plan_acceptance      | step drop at the same hour (pair, part 2)    |
| checkout-latency    | latency_p95 (ms)     | slow creep 240 -> 360 ms (lower is better)   |
|                     | checkout_completion  | healthy, ~85%                                |
| onboarding-nudges   | completion_rate      | slow decline 0.70 -> 0.55, given as FRACTIONS |
| weekly-digest       | open_rate            | healthy, ~42%                                |
|                     | frequency_complaints | daily counts, all zero (text-only threshold) |
| api-gateway         | availability (%)     | healthy, ~99.9% (service SLO, no HC4)        |
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from vortex_pulse.signals.series import Series, SeriesKey
from vortex_pulse.signals.synthetic import generate, related_pair, to_long_table, write_signals

END = datetime(2026, 11, 20, tzinfo=UTC)
POINTS = 504  # hourly, 21 days
OUT = Path(__file__).resolve().parent / "signals.csv"


def _series(
    exp: str, metric: str, ts: np.ndarray, values: np.ndarray, per_point: float = 120.0
) -> Series:
    """`per_point`: the sample size behind each point (users or requests that hour)."""
    return Series(SeriesKey(exp, metric), ts, np.round(values, 4), np.full(len(ts), per_point))


def build() -> list[Series]:
    pair_a, pair_b = related_pair(seed=11, points=POINTS, end=END)
    healthy = [generate("healthy", seed=s, points=POINTS, end=END) for s in (21, 22, 23, 24)]
    decline = [generate("slow_decline", seed=s, points=POINTS, end=END) for s in (31, 32)]
    ts = pair_a.ts
    return [
        _series("dinner-suggestions", "action_rate", ts, pair_a.values),
        _series(
            "dinner-suggestions", "time_to_action", ts, 2.8 + (healthy[0].values - 67.5) * 0.05
        ),
        _series("meal-planner", "plan_acceptance", ts, pair_b.values),
        _series("checkout-latency", "latency_p95", ts, 240.0 + (70.0 - decline[0].values) * 8.0),
        _series("checkout-latency", "checkout_completion", ts, healthy[1].values + 17.5),
        _series("onboarding-nudges", "completion_rate", ts, decline[1].values / 100.0),
        _series("weekly-digest", "open_rate", ts, healthy[2].values - 25.5, 8.0),
        # Complaints have a non-numeric threshold ("any complaint"): daily counts, all zero.
        _series("weekly-digest", "frequency_complaints", ts[23::24], np.zeros(POINTS // 24), 1.0),
        _series(
            "api-gateway", "availability", ts, 99.9 + (healthy[3].values - 67.5) * 0.02, 5000.0
        ),
    ]


def main() -> None:
    write_signals(to_long_table(build(), timestamps="iso"), OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
