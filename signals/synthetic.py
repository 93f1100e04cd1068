"""Synthetic signal scenarios with known behaviour: pure numpy, seeded, reproducible.

Used by the scenario tests, the benchmark, the example portfolio and the Prometheus
backfill tests. Every scenario carries its baseline and the facts the rules in
docs/rules.md must produce for it (`Scenario.expected`).

Scenarios (`SCENARIOS`; hourly, 504 points = 21 days by default, values in percent points
for the rate baseline 60-75 %, investigate below 50 % for 2+ days):

- ``healthy``            noise inside the band.
- ``step_drop``          in band, then an abrupt drop to 42 % at 80 % of the window (held).
- ``slow_decline``       linear decline from 70 % to 55 %: below the band, above the threshold.
- ``surge``              in band, then an abrupt rise to 95 % (positive divergence).
- ``oscillation``        daily swings of +-14 points around the band centre, no trend.
- ``sparse``             six points over the whole window.
- ``transient_dip``      in band with a 5-hour dip to 40 % mid-window (shorter than 2+ days).
- ``persistent_breach``  below the threshold (45 %) for the whole window.
- ``latency_regression`` lower-is-better latency (ms, band 150-300, investigate above 500
                         for 2+ hours) jumping from 220 to 620 ms at 75 % of the window.
- ``segment_divergence`` only segmented rows: "mobile" (30 % of traffic) drops to 45 %
                         while "desktop" holds 68 %; the n-weighted aggregate stays in band.

`related_pair()` gives two experiments breaking together (same drop at the same hour),
`synthetic_portfolio()` a whole portfolio, `to_long_table()` / `write_signals()` the
long-format signal file of DESIGN.md.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.signals.facts import (
    Breach,
    Direction,
    ExperimentSpec,
    MetricSpec,
    Severity,
    Trajectory,
)
from vortex_pulse.signals.series import Series, SeriesKey

DEFAULT_END = datetime(2026, 3, 1, tzinfo=UTC)
HOUR = 3600.0

RATE_BASELINE = Baseline(
    metric="action_rate",
    unit="%",
    expected_low=60.0,
    expected_high=75.0,
    investigate_op="<",
    investigate_value=50.0,
    persistence="for 2+ days",
    persistence_seconds=2 * 86400.0,
    higher_is_better=True,
)
LATENCY_BASELINE = Baseline(
    metric="latency_p95",
    unit="ms",
    expected_low=150.0,
    expected_high=300.0,
    investigate_op=">",
    investigate_value=500.0,
    persistence="for 2+ hours",
    persistence_seconds=2 * HOUR,
    higher_is_better=False,
)

SCENARIOS: tuple[str, ...] = (
    "healthy",
    "step_drop",
    "slow_decline",
    "surge",
    "oscillation",
    "sparse",
    "transient_dip",
    "persistent_breach",
    "latency_regression",
    "segment_divergence",
)


@dataclass(frozen=True, slots=True)
class Expected:
    """What docs/rules.md says the scoring must conclude for a scenario."""

    severity: Severity
    breach: Breach
    direction: Direction
    trajectory: Trajectory
    anomaly: bool
    change_point_index: int | None = None  # index into ts of the abrupt change; None = none


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    metric: str
    baseline: Baseline
    ts: np.ndarray  # epoch seconds, float64, sorted
    values: np.ndarray  # the aggregate, in the baseline's unit
    expected: Expected
    n: np.ndarray | None = None
    # segment -> (values, n); when set, files carry only these rows (no aggregate rows)
    segments: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def to_series(self, experiment: str, *, fraction: bool = False) -> list[Series]:
        """The series a source would return; `fraction` writes percents as 0.62 not 62."""
        scale = 0.01 if fraction else 1.0
        if self.segments:
            return [
                Series(SeriesKey(experiment, self.metric, seg), self.ts, v * scale, n)
                for seg, (v, n) in self.segments.items()
            ]
        return [Series(SeriesKey(experiment, self.metric), self.ts, self.values * scale, self.n)]


def _grid(points: int, cadence_s: float, end: datetime) -> np.ndarray:
    last = end.timestamp()
    return last - cadence_s * np.arange(points - 1, -1, -1, dtype=np.float64)


def generate(
    name: str,
    *,
    seed: int = 0,
    points: int = 504,
    cadence_s: float = HOUR,
    end: datetime = DEFAULT_END,
    noise: float = 1.5,
) -> Scenario:
    """One scenario by name (see the module docstring)."""
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}; expected one of {', '.join(SCENARIOS)}")
    rng = np.random.default_rng(seed)
    ts = _grid(points, cadence_s, end)
    eps = rng.normal(0.0, noise, points)
    idx = np.arange(points)
    rate = RATE_BASELINE.metric
    if name == "healthy":
        return Scenario(
            name, rate, RATE_BASELINE, ts, 67.5 + eps,
            Expected("Informational", "none", "None", "Stable", anomaly=False),
        )  # fmt: skip
    if name == "step_drop":
        cp = int(points * 0.8)
        v = np.where(idx < cp, 67.0, 42.0) + eps
        return Scenario(
            name, rate, RATE_BASELINE, ts, v,
            Expected("Critical", "critical", "Negative", "Degrading", anomaly=True,
                     change_point_index=cp),
        )  # fmt: skip
    if name == "slow_decline":
        v = np.linspace(70.0, 55.0, points) + eps
        return Scenario(
            name, rate, RATE_BASELINE, ts, v,
            Expected("Warning", "warning", "Negative", "Degrading", anomaly=False),
        )  # fmt: skip
    if name == "surge":
        cp = int(points * 0.6)
        v = np.where(idx < cp, 67.0, 95.0) + eps
        return Scenario(
            name, rate, RATE_BASELINE, ts, v,
            Expected("Warning", "warning", "Positive", "Improving", anomaly=True,
                     change_point_index=cp),
        )  # fmt: skip
    if name == "oscillation":
        v = 67.5 + 14.0 * np.sin(2 * np.pi * (ts - ts[0]) / 86400.0) + eps
        return Scenario(
            name, rate, RATE_BASELINE, ts, v,
            Expected("Informational", "none", "None", "Oscillating", anomaly=False),
        )  # fmt: skip
    if name == "sparse":
        keep = np.linspace(0, points - 1, 6).astype(int)
        return Scenario(
            name, rate, RATE_BASELINE, ts[keep], (67.5 + eps)[keep],
            Expected("Informational", "none", "None", "Insufficient Data", anomaly=False),
        )  # fmt: skip
    if name == "transient_dip":
        start = points // 2
        v = np.where((idx >= start) & (idx < start + 5), 40.0, 67.5) + eps
        return Scenario(
            name, rate, RATE_BASELINE, ts, v,
            Expected("Informational", "none", "None", "Stable", anomaly=False),
        )  # fmt: skip
    if name == "persistent_breach":
        return Scenario(
            name, rate, RATE_BASELINE, ts, 45.0 + eps,
            Expected("Critical", "critical", "Negative", "Stable", anomaly=False),
        )  # fmt: skip
    if name == "latency_regression":
        cp = int(points * 0.75)
        v = np.where(idx < cp, 220.0, 620.0) + rng.normal(0.0, 12.0, points)
        return Scenario(
            name, LATENCY_BASELINE.metric, LATENCY_BASELINE, ts, v,
            Expected("Critical", "critical", "Negative", "Degrading", anomaly=True,
                     change_point_index=cp),
        )  # fmt: skip
    # segment_divergence
    cp = int(points * 0.7)
    mobile = np.where(idx < cp, 67.0, 45.0) + eps
    desktop = 68.0 + rng.normal(0.0, noise, points)
    n_mobile = np.full(points, 30.0)
    n_desktop = np.full(points, 70.0)
    agg = (mobile * n_mobile + desktop * n_desktop) / (n_mobile + n_desktop)
    return Scenario(
        name, rate, RATE_BASELINE, ts, agg,
        Expected("Informational", "none", "None", "Degrading", anomaly=True,
                 change_point_index=cp),
        n=n_mobile + n_desktop,
        segments={"mobile": (mobile, n_mobile), "desktop": (desktop, n_desktop)},
    )  # fmt: skip


def related_pair(
    *, seed: int = 0, points: int = 504, cadence_s: float = HOUR, end: datetime = DEFAULT_END
) -> tuple[Scenario, Scenario]:
    """Two experiments whose rates drop past the threshold at the same hour (a systemic shift)."""
    a = generate("step_drop", seed=seed, points=points, cadence_s=cadence_s, end=end)
    b = generate("step_drop", seed=seed + 1, points=points, cadence_s=cadence_s, end=end)
    return a, b


def spec_for(experiment: str, scenarios: Sequence[Scenario], **fields: object) -> ExperimentSpec:
    """An ExperimentSpec monitoring the scenarios' metrics with their baselines."""
    metrics = [
        MetricSpec(
            name=s.metric.replace("_", " ").capitalize(), series=s.metric, baseline=s.baseline
        )
        for s in scenarios
    ]
    return ExperimentSpec.model_validate(
        {"id": experiment, "name": experiment, "metrics": metrics, **fields}
    )


@dataclass(slots=True)
class SyntheticPortfolio:
    specs: list[ExperimentSpec]
    series: list[Series]


def baseline_of(name: str) -> Baseline:
    """The baseline a scenario is generated against."""
    return LATENCY_BASELINE if name == "latency_regression" else RATE_BASELINE


def portfolio_specs(
    experiments: int, *, metrics: int = 3, mix: Sequence[str] = SCENARIOS
) -> list[ExperimentSpec]:
    """The specs of `synthetic_portfolio` without generating any series.

    Experiment i is ``exp{i:05d}``; its metric j is the series ``m{j}`` following scenario
    ``mix[(i + j) % len(mix)]``; odd experiments are related to the previous one.
    """
    return [
        ExperimentSpec(
            id=f"exp{i:05d}",
            name=f"Experiment {i}",
            related=[f"exp{i - 1:05d}"] if i % 2 == 1 else [],
            metrics=[
                MetricSpec(
                    name=f"Metric {j}",
                    series=f"m{j}",
                    baseline=baseline_of(mix[(i + j) % len(mix)]).model_copy(
                        update={"metric": f"m{j}"}
                    ),
                )
                for j in range(metrics)
            ],
        )
        for i in range(experiments)
    ]


def synthetic_portfolio(
    experiments: int,
    *,
    metrics: int = 3,
    points: int = 504,
    seed: int = 0,
    mix: Sequence[str] = SCENARIOS,
    end: datetime = DEFAULT_END,
) -> SyntheticPortfolio:
    """`portfolio_specs` plus their series; every series is distinct (seeded per series)."""
    specs = portfolio_specs(experiments, metrics=metrics, mix=mix)
    out: list[Series] = []
    for i, spec in enumerate(specs):
        for j, m in enumerate(spec.metrics):
            sc = generate(
                mix[(i + j) % len(mix)], seed=seed + i * metrics + j, points=points, end=end
            )
            for s in sc.to_series(spec.id):
                out.append(Series(SeriesKey(spec.id, m.series, s.key.segment), s.ts, s.values, s.n))
    return SyntheticPortfolio(specs, out)


def _codes(labels: list[str | None], lengths: np.ndarray) -> pa.Array:
    """A string column built from one label per series without a per-row Python loop."""
    uniq = sorted({x for x in labels if x is not None})
    pos = {x: k for k, x in enumerate(uniq)}
    codes = np.array([pos[x] if x is not None else -1 for x in labels], dtype=np.int32)
    per_row = np.repeat(codes, lengths)
    mask = per_row < 0
    indices = pa.array(np.where(mask, 0, per_row), mask=mask, type=pa.int32())
    dictionary = pa.array(uniq if uniq else [""], type=pa.string())
    return pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.string())


def to_long_table(
    series: Iterable[Series], *, timestamps: Literal["epoch", "iso"] = "epoch"
) -> pa.Table:
    """The long format of DESIGN.md: timestamp, experiment, metric, value, [segment], [n].

    `segment` is present when any series is segmented, `n` when any series carries n
    (missing n is null). Timestamps are epoch seconds or ISO 8601 UTC strings.
    """
    items = list(series)
    lengths = np.array([len(s) for s in items], dtype=np.int64)
    ts = np.concatenate([s.ts for s in items]) if items else np.empty(0)
    vals = np.concatenate([s.values for s in items]) if items else np.empty(0)
    cols: dict[str, pa.Array] = {}
    if timestamps == "iso":
        stamp = pa.array(np.round(ts).astype(np.int64), type=pa.timestamp("s", tz="UTC"))
        cols["timestamp"] = pc.strftime(stamp, format="%Y-%m-%dT%H:%M:%SZ")
    else:
        cols["timestamp"] = pa.array(ts, type=pa.float64())
    cols["experiment"] = _codes([s.key.experiment for s in items], lengths)
    cols["metric"] = _codes([s.key.metric for s in items], lengths)
    cols["value"] = pa.array(vals, type=pa.float64())
    if any(s.key.segment is not None for s in items):
        cols["segment"] = _codes([s.key.segment for s in items], lengths)
    if any(s.n is not None for s in items):
        n = np.concatenate(
            [s.n if s.n is not None else np.full(len(s), np.nan) for s in items]
        ).astype(np.float64)
        cols["n"] = pa.array(n, mask=np.isnan(n), type=pa.float64())
    return pa.table(cols)


def write_signals(table: pa.Table, path: Path) -> Path:
    """Write a long table as CSV or Parquet (by suffix), atomically (temp file, then rename)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet", ".pq"):
        raise ValueError(f"{path}: expected a .csv or .parquet file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    # A fresh name that the writer creates itself, so the file gets the umask's mode
    # (mkstemp would leave it 0600, unreadable to anyone else).
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex}.tmp"
    try:
        if suffix == ".csv":
            pacsv.write_csv(table, tmp)
        else:
            pq.write_table(table, tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
