"""`pulse watch` overhead and memory over many passes, on the demo portfolio.

    .venv/bin/python -m benchmarks.bench_daemon [--passes 30]

Setup (not timed): the repository's config.yaml (examples/portfolio, file source, offline
narrator) rewritten into a temporary folder, plus a JSONL alert sink. In the same process,
interleaved:
- baseline: `run_pass` alone, --passes times (median pass);
- daemon: `Daemon.one_pass` --passes times (the same pass plus alert state and delivery,
  /metrics gauges, /health, source checks).
Reported: median pass times, ratio daemon / baseline, and the peak RSS after the first and
after the last daemon pass (growth = memory kept per pass). Results go to
benchmarks/results/daemon.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from vortex_pulse.core.config import load_config
from vortex_pulse.pulse.daemon import Daemon
from vortex_pulse.pulse.pipeline import run_pass
from vortex_pulse.signals.sources.build import build_sources

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "daemon.json"


def _config(tmp: Path) -> Path:
    raw = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    raw["signals"] = str(REPO / raw["signals"])
    for exp in raw["portfolio"]:
        if exp.get("hc4"):
            exp["hc4"] = str(REPO / exp["hc4"])
    raw |= {"output_folder": str(tmp / "out"), "reports_folder": str(tmp / "reports"),
            "state_dir": str(tmp / "state")}  # fmt: skip
    raw["checkpoint"] = {"backend": "sqlite", "path": str(tmp / "state" / "cp.sqlite")}
    raw["alerting"] = {"sinks": [{"type": "file", "path": str(tmp / "alerts.jsonl")}]}
    path = tmp / "config.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def _rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--passes", type=int, default=30)
    args = ap.parse_args(argv)
    logging.disable(logging.INFO)  # the daemon logs every pass
    with tempfile.TemporaryDirectory(prefix="bench-daemon-") as tmp:
        cfg = load_config(_config(Path(tmp)))
        sources = build_sources(cfg)
        run_pass(cfg, sources=sources)  # warm-up: imports, first compile
        daemon = Daemon(cfg, sources, interval=300, port=0)
        base, runs, first_rss = [], [], 0.0
        try:
            for i in range(args.passes):  # interleaved, so drift affects both alike
                t = time.perf_counter()
                run_pass(cfg, sources=sources)
                base.append(time.perf_counter() - t)
                t = time.perf_counter()
                assert daemon.one_pass()
                runs.append(time.perf_counter() - t)
                if i == 0:
                    first_rss = _rss_mib()
        finally:
            daemon.close()
    row = {
        "passes": args.passes,
        "baseline_pass_s": round(statistics.median(base), 3),
        "daemon_pass_s": round(statistics.median(runs), 3),
        "ratio_to_baseline": round(statistics.median(runs) / statistics.median(base), 2),
        "peak_rss_after_first_mib": first_rss,
        "peak_rss_after_last_mib": _rss_mib(),
    }
    print(
        f"{args.passes} passes: run_pass {row['baseline_pass_s']:.3f} s, daemon pass"
        f" {row['daemon_pass_s']:.3f} s = {row['ratio_to_baseline']}x; peak RSS"
        f" {row['peak_rss_after_first_mib']} MiB after the first daemon pass,"
        f" {row['peak_rss_after_last_mib']} MiB after the last",
        flush=True,
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(row, indent=2) + "\n", encoding="utf-8")
    return row


if __name__ == "__main__":
    main()
