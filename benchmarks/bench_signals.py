"""Signals engine: load + score a synthetic portfolio from one file (issue 3).

    .venv/bin/python -m benchmarks.bench_signals --experiments 100 1000 5000 [--format parquet]

Setup (not timed): `signals.synthetic.synthetic_portfolio` (3 metrics x 504 hourly points
per experiment, the ten scenarios in rotation) written to a temporary Parquet or CSV file.
Every step runs in its own child process. Per size, after the setup child:
- read:  the bare `pyarrow` read of the same file (median of --repeat reads), the baseline;
- load:  `FileSource.load` for every experiment x metric (read, parse, sort, index, slice),
  then score: `score_portfolio` (steps 3 and 4: every metric, experiment and pattern).
Reported: wall and CPU times (CPU time shows the work when other processes share the
cores), ratio (load + score) / read, cost per experiment (linearity), and the load+score
child's peak RSS: VmHWM from /proc/self/status (the whole process, interpreter and
libraries included). Not `resource.getrusage().ru_maxrss`: on Linux a forked child starts
with its parent's ru_maxrss, so under `benchmarks.run_all` (whose process holds the other
benchmarks' memory) it reports the parent's peak instead. Targets: 1,000 experiments
under 10 s and 1 GiB. Results go to benchmarks/results/signals.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from vortex_pulse.signals.portfolio import score_portfolio
from vortex_pulse.signals.series import SeriesRequest
from vortex_pulse.signals.sources.files import FileSource
from vortex_pulse.signals.synthetic import (
    DEFAULT_END,
    portfolio_specs,
    synthetic_portfolio,
    to_long_table,
    write_signals,
)
from vortex_pulse.signals.window import make_window

RESULTS = Path(__file__).parent / "results" / "signals.json"


def peak_rss_mib() -> float:
    """Peak resident set size of this process: VmHWM from /proc/self/status (Linux), which
    belongs to the process's own address space; `ru_maxrss` elsewhere, which on Linux also
    counts the pages a forked child inherited from its parent before exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write(path: Path, experiments: int) -> dict[str, Any]:
    """Child 0 (setup, not timed): generate and write the portfolio file."""
    p = synthetic_portfolio(experiments)
    write_signals(to_long_table(p.series), path)
    return {"file_mib": round(path.stat().st_size / 2**20, 1)}


def _read_only(path: Path, repeat: int) -> dict[str, Any]:
    """Child 1: the baseline, the bare pyarrow read of the file (median of `repeat`)."""
    reader = pq.read_table if path.suffix == ".parquet" else pacsv.read_csv
    reads = []
    for _ in range(repeat):
        t = time.perf_counter()
        reader(path)
        reads.append(time.perf_counter() - t)
    return {"read_s": round(statistics.median(reads), 4)}


def _load_and_score(path: Path, experiments: int) -> dict[str, Any]:
    """Child 2: load + score, and the peak RSS of a process that did nothing else."""
    specs = portfolio_specs(experiments)
    window = make_window(timedelta(days=21), DEFAULT_END)
    requests = [SeriesRequest(s.id, m.series) for s in specs for m in s.metrics]
    c0, t0 = time.process_time(), time.perf_counter()
    loaded = FileSource("bench", path).load(requests, window)
    c1, t1 = time.process_time(), time.perf_counter()
    facts = score_portfolio(specs, loaded.series, window, loaded.findings)
    c2, t2 = time.process_time(), time.perf_counter()
    return {
        "experiments": experiments,
        "series": len(loaded.series),
        "load_s": round(t1 - t0, 3),
        "score_s": round(t2 - t1, 3),
        "total_s": round(t2 - t0, 3),
        "load_cpu_s": round(c1 - c0, 3),
        "score_cpu_s": round(c2 - c1, 3),
        "ms_per_experiment": round((t2 - t0) / experiments * 1000, 3),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "patterns": len(facts.patterns),
        "p1": sum(1 for e in facts.experiments if e.priority == "P1"),
    }


def _child(*args: str) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.bench_signals", *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--experiments", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child-write", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-read", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-run", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_write is not None:
        print(json.dumps(_write(args.child_write, args.experiments[0])))
        return []
    if args.child_read is not None:
        print(json.dumps(_read_only(args.child_read, args.repeat)))
        return []
    if args.child_run is not None:
        print(json.dumps(_load_and_score(args.child_run, args.experiments[0])))
        return []
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-signals-") as tmp:
        for n in args.experiments:
            path = Path(tmp) / f"signals-{n}.{args.format}"
            row: dict[str, Any] = {"format": args.format}
            row |= _child("--child-write", str(path), "--experiments", str(n))
            row |= _child("--child-read", str(path), "--repeat", str(args.repeat))
            row |= _child("--child-run", str(path), "--experiments", str(n))
            row["ratio_to_read"] = round(row["total_s"] / row["read_s"], 1)
            rows.append(row)
            print(
                f"{n:>6} experiments ({row['series']} series, {args.format} {row['file_mib']} MiB):"
                f" read {row['read_s']:.3f} s, load {row['load_s']:.2f} s,"
                f" score {row['score_s']:.2f} s, total {row['total_s']:.2f} s"
                f" (CPU {row['load_cpu_s']:.2f} + {row['score_cpu_s']:.2f} s)"
                f" = {row['ratio_to_read']}x read, {row['ms_per_experiment']:.2f} ms/experiment,"
                f" peak RSS {row['peak_rss_mib']} MiB",
                flush=True,
            )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()
