"""examples/slo/config.yaml as it is, against a Prometheus holding a week of service metrics.

Computed PromQL (rate ratios, histogram_quantile) goes through the same source as plain
selectors. Hand-computed expectations, per minute: 100 requests with code 200; 0.2 with
code 500 for six days, then 3 for the last day (error rate 3 / 103 = 2.9126 %); latency
buckets 50 / 97 / 99 / 100 of 100 below 0.1 / 0.25 / 0.5 / 1 s, so p95 = 0.1 + 0.15 x
45 / 47 s = 243.62 ms; `up` always 1, so availability 100 %.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from vortex_pulse.core.config import load_config
from vortex_pulse.pulse.pipeline import run_pass

from tests.support.promdata import needs_prometheus
from tests.support.promstack import PROMTOOL, Process, prometheus

pytestmark = needs_prometheus
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "slo" / "config.yaml"
END = 1772323200  # 2026-03-01T00:00:00Z
MINUTES = 7 * 1440


def _openmetrics() -> str:
    t0 = END - MINUTES * 60
    lines = ["# TYPE http_requests_total unknown"]
    for code in ("200", "500"):
        count = 0.0
        for i in range(MINUTES + 1):
            count += 100 if code == "200" else (0.2 if i < 6 * 1440 else 3)
            labels = f'service="api-gateway",code="{code}"'
            lines.append(f"http_requests_total{{{labels}}} {count:.1f} {t0 + 60 * i}")
    lines.append("# TYPE http_request_duration_seconds_bucket unknown")
    for le, per_minute in (("0.1", 50), ("0.25", 97), ("0.5", 99), ("1", 100), ("+Inf", 100)):
        for i in range(MINUTES + 1):
            lines.append(
                f'http_request_duration_seconds_bucket{{service="api-gateway",le="{le}"}}'
                f" {per_minute * (i + 1)} {t0 + 60 * i}"
            )
    lines.append("# TYPE up unknown")
    lines += [f'up{{job="checkout"}} 1 {t0 + 60 * i}' for i in range(MINUTES + 1)]
    return "\n".join([*lines, "# EOF", ""])


@pytest.fixture
def slo_prom(tmp_path: Path) -> Iterator[str]:
    assert PROMTOOL
    src = tmp_path / "slo.om"
    src.write_text(_openmetrics(), encoding="utf-8")
    data = tmp_path / "data"
    subprocess.run(
        [PROMTOOL, "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=1458h",
         str(src), str(data)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    proc: Process
    proc, url = prometheus(data, tmp_path)
    proc.start()
    yield url
    proc.stop()


def test_the_slo_example_runs_against_prometheus(slo_prom: str, tmp_path: Path) -> None:
    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    raw["sources"]["prom"]["url"] = slo_prom
    raw["window"]["end"] = "2026-03-01T00:00:00Z"
    for key in ("output_folder", "reports_folder", "state_dir"):
        raw[key] = str(tmp_path / key)
    raw["checkpoint"]["path"] = str(tmp_path / "state_dir" / "cp.sqlite")
    incidents = tmp_path / "alerts.jsonl"
    raw["alerting"]["sinks"] = [{"type": "file", "path": str(incidents), "min_priority": "P3"}]
    cfg_path = tmp_path / "config.yaml"
    cfg_path.write_text(yaml.safe_dump(raw), encoding="utf-8")

    from vortex_pulse.pulse.alerts import process_alerts

    cfg = load_config(cfg_path)
    result = run_pass(cfg)
    exps = {e.id: e for e in result.report.experiments}
    metrics = {m.name: m for e in exps.values() for m in e.metrics}
    assert metrics["Error rate"].observed == pytest.approx(300 / 103, rel=1e-3)
    assert metrics["Error rate"].breach == "critical"
    assert metrics["Latency p95"].observed == pytest.approx(100 + 150 * 45 / 47, rel=1e-3)
    assert metrics["Latency p95"].breach == "none"
    assert metrics["Availability"].observed == pytest.approx(100.0)
    assert metrics["Availability"].breach == "none"
    assert exps["api-gateway"].severity == "Critical"
    assert result.report.insufficient == []

    outcome = process_alerts(cfg, result)
    assert outcome.ok
    [line] = [json.loads(x) for x in incidents.read_text().splitlines()]
    assert line["labels"]["experiment"] == "api-gateway"
    assert line["labels"]["metric"] == "error_rate" and line["labels"]["kind"] == "service"
    assert line["annotations"]["target"] == "0-0.5%"
