"""A generated series for learning from history: 14 days of history at 4.2 %, then a
21-day window whose level steps down to 3.2 % one day in (inside the window's first quarter,
so a band learned from the window alone would learn the new level as normal)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import yaml
from vortex_pulse.signals.series import Series, SeriesKey
from vortex_pulse.signals.timefmt import iso

END = 1_795_392_000.0  # 2026-11-23T00:00:00Z; the window is 2026-11-02 .. 2026-11-23
DAY = 86_400.0
WINDOW_START = END - 21 * DAY
EXPERIMENT, METRIC = "checkout", "conversion_rate"


def learning_series(history_days: int = 14) -> Series:
    rng = np.random.default_rng(13)
    hours = (21 + history_days) * 24
    ts = END - 3600.0 * np.arange(hours - 1, -1, -1)
    values = 4.2 * (1 + 0.02 * rng.standard_normal(len(ts)))
    values[ts > WINDOW_START + DAY] *= 3.2 / 4.2
    return Series(SeriesKey(EXPERIMENT, METRIC), ts, np.round(values, 4))


def write_csv(path: Path, s: Series) -> Path:
    rows = ["timestamp,experiment,metric,value"]
    rows += [f"{iso(t)},{EXPERIMENT},{METRIC},{v}" for t, v in zip(s.ts, s.values, strict=True)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def learning_config(tmp: Path, metric: dict[str, Any], **top: Any) -> Path:
    """`pulse run` config: one experiment, one metric with no numbers, window ending at END."""
    cfg: dict[str, Any] = {
        "output_folder": "out",
        "reports_folder": "reports",
        "llm": {"model": "offline"},
        "window": {"lookback": "21d", "end": iso(END)},
        "checkpoint": {"backend": "sqlite", "path": ".pulse/checkpoints.sqlite"},
        **top,
        "portfolio": [
            {
                "id": EXPERIMENT,
                "name": "Checkout",
                "scope": "wide",
                "metrics": {"Conversion rate": {"unit": "%", **metric}},
            }
        ],
    }
    path = tmp / "config.yaml"
    path.write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    return path
