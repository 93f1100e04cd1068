"""End to end over real servers: Prometheus -> pass -> Alertmanager -> webhook; the daemon."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from vortex_pulse.core.config import PulseConfig, load_config
from vortex_pulse.pulse.alerts import process_alerts
from vortex_pulse.pulse.daemon import Daemon
from vortex_pulse.pulse.pipeline import run_pass
from vortex_pulse.signals import synthetic
from vortex_pulse.signals.sources.build import build_sources

from tests.support.promdata import PromServer, needs_alertmanager, needs_prometheus
from tests.support.promstack import Receiver, wait_until

pytestmark = needs_prometheus
QUERY = 'pulse_signal{experiment="{id}",metric="action_rate"}'
N_QUERY = 'pulse_signal_n{experiment="{id}",metric="action_rate"}'
BASELINE = {"expected": [60, 75], "investigate_below": 50, "persistence": "for 2+ days",
            "unit": "%"}  # fmt: skip
EXPERIMENTS = {"checkout": "wide", "onboarding": "wide", "search": "moderate", "signup": "wide"}
# before checkout's drop (at 80 % of the 21 days): every series is in its band
BEFORE_DROP = "2026-02-24T00:00:00Z"
# The generated data ends at synthetic.DEFAULT_END. The window ends there explicitly: with
# `latest`, staleness is measured from the report date (today), and months-old test data
# would rightly read as stale, Low confidence.
END = "2026-03-01T00:00:00Z"


def _config(tmp_path: Path, *, prom_url: str | None, csv: Path | None = None,
            sinks: list[dict[str, Any]] | None = None) -> Path:  # fmt: skip
    portfolio = []
    for exp, scope in EXPERIMENTS.items():
        if prom_url:
            ref: Any = {"source": "prom", "query": QUERY}
            if exp == "signup":
                ref["n_query"] = N_QUERY
        else:
            ref = "action_rate"
        portfolio.append(
            {"id": exp, "name": exp.capitalize(), "scope": scope,
             "metrics": {"Action rate": ref}, "baselines": {"Action rate": BASELINE}}
        )  # fmt: skip
    raw: dict[str, Any] = {
        "output_folder": str(tmp_path / "out"),
        "reports_folder": str(tmp_path / "reports"),
        "state_dir": str(tmp_path / "state"),
        "checkpoint": {"backend": "sqlite", "path": str(tmp_path / "state" / "cp.sqlite")},
        "window": {"lookback": "21d", "end": END},
        "portfolio": portfolio,
        "alerting": {"sinks": sinks or [], "resend_s": 3600},
    }
    if prom_url:
        raw["sources"] = {"prom": {"type": "prometheus", "url": prom_url, "timeout_s": 10,
                                   "max_retries": 1}}  # fmt: skip
    else:
        raw["signals"] = str(csv)
    path = tmp_path / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_prometheus_and_csv_give_the_same_facts(prom: PromServer, tmp_path: Path) -> None:
    csv = synthetic.write_signals(synthetic.to_long_table(prom.series), tmp_path / "s.csv")
    from_prom = run_pass(load_config(_config(tmp_path / "prom", prom_url=prom.url))).report
    from_csv = run_pass(load_config(_config(tmp_path / "csv", prom_url=None, csv=csv))).report

    def facts(r: Any) -> list[tuple[Any, ...]]:
        return [
            (e.id, e.priority, e.severity, e.trajectory, e.confidence,
             [(m.breach, round(m.observed or 0, 6), m.points, m.samples) for m in e.metrics])
            for e in r.experiments
        ]  # fmt: skip

    assert facts(from_prom) == facts(from_csv)
    assert from_prom.window == from_csv.window
    by_id = {e.id: e for e in from_prom.experiments}
    assert by_id["checkout"].priority == "P1" and by_id["checkout"].severity == "Critical"
    assert by_id["onboarding"].metrics[0].breach == "none"
    assert by_id["search"].metrics[0].gaps >= 1


def _firing(bodies: list[dict[str, Any]], status: str = "firing") -> list[dict[str, Any]]:
    return [a for b in bodies for a in b["alerts"] if a["status"] == status]


@needs_alertmanager
def test_alertmanager_gets_the_p1_once_then_its_resolution(
    prom: PromServer, am: tuple[str, Receiver], tmp_path: Path
) -> None:
    am_url, hook = am
    cfg = load_config(_config(tmp_path, prom_url=prom.url,
                              sinks=[{"type": "alertmanager", "url": am_url}]))  # fmt: skip
    daemon = Daemon(cfg, build_sources(cfg), interval=3600, port=0)
    try:
        assert daemon.one_pass()
        hook.wait_for(lambda b: len(_firing(b)) >= 1, timeout=20)
        [alert] = _firing(hook.bodies)
        assert alert["labels"] == {
            "alertname": "PulseSignalBreach", "experiment": "checkout", "metric": "action_rate",
            "severity": "critical", "priority": "P1", "kind": "service",
        }  # fmt: skip
        assert set(alert["annotations"]) == {"summary", "description", "current", "target"}
        assert alert["annotations"]["target"] == "60-75%"

        # a second pass over the same data: Alertmanager hears nothing new
        n = len(hook.bodies)
        assert daemon.one_pass()
        with pytest.raises(TimeoutError):
            hook.wait_for(lambda b: len(b) > n, timeout=2.5)

        # the breach clears (window before the drop): resolved, once
        cfg.window.end = BEFORE_DROP
        assert daemon.one_pass()
        hook.wait_for(lambda b: len(_firing(b, "resolved")) >= 1, timeout=20)
        [resolved] = _firing(hook.bodies, "resolved")
        assert resolved["labels"] == alert["labels"]
        assert daemon.one_pass()
        with pytest.raises(TimeoutError):
            hook.wait_for(lambda b: len(_firing(b, "resolved")) > 1, timeout=2.5)
    finally:
        daemon.close()


@needs_alertmanager
def test_an_escalation_replaces_the_warning_in_alertmanager(
    prom: PromServer, am: tuple[str, Receiver], tmp_path: Path
) -> None:
    am_url, hook = am
    cfg = load_config(_config(tmp_path, prom_url=prom.url,
                              sinks=[{"type": "alertmanager", "url": am_url}]))  # fmt: skip
    drop = next(s for s in prom.series if s.key.experiment == "checkout")
    start_of_drop = float(drop.ts[int(len(drop.ts) * 0.8)])
    # one day into the drop the threshold breach is not yet held for 2+ days: a warning
    cfg.window.end = datetime.fromtimestamp(start_of_drop + 24 * 3600, UTC).isoformat()
    assert process_alerts(cfg, run_pass(cfg)).ok
    hook.wait_for(lambda b: len(_firing(b)) >= 1, timeout=20)
    [warning] = _firing(hook.bodies)
    assert (warning["labels"]["severity"], warning["labels"]["priority"]) == ("warning", "P2")

    cfg.window.end = END  # 2.5 days into the drop: critical, P1
    assert process_alerts(cfg, run_pass(cfg)).ok
    hook.wait_for(lambda b: len(_firing(b, "resolved")) >= 1 and len(_firing(b)) >= 2, 20)
    [resolved] = _firing(hook.bodies, "resolved")
    assert resolved["labels"] == warning["labels"]
    critical = [a for a in _firing(hook.bodies) if a["labels"]["severity"] == "critical"]
    assert [a["labels"]["priority"] for a in critical] == ["P1"]


def _get(url: str) -> httpx.Response:
    return httpx.get(url, timeout=5)


def _metric(text: str, name: str) -> float:
    m = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    assert m, f"{name} not in /metrics"
    return float(m.group(1))


@pytest.fixture
def running(own_prom: PromServer, tmp_path: Path) -> Iterator[tuple[Daemon, PromServer]]:
    cfg: PulseConfig = load_config(_config(tmp_path, prom_url=own_prom.url))
    daemon = Daemon(cfg, build_sources(cfg), interval=1.0, port=0)
    daemon.serve()
    loop = threading.Thread(target=daemon.run, daemon=True)
    loop.start()
    yield daemon, own_prom
    daemon.stop()
    loop.join(timeout=60)
    daemon.close()


def test_prometheus_down_mid_daemon_then_back(running: tuple[Daemon, PromServer]) -> None:
    daemon, prom = running
    base = f"http://127.0.0.1:{daemon.port}"
    wait_until(lambda: _get(f"{base}/health").status_code == 200, 120, "first pass")
    metrics = _get(f"{base}/metrics").text
    assert _metric(metrics, 'pulse_experiment_priority{experiment="checkout"}') == 1
    assert (
        _metric(metrics, 'pulse_metric_severity{experiment="checkout",metric="action_rate"}') == 2
    )
    assert (
        _metric(metrics, 'pulse_metric_divergence{experiment="checkout",metric="action_rate"}')
        > 0.2
    )
    assert _metric(metrics, 'pulse_source_up{source="prom"}') == 1
    assert _metric(metrics, "pulse_last_success_timestamp_seconds") > 0

    prom.process.stop()
    failing: list[httpx.Response] = []

    def failed() -> bool:
        r = _get(f"{base}/health")
        failing[:] = [r]
        return r.json()["status"] == "failing"

    wait_until(failed, 60, "failure on /health")
    assert failing[0].status_code == 503
    body = failing[0].json()
    assert "unreachable" in body["last_pass"]["error"]
    assert body["sources"]["prom"]["reachable"] is False
    metrics = _get(f"{base}/metrics").text
    assert _metric(metrics, 'pulse_pass_failures_total{reason="source"}') >= 1
    assert _metric(metrics, 'pulse_source_up{source="prom"}') == 0

    prom.process.start()
    wait_until(lambda: _get(f"{base}/health").json()["status"] == "ok", 120, "recovery")
    body = _get(f"{base}/health").json()
    assert body["sources"]["prom"]["reachable"] is True
    assert body["last_pass"]["outcome"] == "success" and body["last_pass"]["error"] is None


def test_watch_finishes_the_pass_in_flight_on_sigterm_and_exits_0(
    prom: PromServer, tmp_path: Path
) -> None:
    cfg = _config(tmp_path, prom_url=prom.url)
    log = tmp_path / "watch.log"
    with log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "vortex_pulse.pulse.cli", "watch", str(cfg),
             "--interval", "3600", "--port", "0"],
            stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
    try:
        # the first pass starts right after this line: the signal lands while it runs
        wait_until(lambda: "serving http://127.0.0.1:" in log.read_text(), 60, "serving")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=120) == 0
        text = log.read_text()
        assert text.index("SIGTERM: finishing the pass in flight") < text.index("pass ok")
        assert "stopped after 1 passes" in text
        assert list((tmp_path / "out" / "vortex-artifacts").glob("hc5-portfolio-report-*.md"))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
