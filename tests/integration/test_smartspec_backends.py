"""The same SLOs against a real Prometheus (backfilled) and the Datadog test server give the
same statuses, values and burn rates as the CSV they were filled from; and the Datadog key
never appears in any output, file or error (canary)."""

from __future__ import annotations

import json
import logging
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from vortex_pulse.signals.series import SeriesRequest, Window
from vortex_pulse.signals.sources.files import FileSource

from tests.support.datadog_server import DatadogServer
from tests.support.promstack import PROMETHEUS, PROMTOOL, prometheus
from tests.support.smartspec_project import (
    AT_END,
    AT_PAGE,
    SPEC_DIR,
    SPEC_ID,
    project,
    smartspec,
)

CANARY = "ddcanary-4b1f0c9e7d2a"
APP_CANARY = "ddappcanary-88e1a0f3"
METRICS = (
    "api_latency_p99",
    "api_error_rate",
    "api_uptime",
    "authentication_response_time",
    "login_success_rate",
    "login_page_load",
)
EXTRA = {"login_success_rate": ", nfr: NFR-REL-001", "login_page_load": ", persistence: 10m"}


def dd_query(metric: str) -> str:
    return f"avg:{metric}{{service:auth,env:prod}}"


def example_data(proj: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    src = FileSource("csv", proj / SPEC_DIR / "signals.csv.gz")
    reqs = [SeriesRequest(SPEC_ID, m) for m in METRICS]
    from datetime import UTC, datetime

    got = src.load(reqs, Window(datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)))
    return {k.metric: (s.ts, s.values) for k, s in got.series.items()}


def observability(provider_lines: str, query: Any) -> str:
    lines = [provider_lines, "service: auth-service", "metrics:"]
    lines += [f"  - {{name: {m}, query: '{query(m)}'{EXTRA.get(m, '')}}}" for m in METRICS]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return example_data(project(tmp_path_factory.mktemp("csv")))


@pytest.fixture(scope="module")
def prom_url(
    data: dict[str, tuple[np.ndarray, np.ndarray]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if not (PROMETHEUS and PROMTOOL):
        pytest.skip("Debian package 'prometheus' is not installed")
    work = tmp_path_factory.mktemp("smartspec-prom")
    lines = []
    for metric, (ts, vals) in data.items():
        lines.append(f"# TYPE {metric} gauge")
        lines += [
            f'{metric}{{service="auth"}} {float(v)!r} {float(t):.3f}'
            for t, v in zip(ts, vals, strict=True)
        ]
    om = work / "data.om"
    om.write_text("\n".join([*lines, "# EOF", ""]), encoding="utf-8")
    subprocess.run(
        [PROMTOOL, "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=1458h",
         str(om), str(work / "data")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    proc, url = prometheus(work / "data", work)
    proc.start()
    yield url
    proc.stop()


@pytest.fixture
def dd(data: dict[str, tuple[np.ndarray, np.ndarray]]) -> Iterator[DatadogServer]:
    server = DatadogServer(
        {dd_query(m): v for m, v in data.items()}, api_key=CANARY, app_key=APP_CANARY,
        limit_first=1,  # the first answer is a 429: the client waits X-RateLimit-Reset
    )  # fmt: skip
    yield server
    server.close()


def _run(proj: Path, obs_text: str, at: str) -> dict[str, Any]:
    obs = proj / "obs.yaml"
    obs.write_text(obs_text, encoding="utf-8")
    code, out, err = smartspec(proj, "--run-once", "--json", "--observability", str(obs),
                               "--until", at)  # fmt: skip
    assert code in (0, 3), err
    return json.loads(out)


def _facts(doc: dict[str, Any]) -> dict[str, Any]:
    keep = ("status", "value", "alert", "budget_remaining", "burn_rates", "breach_s")
    return {
        "status": doc["status"],
        "metrics": {m["name"]: {k: m.get(k) for k in keep} for m in doc["metrics"]},
    }


@pytest.mark.parametrize("at", [AT_PAGE, AT_END])
def test_prometheus_datadog_and_csv_agree(
    tmp_path: Path, prom_url: str, dd: DatadogServer, at: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATADOG_API_KEY", CANARY)
    monkeypatch.setenv("DATADOG_APP_KEY", APP_CANARY)
    proj = project(tmp_path)
    csv = _run(proj, observability(f"provider: file\npath: {SPEC_DIR}/signals.csv.gz",
                                   lambda m: m), at)  # fmt: skip
    prom = _run(proj, observability(f"provider: prometheus\nurl: {prom_url}", lambda m: m), at)
    datadog = _run(
        proj,
        observability(
            f'provider: datadog\nurl: {dd.url}\napi_key: "{{{{env.DATADOG_API_KEY}}}}"\n'
            'app_key: "env:DATADOG_APP_KEY"',
            dd_query,
        ),
        at,
    )
    assert _facts(prom) == _facts(csv)
    assert _facts(datadog) == _facts(csv)
    assert csv["status"] == "unhealthy"
    statuses = {m["name"]: m["status"] for m in csv["metrics"]}
    unhealthy = "api_error_rate" if at == AT_PAGE else "api_latency_p99"
    assert statuses[unhealthy] == "unhealthy"
    # the Datadog source honoured the 429 and then queried only the read API
    assert dd.requests[0]["status"] == 429
    assert {r["path"] for r in dd.requests} == {"/api/v1/query"}


def _all_text(proj: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in proj.rglob("*")
        if p.is_file() and p.suffix != ".gz"
    )  # fmt: skip


def test_the_datadog_key_never_appears_anywhere(
    tmp_path: Path, dd: DatadogServer, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("DATADOG_API_KEY", CANARY)
    monkeypatch.setenv("DATADOG_APP_KEY", APP_CANARY)
    proj = project(tmp_path)
    obs = proj / "obs.yaml"
    head = (f'provider: datadog\nurl: {dd.url}\napi_key: "{{{{env.DATADOG_API_KEY}}}}"\n'
            'app_key: "{{env.DATADOG_APP_KEY}}"\n'
            "incident_response: {command: [python3, incident_response.py]}\n"
            "slo: {compliance_period: 1d}")  # fmt: skip
    obs.write_text(observability(head, dd_query))
    outputs = []
    for at in (AT_PAGE, AT_END):
        code, out, err = smartspec(proj, "--run-once", "--observability", str(obs), "--until", at)
        assert code == 3, err
        outputs += [out, err]
        code, out, err = smartspec(proj, "--run-once", "--json", "--observability", str(obs),
                                   "--until", at)  # fmt: skip
        outputs += [out, err]
    # a rejected key: the error names the problem, not the key
    monkeypatch.setenv("DATADOG_API_KEY", CANARY + "-revoked")
    code, out, err = smartspec(proj, "--run-once", "--observability", str(obs), "--until", AT_END)
    assert code == 1 and "HTTP 403 (check the API and application keys)" in err
    outputs += [out, err]
    # a literal key in the file is refused without being repeated
    obs.write_text(obs.read_text().replace('"{{env.DATADOG_API_KEY}}"', CANARY))
    code, out, err = smartspec(proj, "--run-once", "--observability", str(obs))
    assert code == 2 and "api_key" in err
    outputs += [out, err]
    assert (proj / ".spec/reports/incidents").is_dir()  # the hook did receive payloads
    everything = "\n".join([*outputs, caplog.text])
    obs.unlink()  # the test's own file holding the literal key
    files = _all_text(proj)
    for secret in (CANARY, APP_CANARY):
        assert secret not in everything
        assert secret not in files
