"""`pulse watch`: a monitoring pass every interval, alerts, /metrics and /health.

Passes run one after another on the calling thread, so they never overlap; the next pass
starts `interval` seconds after the previous one started, or at once when a pass took
longer. SIGTERM / SIGINT let the pass in flight finish (its steps are checkpointed) for at
most `grace` seconds, then interrupt it, and the daemon exits 0; a second signal interrupts
at once (the next start resumes from the checkpoint when its inputs are unchanged). Every
outbound request has a total deadline, so a pass normally ends well within the grace; a
watchdog ends the process with exit 1 if even the interruption hangs. A failed pass (a
vanished or unreadable source included) is counted, logged and shown on /health (503); the
loop goes on.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from datetime import date as Date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from vortex_pulse.core.config import FileSourceConfig, PulseConfig
from vortex_pulse.core.errors import ContractError, PulseError
from vortex_pulse.core.files import check_regular
from vortex_pulse.core.redact import redact
from vortex_pulse.pulse.alerts import AlertOutcome, process_alerts
from vortex_pulse.pulse.health import Health, SourceStatus
from vortex_pulse.pulse.metrics import PulseMetrics
from vortex_pulse.pulse.pipeline import RunResult, run_pass
from vortex_pulse.signals.series import Source, SourceError

log = logging.getLogger(__name__)

PassFn = Callable[[PulseConfig, Mapping[str, Source], Date], RunResult]
DEFAULT_GRACE_S = 10.0
WATCHDOG_EXTRA_S = 3.0  # after the grace: time the interrupted pass gets to unwind
# A pass that ignored even the interruption is a fault (a hung driver, a bug), not a clean
# stop: a supervisor must be able to tell the two apart, so not 0 (README "Exit codes": 1).
WATCHDOG_EXIT = 1


class GraceExpired(KeyboardInterrupt):
    """The pass in flight did not finish within the grace period after SIGTERM."""


def _default_pass(cfg: PulseConfig, sources: Mapping[str, Source], day: Date) -> RunResult:
    return run_pass(cfg, date=day, sources=sources)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SourceError):
        return "source"
    if isinstance(exc, ContractError):
        return "contract"
    return "input" if isinstance(exc, PulseError) else "internal"


class Daemon:
    def __init__(
        self,
        cfg: PulseConfig,
        sources: Mapping[str, Source],
        *,
        interval: float,
        host: str = "127.0.0.1",
        port: int = 9108,
        max_passes: int | None = None,
        run: PassFn = _default_pass,
        grace: float = DEFAULT_GRACE_S,
    ) -> None:
        self.cfg = cfg
        self.grace = grace
        self.sources = sources
        self.interval = interval
        self.max_passes = max_passes
        self._run = run
        self.metrics = PulseMetrics()
        self.health = Health(interval_s=interval)
        self._stop = threading.Event()
        self._exited = threading.Event()
        self._in_pass = False
        self._signals = 0
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self._thread: threading.Thread | None = None

    # -- HTTP -------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        daemon = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = self.path.split("?", 1)[0]
                if path == "/metrics":
                    self._send(200, CONTENT_TYPE_LATEST, daemon.metrics.render())
                elif path == "/health":
                    code, body = daemon.health.snapshot(datetime.now(UTC))
                    self._send(code, "application/json", json.dumps(body).encode())
                else:
                    self._send(404, "text/plain; charset=utf-8", b"see /metrics and /health\n")

            def _send(self, code: int, ctype: str, body: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, fmt: str, *args: Any) -> None:
                log.debug("http: " + fmt, *args)

        return Handler

    def serve(self) -> None:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="pulse-http", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        if self._thread is not None:  # shutdown() waits for serve_forever: only when serving
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()
        for src in self.sources.values():
            close = getattr(src, "close", None)
            if callable(close):
                close()

    # -- passes -----------------------------------------------------------------------

    def stop(self) -> None:
        self._stop.set()

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self._signals += 1
        if self._signals > 1:
            raise KeyboardInterrupt  # a second signal: stop now, the checkpoint keeps the pass
        log.info(
            "%s: finishing the pass in flight (at most %gs), then exiting",
            signal.Signals(signum).name, self.grace,
        )  # fmt: skip
        self._stop.set()
        if self._in_pass:
            self._arm_grace()

    def _arm_grace(self) -> None:
        """Interrupt the main thread after the grace period (SIGALRM raises GraceExpired
        there, even inside a blocking read), and end the process if even that hangs."""
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGALRM, self._on_alarm)
            signal.setitimer(signal.ITIMER_REAL, max(self.grace, 0.01))

        def watchdog() -> None:
            if not self._exited.wait(self.grace + WATCHDOG_EXTRA_S):
                log.error("pass did not stop within the grace period; exiting now (exit 1)")
                logging.shutdown()
                os._exit(WATCHDOG_EXIT)

        threading.Thread(target=watchdog, name="pulse-watchdog", daemon=True).start()

    def _on_alarm(self, _signum: int, _frame: FrameType | None) -> None:
        if self._in_pass:
            raise GraceExpired

    def check_sources(self) -> None:
        out: dict[str, SourceStatus] = {}
        for name, sc in self.cfg.all_sources().items():
            if isinstance(sc, FileSourceConfig):
                try:
                    check_regular(sc.path, "signals")
                    out[name] = SourceStatus(True, "file present")
                except OSError as exc:
                    missing = not sc.path.exists()
                    out[name] = SourceStatus(False, "file missing" if missing else str(exc))
                continue
            ready = getattr(self.sources.get(name), "ready", None)
            ok, detail = ready() if callable(ready) else (True, "no check")
            out[name] = SourceStatus(bool(ok), str(detail))
        for name, st in out.items():
            self.metrics.source_up.labels(name).set(1 if st.reachable else 0)
        self.health.set_sources(out)

    def one_pass(self) -> bool:
        """Run one pass and its alerts; record the outcome. True when it succeeded."""
        started = datetime.now(UTC)
        t0 = time.monotonic()
        self.health.begin(started)
        error: str | None = None
        result: RunResult | None = None
        outcome: AlertOutcome | None = None
        try:
            result = self._run(self.cfg, self.sources, started.date())
            if self.cfg.alerting.sinks:
                outcome = process_alerts(self.cfg, result)
        except (PulseError, SourceError) as exc:
            error = redact(str(exc))
            self.metrics.failures.labels(_reason(exc)).inc()
            log.error("pass failed: %s", error)
        except Exception as exc:  # the daemon outlives a bug in one pass
            error = f"internal error: {type(exc).__name__}"
            self.metrics.failures.labels("internal").inc()
            log.exception("pass failed with an internal error")
        finally:
            self.metrics.passes.inc()
            self.metrics.pass_duration.observe(time.monotonic() - t0)
        finished = datetime.now(UTC)
        sinks: dict[str, str | None] = {}
        if result is not None:
            self.metrics.observe_report(result.report)
            self.metrics.last_success.set(finished.timestamp())
            if outcome is not None:
                for s in outcome.sinks:
                    sinks[s.sink] = s.error
                    if s.error:
                        self.metrics.sink_failures.labels(s.sink).inc()
                for sev in ("critical", "warning"):
                    n = sum(a.severity == sev for a in outcome.alerts)
                    self.metrics.alerts.labels(sev).set(n)
            log.info(
                "pass ok in %.1fs: %d experiments, P1: %s; %s",
                time.monotonic() - t0, len(result.report.experiments),
                ", ".join(result.p1) or "none", result.hc5_path,
            )  # fmt: skip
        # Sources first: /health must never show a pass's outcome beside the sources' state
        # from before it (a failed pass with its source still "reachable").
        self.check_sources()
        self.health.finish(
            finished, error=error, hc5=str(result.hc5_path) if result else None, sinks=sinks
        )
        return error is None

    def run(self) -> int:
        """Loop until stopped (signal, stop(), or max_passes). Returns the exit code, 0."""
        in_main = threading.current_thread() is threading.main_thread()
        previous: dict[signal.Signals, Any] = {}
        if in_main:
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM):
                previous[sig] = signal.getsignal(sig)
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, self._on_signal)
        done = 0
        try:
            while not self._stop.is_set():
                t0 = time.monotonic()
                self._in_pass = True
                try:
                    self.one_pass()
                finally:
                    self._in_pass = False
                done += 1
                if self.max_passes is not None and done >= self.max_passes:
                    break
                self._stop.wait(max(0.0, self.interval - (time.monotonic() - t0)))
        except GraceExpired:
            log.warning("grace period of %gs over: the pass in flight was interrupted", self.grace)
        finally:
            self._exited.set()
            if in_main:
                signal.setitimer(signal.ITIMER_REAL, 0)
                for signum, handler in previous.items():
                    signal.signal(signum, handler)
        log.info("stopped after %d passes", done)
        return 0
