"""`pulse batch` over 12 weekly dates in one process vs twelve separate `pulse run` processes.

    .venv/bin/python -m benchmarks.bench_batch [--repeats 2]

Setup (not timed): the repository's config.yaml (examples/portfolio, file source, offline
narrator) rewritten into a fresh temporary folder for every measured command, so neither
side finds reports or checkpoints from an earlier run (the batch would skip them).
Measured, interleaved A B A B ...: wall time of
- A: one `pulse batch CONFIG --from 2026-09-04 --to 2026-11-20 --every 1w` process;
- B: twelve `pulse run CONFIG --date D --until <end of D>` processes, one after another,
  the same dates and window ends (what a shell loop over dates does).
Reported: medians and the ratio A / B (target <= 0.5). Results go to
benchmarks/results/batch.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml
from vortex_pulse.pulse.batch.plan import dates, window_end

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "batch.json"
PULSE = str(Path(sys.executable).parent / "pulse")
START, END = date(2026, 9, 4), date(2026, 11, 20)


def _config(tmp: Path) -> Path:
    raw = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    raw["signals"] = str(REPO / raw["signals"])
    for exp in raw["portfolio"]:
        if "hc4" in exp:
            exp["hc4"] = str(REPO / exp["hc4"])
    raw |= {"output_folder": "out", "reports_folder": "reports"}
    path = tmp / "config.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def _timed(cmds: list[list[str]]) -> float:
    t0 = time.perf_counter()
    for cmd in cmds:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()
    days = dates(START, END, "1w")
    batch_s, runs_s = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeats):
            a, b = Path(tmp) / f"a{i}", Path(tmp) / f"b{i}"
            a.mkdir()
            b.mkdir()
            cfg_a, cfg_b = _config(a), _config(b)
            period = ["--from", START.isoformat(), "--to", END.isoformat(), "--every", "1w"]
            batch_s.append(_timed([[PULSE, "batch", str(cfg_a), *period]]))
            runs_s.append(
                _timed(
                    [
                        [
                            PULSE,
                            "run",
                            str(cfg_b),
                            "--date",
                            d.isoformat(),
                            "--until",
                            window_end(d),
                        ]
                        for d in days
                    ]
                )
            )
            reports = len(list((a / "out" / "vortex-artifacts").glob("hc5-*.md")))
            assert reports == len(days) == len(list((b / "out/vortex-artifacts").glob("hc5-*")))
    a_med, b_med = statistics.median(batch_s), statistics.median(runs_s)
    row = {
        "dates": len(days),
        "repeats": args.repeats,
        "batch_one_process_s": round(a_med, 2),
        "twelve_processes_s": round(b_med, 2),
        "ratio": round(a_med / b_med, 3),
        "batch_runs_s": [round(x, 2) for x in batch_s],
        "separate_runs_s": [round(x, 2) for x in runs_s],
    }
    print(
        f"pulse batch, {len(days)} weekly dates, one process: {a_med:.1f} s (median of"
        f" {args.repeats}); {len(days)} separate pulse run processes: {b_med:.1f} s;"
        f" ratio {a_med / b_med:.2f} (target <= 0.5)"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(row, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
