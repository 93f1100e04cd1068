"""Prometheus source: load a synthetic portfolio from a real, backfilled Prometheus (issue 6).

    .venv/bin/python -m benchmarks.bench_prometheus --experiments 10 50 [--steps 0 60 3600]

Setup (not timed): `signals.synthetic.synthetic_portfolio` (3 metrics x 504 hourly points
per experiment) written as OpenMetrics, backfilled with `promtool tsdb create-blocks-from
openmetrics`, served by Debian's `prometheus` on a free 127.0.0.1 port.
For each size and step (0 = no step: raw samples of the selectors), in the same run
(median of --repeat):
- baseline: the bare fetch of the same answers with httpx at the same concurrency, JSON
  decoded, nothing else (step 0: one range-vector instant query per series; otherwise one
  `query_range` per series and chunk);
- load: `PrometheusSource.load` (the same requests through retries, parsing to numpy,
  window filtering, de-duplication, findings).
Reported: wall times, ratio load / baseline, points returned vs stored, and the peak RSS
of this process. Results go to benchmarks/results/prometheus.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from vortex_pulse.signals.series import Series, SeriesRequest
from vortex_pulse.signals.sources.prometheus import PrometheusSource, chunk_range
from vortex_pulse.signals.synthetic import DEFAULT_END, synthetic_portfolio
from vortex_pulse.signals.window import make_window

RESULTS = Path(__file__).parent / "results" / "prometheus.json"
CONCURRENCY = 4


def _openmetrics(series: list[Series], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("# TYPE pulse_signal gauge\n")
        for s in series:
            labels = f'experiment="{s.key.experiment}",metric="{s.key.metric}"'
            if s.key.segment:
                labels += f',segment="{s.key.segment}"'
            fh.writelines(
                f"pulse_signal{{{labels}}} {v!r} {t:.0f}\n"
                for t, v in zip(s.ts.tolist(), s.values.tolist(), strict=True)
            )
        fh.write("# EOF\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(data: Path, work: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    cfg = work / "prometheus.yml"
    cfg.write_text("global: {scrape_interval: 1h}\n", encoding="utf-8")
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        ["prometheus", f"--config.file={cfg}", f"--storage.tsdb.path={data}",
         f"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=20y"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/-/ready", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("prometheus did not become ready in 60 s")


def _bare_fetch(url: str, queries: list[str], start: float, end: float, step: float) -> int:
    """The baseline: the same answers fetched and decoded; returns points received."""
    if step:
        tasks = [
            ("/api/v1/query_range", {"query": q, "start": s, "end": e, "step": step})
            for q in queries
            for s, e in chunk_range(start + step, end, step)
        ]
    else:
        span = f"{int(end - start) + 1}s"
        tasks = [("/api/v1/query", {"query": f"{q}[{span}]", "time": end}) for q in queries]

    def one(task: tuple[str, dict[str, Any]]) -> int:
        body = client.get(task[0], params=task[1]).json()
        return sum(len(r["values"]) for r in body["data"]["result"])

    with httpx.Client(base_url=url, timeout=60) as client, ThreadPoolExecutor(CONCURRENCY) as pool:
        return sum(pool.map(one, tasks))


def _measure(url: str, series: list[Series], step: float, repeat: int) -> dict[str, Any]:
    window = make_window(timedelta(days=21), DEFAULT_END)
    keys = sorted({(s.key.experiment, s.key.metric) for s in series})
    requests = [
        SeriesRequest(e, m, "prom", query=f'pulse_signal{{experiment="{e}",metric="{m}"}}')
        for e, m in keys
    ]
    queries = [r.query for r in requests if r.query]
    start, end = window.start.timestamp(), window.end.timestamp()
    base, load, got = [], [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        received = _bare_fetch(url, queries, start, end, step)
        base.append(time.perf_counter() - t)
        src = PrometheusSource("bench", url, step=step or None, max_concurrency=CONCURRENCY)
        t = time.perf_counter()
        res = src.load(requests, window)
        load.append(time.perf_counter() - t)
        src.close()
        got = sum(len(s) for s in res.series.values())
    stored = sum(
        int(((s.ts >= start) & (s.ts <= end)).sum()) for s in series
    )  # the file-equivalent answer
    return {
        "series": len(queries),
        "step_s": step,
        "baseline_s": round(statistics.median(base), 3),
        "load_s": round(statistics.median(load), 3),
        "ratio_to_baseline": round(statistics.median(load) / statistics.median(base), 2),
        "points_received_by_baseline": received,
        "points_loaded": got,
        "points_stored": stored,
    }


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--experiments", type=int, nargs="+", default=[10, 50])
    ap.add_argument("--steps", type=float, nargs="+", default=[0.0, 60.0, 3600.0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    if not (shutil.which("prometheus") and shutil.which("promtool")):
        print("bench_prometheus: Debian package 'prometheus' is not installed; skipped")
        return []
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-prom-") as tmp:
        work = Path(tmp)
        series = synthetic_portfolio(max(args.experiments)).series
        om = work / "data.om"
        _openmetrics(series, om)
        subprocess.run(
            ["promtool", "tsdb", "create-blocks-from", "openmetrics",
             "--max-block-duration=1458h", str(om), str(work / "data")],
            check=True, capture_output=True,
        )  # fmt: skip
        proc, url = _start(work / "data", work)
        try:
            for n in args.experiments:
                wanted = {f"exp{i:05d}" for i in range(n)}
                subset = [s for s in series if s.key.experiment in wanted]
                for step in args.steps:
                    row = {"experiments": n, **_measure(url, subset, step, args.repeat)}
                    row["peak_rss_mib"] = round(
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                    )
                    rows.append(row)
                    print(
                        f"{n:>5} experiments ({row['series']} queries), step {step:g} s:"
                        f" bare fetch {row['baseline_s']:.2f} s, load {row['load_s']:.2f} s"
                        f" = {row['ratio_to_baseline']}x; points: fetched"
                        f" {row['points_received_by_baseline']}, loaded {row['points_loaded']},"
                        f" stored {row['points_stored']}; peak RSS {row['peak_rss_mib']} MiB",
                        flush=True,
                    )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()
