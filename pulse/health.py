"""What /health reports: the last pass, its outcome, and whether each source answers."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

STALE_INTERVALS = 2  # unhealthy when the last finished pass is older than this many intervals


@dataclass
class SourceStatus:
    reachable: bool
    detail: str


@dataclass
class Health:
    interval_s: float
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    passes: int = 0
    in_flight: bool = False
    last_started: datetime | None = None
    last_finished: datetime | None = None
    last_outcome: str | None = None  # success | failure
    last_error: str | None = None
    last_success: datetime | None = None
    last_hc5: str | None = None
    sinks: dict[str, str | None] = field(default_factory=dict)  # sink -> last error
    sources: dict[str, SourceStatus] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def begin(self, now: datetime) -> None:
        with self._lock:
            self.in_flight = True
            self.last_started = now

    def finish(
        self, now: datetime, *, error: str | None, hc5: str | None = None,
        sinks: dict[str, str | None] | None = None,
    ) -> None:  # fmt: skip
        with self._lock:
            self.in_flight = False
            self.passes += 1
            self.last_finished = now
            self.last_outcome = "failure" if error else "success"
            self.last_error = error
            if error is None:
                self.last_success = now
                self.last_hc5 = hc5
                self.sinks = dict(sinks or {})

    def set_sources(self, sources: dict[str, SourceStatus]) -> None:
        with self._lock:
            self.sources = dict(sources)

    def snapshot(self, now: datetime) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body): 503 unless the last pass succeeded recently enough."""
        with self._lock:
            if self.last_finished is None:
                status = "starting"
            elif self.last_outcome == "failure":
                status = "failing"
            elif (now - self.last_finished).total_seconds() > STALE_INTERVALS * self.interval_s:
                status = "stale"
            else:
                status = "ok"
            body = {
                "status": status,
                "interval_s": self.interval_s,
                "passes": self.passes,
                "pass_in_flight": self.in_flight,
                "last_pass": {
                    "started": _iso(self.last_started),
                    "finished": _iso(self.last_finished),
                    "outcome": self.last_outcome,
                    "error": self.last_error,
                    "hc5": self.last_hc5,
                },
                "last_success": _iso(self.last_success),
                "alert_sinks": {k: {"ok": v is None, "error": v} for k, v in self.sinks.items()},
                "sources": {
                    k: {"reachable": v.reachable, "detail": v.detail}
                    for k, v in self.sources.items()
                },
            }
        return (200 if status == "ok" else 503), body


def _iso(t: datetime | None) -> str | None:
    return t.isoformat().replace("+00:00", "Z") if t else None
