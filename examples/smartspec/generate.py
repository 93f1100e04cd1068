"""Regenerates signals.csv.gz of the SmartSpec example (deterministic: same bytes each run).

Four days of one-minute samples for spec-core-001-authentication, ending 2026-11-30 12:00 UTC:
- api_error_rate: 0.02 % errors, except one hour at 3 % (09:00-10:00): a page-level burn that
  spends half the period's error budget, then recovers;
- api_latency_p99: about 120 ms, then 260 ms over the last 20 minutes (a persisting breach);
- authentication_response_time: about 300 ms, 650 ms over the last 3 minutes (too short to
  count yet);
- api_uptime, login_success_rate, login_page_load: healthy throughout.
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

SPEC = "spec-core-001-authentication"
END = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
MINUTES = 4 * 24 * 60
OUT = Path(__file__).parent / "specs/core" / SPEC / "signals.csv.gz"


def series() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(14)
    n = MINUTES
    t = np.arange(n)  # minute index; the last sample is at END
    from_end = n - 1 - t
    errors = np.clip(0.02 + rng.normal(0, 0.004, n), 0, None)
    incident = (from_end >= 120) & (from_end < 180)
    errors[incident] = 3.0 + rng.normal(0, 0.1, incident.sum())
    latency = 120 + rng.normal(0, 8, n)
    latency[from_end < 20] = 260 + rng.normal(0, 5, (from_end < 20).sum())
    auth = 300 + rng.normal(0, 20, n)
    auth[from_end < 3] = 650
    uptime = np.clip(100 - np.abs(rng.normal(0, 0.01, n)), 0, 100)
    success = np.clip(99.8 + rng.normal(0, 0.05, n), 0, 100)
    page = 1.2 + rng.normal(0, 0.1, n)
    return {
        "api_error_rate": errors,
        "api_latency_p99": latency,
        "authentication_response_time": auth,
        "api_uptime": uptime,
        "login_success_rate": success,
        "login_page_load": page,
    }


def main() -> None:
    start = END - timedelta(minutes=MINUTES - 1)
    stamps = [(start + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ") for i in range(MINUTES)]
    lines = ["timestamp,experiment,metric,value"]
    for metric, values in series().items():
        lines += [f"{ts},{SPEC},{metric},{v:.4g}" for ts, v in zip(stamps, values, strict=True)]
    data = ("\n".join(lines) + "\n").encode()
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(data)
    print(OUT)


if __name__ == "__main__":
    main()
