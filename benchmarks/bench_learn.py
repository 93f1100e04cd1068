"""The cost of learning baselines from history before the window (window.learn).

    .venv/bin/python -m benchmarks.bench_learn [--experiments 1000] [--repeat 3]

Setup (not timed): `signals.synthetic.synthetic_portfolio` with 840 hourly points per
series (35 days: 14 of history, then the 21-day window; the ten scenarios in rotation),
written to one Parquet file, and the portfolio's specs with every baseline removed, so
every metric learns its band.

Timed, --repeat runs of each variant, interleaved; the minimum counts (the run least
disturbed by other load), wall and CPU time, `FileSource.load` + `score_portfolio`:
- window: the requests ask for no history (`window.learn: off`): bands come from the
  window's first quarter (the baseline: what sources did before);
- history: the requests ask for 14 days (the default `window.learn`): bands come from the
  history, and 14 more days of rows are sliced per series.
Ratio = history / window.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from vortex_pulse.signals.portfolio import score_portfolio
from vortex_pulse.signals.series import SeriesRequest
from vortex_pulse.signals.sources.files import FileSource
from vortex_pulse.signals.synthetic import (
    DEFAULT_END,
    synthetic_portfolio,
    to_long_table,
    write_signals,
)
from vortex_pulse.signals.window import make_window

HISTORY_S = 14 * 86400.0


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--experiments", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    p = synthetic_portfolio(args.experiments, points=35 * 24)
    specs = [
        s.model_copy(update={"metrics": [m.model_copy(update={"baseline": None})
                                         for m in s.metrics]})
        for s in p.specs
    ]  # fmt: skip
    window = make_window(timedelta(days=21), DEFAULT_END)
    times: dict[str, list[tuple[float, float]]] = {"window": [], "history": []}
    learned: dict[str, set[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "signals.parquet"
        write_signals(to_long_table(p.series), path)
        for _ in range(args.repeat):
            for variant, history in (("window", 0.0), ("history", HISTORY_S)):
                reqs = [
                    SeriesRequest(s.id, m.series, history_s=history)
                    for s in specs
                    for m in s.metrics
                ]
                c0, t0 = time.process_time(), time.perf_counter()
                loaded = FileSource("bench", path).load(reqs, window)
                facts = score_portfolio(specs, loaded.series, window, loaded.findings)
                times[variant].append((time.perf_counter() - t0, time.process_time() - c0))
                learned[variant] = {
                    m.baseline.learned_from[:10]
                    for e in facts.experiments
                    for m in e.metrics
                    if m.baseline is not None and m.baseline.learned_from
                }
    best = {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in times.items()}
    result = {
        "experiments": args.experiments,
        "series": sum(len(s.metrics) for s in specs),
        "window_wall_s": round(best["window"][0], 3),
        "window_cpu_s": round(best["window"][1], 3),
        "history_wall_s": round(best["history"][0], 3),
        "history_cpu_s": round(best["history"][1], 3),
        "ratio_wall": round(best["history"][0] / best["window"][0], 3),
        "ratio_cpu": round(best["history"][1] / best["window"][1], 3),
        "learned_from": {k: sorted(v) for k, v in learned.items()},
    }
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
