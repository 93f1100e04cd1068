"""Real Prometheus and Alertmanager processes for the integration tests, on 127.0.0.1.

Every wait is bounded; every process is stopped by its owner (the fixtures in conftest.py).
"""

from __future__ import annotations

import http.server
import json
import math
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import httpx
from vortex_pulse.signals.series import Series

PROMETHEUS = shutil.which("prometheus")
PROMTOOL = shutil.which("promtool")
ALERTMANAGER = shutil.which("prometheus-alertmanager")
METRIC = "pulse_signal"
N_METRIC = "pulse_signal_n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what} not ready after {timeout:.0f}s")


def _http_ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=0.5).status_code == 200
    except httpx.HTTPError:
        return False


def _esc(v: str) -> str:
    return v.replace("\\", "\\\\").replace('"', '\\"')


def openmetrics(series: Iterable[Series]) -> str:
    """`pulse_signal{experiment,metric[,segment]}` and, where n is given, `pulse_signal_n`."""
    items = list(series)
    lines = [f"# TYPE {METRIC} gauge"]
    n_lines = [f"# TYPE {N_METRIC} gauge"]
    for s in items:
        labels = f'experiment="{_esc(s.key.experiment)}",metric="{_esc(s.key.metric)}"'
        if s.key.segment is not None:
            labels += f',segment="{_esc(s.key.segment)}"'
        for i in range(len(s)):
            t = float(s.ts[i])
            lines.append(f"{METRIC}{{{labels}}} {float(s.values[i])!r} {t:.3f}")
            if s.n is not None and not math.isnan(float(s.n[i])):
                n_lines.append(f"{N_METRIC}{{{labels}}} {float(s.n[i])!r} {t:.3f}")
    body = lines + (n_lines if len(n_lines) > 1 else [])
    return "\n".join([*body, "# EOF", ""])


def backfill(series: Iterable[Series], data_dir: Path) -> None:
    """Write the series into a TSDB directory with promtool (one block, well under a second)."""
    assert PROMTOOL
    src = data_dir.parent / f"{data_dir.name}.om"
    src.write_text(openmetrics(series), encoding="utf-8")
    data_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [PROMTOOL, "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=1458h",
         str(src), str(data_dir)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


class Process:
    """A server binary on a fixed free port that can be stopped and started again."""

    def __init__(self, argv: list[str], ready_url: str, log: Path) -> None:
        self.argv = argv
        self.ready_url = ready_url
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> None:
        with self.log.open("ab") as fh:
            self.proc = subprocess.Popen(self.argv, stdout=fh, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: _http_ok(self.ready_url), timeout, self.argv[0])
        except TimeoutError:
            self.stop()
            raise

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self.proc = None


def prometheus(data_dir: Path, workdir: Path) -> tuple[Process, str]:
    assert PROMETHEUS
    port = free_port()
    cfg = workdir / "prometheus.yml"
    cfg.write_text("global:\n  scrape_interval: 1h\n", encoding="utf-8")
    url = f"http://127.0.0.1:{port}"
    proc = Process(
        [PROMETHEUS, f"--config.file={cfg}", f"--storage.tsdb.path={data_dir}",
         f"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=20y"],
        f"{url}/-/ready", workdir / "prometheus.log",
    )  # fmt: skip
    return proc, url


class Receiver:
    """An HTTP server that records every JSON body POSTed to it (a webhook receiver)."""

    def __init__(self, status: int = 200) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.status = status
        self._lock = threading.Lock()
        rec = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with rec._lock:
                    rec.bodies.append(json.loads(raw or b"null"))
                    rec.headers.append(dict(self.headers))
                self.send_response(rec.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def wait_for(self, pred: Callable[[list[dict[str, Any]]], bool], timeout: float) -> None:
        def check() -> bool:
            with self._lock:
                return pred(list(self.bodies))

        wait_until(check, timeout, "webhook receiver")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def alertmanager(workdir: Path, webhook_url: str) -> tuple[Process, str]:
    assert ALERTMANAGER
    port = free_port()
    cfg = workdir / "alertmanager.yml"
    cfg.write_text(
        "route:\n"
        "  receiver: hook\n"
        "  group_by: [alertname, experiment, metric]\n"
        "  group_wait: 200ms\n"
        "  group_interval: 500ms\n"
        "  repeat_interval: 1h\n"
        "receivers:\n"
        "  - name: hook\n"
        "    webhook_configs:\n"
        f"      - url: {webhook_url}\n"
        "        send_resolved: true\n",
        encoding="utf-8",
    )
    url = f"http://127.0.0.1:{port}"
    proc = Process(
        [ALERTMANAGER, f"--config.file={cfg}", f"--storage.path={workdir / 'am-data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="],
        f"{url}/-/ready", workdir / "alertmanager.log",
    )  # fmt: skip
    return proc, url
