"""The streaming anomaly score on the Numenta Anomaly Benchmark (NAB).

    .venv/bin/python -m benchmarks.bench_nab --out RESULTS [--data NAB_DIR] [--workers N]

Runs `signals.scoring.streaming.anomaly_scores` over every NAB series (the first 15% of each
file, at most 750 rows, is the learning period), in parallel over files; writes one
NAB-format results file per data file (`RESULTS/<category>/pulse_<file>.csv`, columns
`timestamp,value,anomaly_score`, one row per data row, in order); scores them with
`benchmarks.nab_scoring` (three profiles, one threshold per profile optimised over the
corpus) and prints the normalised scores beside NAB's published scoreboard, with what
limits the score per category. `RESULTS/scores.json` keeps the figures.

The data is found at `<repository>/../shared/datasets/nab` unless `--data` says otherwise
(the directory holding `data/`, `labels/combined_windows.json` and `profiles.json`).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sys
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from vortex_pulse.signals.scoring.streaming import anomaly_scores

from benchmarks.nab_scoring import (
    FileLabels,
    ProfileResult,
    label_rows,
    load_profiles,
    probation_length,
    score_corpus,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "datasets" / "nab"
DETECTOR = "pulse"

# Standard-profile scores published with NAB (its README, v1.0 scoreboard); the dataset's
# README gives no published figures for the other two profiles.
SCOREBOARD: dict[str, float] = {
    "Perfect": 100.0,
    "ARTime": 74.9,
    "Numenta HTM": 70.5,
    "CAD OSE": 69.9,
    "earthgecko Skyline": 58.2,
    "KNN CAD": 58.0,
    "Relative Entropy": 54.6,
    "Random Cut Forest": 51.7,
    "Twitter ADVec": 47.1,
    "Windowed Gaussian": 39.6,
    "Etsy Skyline": 35.7,
    "Bayesian Changepoint": 17.7,
    "EXPoSE": 16.4,
    "Random": 11.0,
    "Null": 0.0,
}
PROFILE_ORDER = ("standard", "reward_low_FP_rate", "reward_low_FN_rate")


def _read(path: Path) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0][:2] != ["timestamp", "value"]:
        raise SystemExit(f"{path}: expected the columns timestamp,value")
    stamps = [r[0] for r in rows[1:]]
    raw_values = [r[1] for r in rows[1:]]
    when = np.array([s.replace(" ", "T") for s in stamps], dtype="datetime64[s]")
    return stamps, raw_values, when, np.array(raw_values, dtype=np.float64)


def _run_file(job: tuple[Path, str, Path]) -> tuple[str, np.ndarray, np.ndarray, float]:
    """Score one file and write its results; returns (name, timestamps, scores, seconds)."""
    data, name, out = job
    stamps, raw_values, when, values = _read(data / "data" / name)
    t0 = time.perf_counter()
    ts = when.astype(np.int64).astype(np.float64)
    scores = anomaly_scores(ts, values, probation_length(len(values)))
    seconds = time.perf_counter() - t0
    category, file = name.split("/")
    target = out / category / f"{DETECTOR}_{file}"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with tmp.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["timestamp", "value", "anomaly_score"])
        w.writerows(zip(stamps, raw_values, (f"{s:.6f}" for s in scores), strict=True))
    tmp.replace(target)
    return name, when, np.round(scores, 6), seconds


def _windows(raw: list[list[str]]) -> list[tuple[np.datetime64, np.datetime64]]:
    def t(s: str) -> np.datetime64:
        return np.datetime64(s.replace(" ", "T"), "s")

    return [(t(a), t(b)) for a, b in raw]


def _diagnose(
    labelled: dict[str, tuple[FileLabels, np.ndarray]], threshold: float
) -> dict[str, dict[str, float | None]]:
    """Per category at a threshold: windows found and missed, false-positive rows, and the
    mean position of the first detection in its window (0 = left edge, 1 = right edge)."""
    out: dict[str, dict[str, float]] = defaultdict(
        lambda: {"windows": 0, "found": 0, "fp_rows": 0, "position_sum": 0.0}
    )
    for name, (lab, scores) in labelled.items():
        c = out[name.split("/")[0]]
        hit = scores >= threshold
        c["fp_rows"] += int((hit & (lab.window == -1)).sum())
        for k in range(lab.windows):
            rows = np.flatnonzero(lab.window == k)
            c["windows"] += 1
            first = rows[hit[rows]]
            if len(first):
                c["found"] += 1
                c["position_sum"] += (first[0] - rows[0]) / max(len(rows) - 1, 1)
    return {
        cat: {
            "windows": c["windows"],
            "found": c["found"],
            "missed": c["windows"] - c["found"],
            "fp_rows": c["fp_rows"],
            "mean_position": round(c["position_sum"] / c["found"], 3) if c["found"] else None,
        }
        for cat, c in sorted(out.items())
    }


def run(data: Path, out: Path, workers: int) -> dict[str, object]:
    labels = json.loads((data / "labels" / "combined_windows.json").read_text())
    profiles = {p.name: p for p in load_profiles(data / "profiles.json")}
    names = sorted(labels)
    missing = [n for n in names if not (data / "data" / n).is_file()]
    if missing:
        raise SystemExit(f"{data}: data files missing for {', '.join(missing[:3])}")
    t0 = time.perf_counter()
    done: dict[str, tuple[np.ndarray, np.ndarray, float]] = {}
    with Pool(workers) as pool:
        jobs = [(data, n, out) for n in names]
        for i, (name, when, scores, secs) in enumerate(pool.imap_unordered(_run_file, jobs), 1):
            done[name] = (when, scores, secs)
            if sys.stderr.isatty() or i == len(names) or i % 10 == 0:
                print(f"  scored {i}/{len(names)} files", file=sys.stderr, flush=True)
    detect_wall = time.perf_counter() - t0
    labelled = {
        n: (label_rows(done[n][0], _windows(labels[n])), done[n][1]) for n in names
    }  # fmt: skip
    results: dict[str, ProfileResult] = {
        p: score_corpus(labelled, profiles[p]) for p in PROFILE_ORDER
    }  # fmt: skip
    total_wall = time.perf_counter() - t0
    std = results["standard"]
    return {
        "detector": DETECTOR,
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "files": len(names),
        "rows": int(sum(len(done[n][1]) for n in names)),
        "workers": workers,
        "detect_wall_s": round(detect_wall, 2),
        "detect_cpu_s": round(sum(d[2] for d in done.values()), 2),
        "total_wall_s": round(total_wall, 2),
        "scores": {
            p: {"normalised": round(r.normalised, 1), "threshold": r.threshold, "raw": r.raw}
            for p, r in results.items()
        },
        "standard_by_category": _diagnose(labelled, std.threshold),
    }


def _print(summary: dict[str, object]) -> None:
    scores = summary["scores"]
    assert isinstance(scores, dict)
    ours = [scores[p]["normalised"] for p in PROFILE_ORDER]
    board = sorted(
        [(name, [v, None, None]) for name, v in SCOREBOARD.items()]
        + [("vortex-pulse (this run)", ours)],
        key=lambda kv: -float(kv[1][0] or 0.0),
    )
    print(f"{'detector':<26} {'standard':>9} {'low FP':>9} {'low FN':>9}")
    for name, row in board:
        cells = " ".join(f"{'-' if v is None else f'{v:.1f}':>9}" for v in row)
        print(f"{name:<26} {cells}" + ("  <--" if name.startswith("vortex-pulse") else ""))
    print(
        f"\n{summary['files']} files, {summary['rows']:,} rows: detection "
        f"{summary['detect_wall_s']} s wall ({summary['detect_cpu_s']} s in the detector) on "
        f"{summary['workers']} workers, {summary['total_wall_s']} s with scoring"
    )
    print("\nstandard profile at its threshold, per category:")
    cats = summary["standard_by_category"]
    assert isinstance(cats, dict)
    print(f"{'category':<22} {'windows':>7} {'found':>6} {'missed':>6} {'FP rows':>8} {'pos':>6}")
    for cat, c in cats.items():
        pos = "-" if c["mean_position"] is None else f"{c['mean_position']:.2f}"
        print(
            f"{cat:<22} {c['windows']:>7} {c['found']:>6} {c['missed']:>6} "
            f"{c['fp_rows']:>8} {pos:>6}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "nab")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args(argv)
    data = args.data.resolve()
    if not (data / "labels" / "combined_windows.json").is_file():
        print(f"{data}: no NAB data (labels/combined_windows.json); pass --data", file=sys.stderr)
        return 2
    summary = run(data, args.out, max(1, args.workers))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scores.json").write_text(json.dumps(summary, indent=2) + "\n")
    _print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
