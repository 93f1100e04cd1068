"""The daemon's loop, /health and /metrics with the pass itself swapped out."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from vortex_pulse.core.config import config_from_dict
from vortex_pulse.core.errors import InputError
from vortex_pulse.pulse.daemon import Daemon
from vortex_pulse.pulse.health import Health
from vortex_pulse.pulse.pipeline import RunResult
from vortex_pulse.signals.series import SourceError

from tests.support.alerts import experiment, report

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_health_states() -> None:
    h = Health(interval_s=300)
    assert h.snapshot(T0)[0] == 503
    assert h.snapshot(T0)[1]["status"] == "starting"
    h.begin(T0)
    h.finish(T0 + timedelta(seconds=5), error=None, hc5="/out/hc5.md")
    assert h.snapshot(T0 + timedelta(seconds=605))[0] == 200  # exactly 2 intervals: still ok
    code, body = h.snapshot(T0 + timedelta(seconds=606))
    assert (code, body["status"]) == (503, "stale")
    h.begin(T0 + timedelta(seconds=700))
    h.finish(T0 + timedelta(seconds=701), error="prometheus source 'prom' unreachable")
    code, body = h.snapshot(T0 + timedelta(seconds=702))
    assert (code, body["status"]) == (503, "failing")
    assert body["last_pass"]["error"] == "prometheus source 'prom' unreachable"
    assert body["last_success"] == "2026-03-01T12:00:05Z"
    assert body["passes"] == 2


class Script:
    """Pass outcomes in order; records when each pass ran to prove they never overlap."""

    def __init__(self, *outcomes: Exception | None, hold: float = 0.0) -> None:
        self.outcomes = list(outcomes)
        self.hold = hold
        self.spans: list[tuple[float, float]] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()

    def __call__(self, cfg: Any, sources: Any, day: Any) -> RunResult:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        t0 = time.monotonic()
        time.sleep(self.hold)
        outcome = self.outcomes.pop(0) if self.outcomes else None
        with self._lock:
            self.active -= 1
            self.spans.append((t0, time.monotonic()))
        if outcome is not None:
            raise outcome
        return RunResult(report(experiment("checkout")), Path("/out/hc5.md"), Path("/o.json"))


def _daemon(tmp_path: Path, script: Script, interval: float, **kw: Any) -> Daemon:
    cfg = config_from_dict({"state_dir": str(tmp_path)}, None)
    return Daemon(cfg, {}, interval=interval, port=0, run=script, **kw)


def test_failures_are_counted_and_the_loop_goes_on(tmp_path: Path) -> None:
    script = Script(None, SourceError("prometheus source 'prom' unreachable"),
                    InputError("hc4.md: unreadable"), RuntimeError("bug"), None)  # fmt: skip
    d = _daemon(tmp_path, script, interval=0.01, max_passes=5)
    d.serve()
    try:
        assert d.run() == 0
        text = httpx.get(f"http://127.0.0.1:{d.port}/metrics").text
        health = httpx.get(f"http://127.0.0.1:{d.port}/health")
        assert httpx.get(f"http://127.0.0.1:{d.port}/nope").status_code == 404
    finally:
        d.close()
    assert "pulse_passes_total 5.0" in text
    for reason in ("source", "input", "internal"):
        assert f'pulse_pass_failures_total{{reason="{reason}"}} 1.0' in text
    assert 'pulse_pass_failures_total{reason="contract"} 0.0' in text
    assert "pulse_pass_duration_seconds_count 5.0" in text
    assert 'pulse_experiment_priority{experiment="checkout"} 1.0' in text
    body = health.json()
    assert body["passes"] == 5 and body["last_pass"]["outcome"] == "success"
    # read after the loop ended, more than 2 x 10 ms after the last pass: stale
    assert (health.status_code, body["status"]) == (503, "stale")


def test_passes_never_overlap_and_keep_the_interval(tmp_path: Path) -> None:
    script = Script(hold=0.15)
    d = _daemon(tmp_path, script, interval=0.1, max_passes=3)  # passes longer than interval
    try:
        d.run()
    finally:
        d.close()
    assert script.max_active == 1
    starts = [s for s, _ in script.spans]
    ends = [e for _, e in script.spans]
    assert all(starts[i + 1] >= ends[i] for i in range(2))
    # a pass that overran its interval is followed at once, not after another interval
    assert all(starts[i + 1] - ends[i] < 0.08 for i in range(2))


def test_stop_finishes_the_pass_in_flight(tmp_path: Path) -> None:
    script = Script(hold=0.3)
    d = _daemon(tmp_path, script, interval=60)
    loop = threading.Thread(target=d.run)
    loop.start()
    time.sleep(0.1)  # the first pass is in flight
    d.stop()
    loop.join(timeout=5)
    d.close()
    assert not loop.is_alive()
    assert len(script.spans) == 1 and script.spans[0][1] - script.spans[0][0] >= 0.3


_STUBBORN = """
import sys, time
from vortex_pulse.core.config import config_from_dict
from vortex_pulse.pulse.daemon import Daemon

def stubborn(cfg, sources, day):
    print("in pass", flush=True)
    while True:
        try:
            time.sleep(30)
        except KeyboardInterrupt:  # a driver that swallows the interruption
            pass

cfg = config_from_dict({"state_dir": sys.argv[1]}, None)
sys.exit(Daemon(cfg, {}, interval=60, port=0, run=stubborn, grace=0.2).run())
"""


def test_a_pass_that_ignores_the_interruption_ends_with_exit_1(tmp_path: Path) -> None:
    """SIGTERM, grace over, the pass swallows the interruption: the watchdog ends the
    process, and not with 0, which a supervisor would read as a clean stop."""
    import signal
    import subprocess
    import sys

    from vortex_pulse.pulse.daemon import WATCHDOG_EXTRA_S

    proc = subprocess.Popen(
        [sys.executable, "-c", _STUBBORN, str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "in pass"
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=WATCHDOG_EXTRA_S + 10)
    finally:
        proc.kill()
    assert code == 1
    assert time.monotonic() - t0 >= 0.2 + WATCHDOG_EXTRA_S - 0.5  # the grace and the unwind
    assert "did not stop within the grace period" in (proc.stderr.read() if proc.stderr else "")
