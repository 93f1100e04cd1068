"""Alert state across runs and restarts: what each sink was last told, in SQLite.

The state machine, per sink and fingerprint (see docs/observability.md):

    (none) --breach--> FIRING        announce once ("new")
    FIRING --same labels--> FIRING   nothing, except Alertmanager's re-send every resend_s
    FIRING --labels changed--> FIRING  announce again (escalation); Alertmanager also gets
                                     the old label set resolved
    FIRING --breach cleared--> (none)  announce "resolved" once

A row changes only after its sink accepted the delivery, so a failed delivery is retried
by the next pass instead of being lost.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from vortex_pulse.pulse.alerts.model import Alert, Event

_SCHEMA = """
CREATE TABLE IF NOT EXISTS alert_state (
    sink TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    alert TEXT NOT NULL,
    firing_since TEXT NOT NULL,
    last_sent REAL NOT NULL,
    PRIMARY KEY (sink, fingerprint)
)
"""


@dataclass(frozen=True, slots=True)
class Firing:
    alert: Alert
    since: datetime
    last_sent: datetime


@dataclass(slots=True)
class Plan:
    events: list[Event]
    # old label sets to resolve where labels are the identity (Alertmanager); sent, not recorded
    replaced: list[Event]


def plan(
    current: Iterable[Alert],
    stored: dict[str, Firing],
    now: datetime,
    *,
    resend_s: float | None,
) -> Plan:
    """The events one sink gets this pass. `resend_s` None: the sink never gets re-sends."""
    events: list[Event] = []
    replaced: list[Event] = []
    seen: set[str] = set()
    for alert in current:
        fp = alert.fingerprint
        seen.add(fp)
        old = stored.get(fp)
        if old is None:
            events.append(Event("firing", alert, starts_at=now))
        elif old.alert.labels != alert.labels:
            events.append(Event("firing", alert, starts_at=now))
            replaced.append(Event("resolved", old.alert, starts_at=old.since, ends_at=now))
        elif resend_s is not None and (now - old.last_sent).total_seconds() >= resend_s:
            events.append(Event("firing", alert, starts_at=old.since, new=False))
    for fp, old in stored.items():
        if fp not in seen:
            events.append(Event("resolved", old.alert, starts_at=old.since, ends_at=now))
    return Plan(events, replaced)


class AlertState:
    """One SQLite file; every method is a short transaction (safe for `run` beside `watch`)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with self._conn() as c:
            c.execute(_SCHEMA)

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def firing(self, sink: str) -> dict[str, Firing]:
        with self._conn() as c:
            rows = c.execute(
                "SELECT fingerprint, alert, firing_since, last_sent FROM alert_state"
                " WHERE sink = ?",
                (sink,),
            ).fetchall()
        return {
            fp: Firing(
                Alert.from_dict(json.loads(raw)),
                datetime.fromisoformat(since),
                datetime.fromtimestamp(sent, UTC),
            )
            for fp, raw, since, sent in rows
        }

    def record(self, sink: str, delivered: Iterable[Event], now: datetime) -> None:
        """Apply delivered events: firing ones (re)start or refresh a row, resolved delete it."""
        with self._conn() as c:
            for ev in delivered:
                fp = ev.alert.fingerprint
                if ev.status == "resolved":
                    c.execute(
                        "DELETE FROM alert_state WHERE sink = ? AND fingerprint = ?", (sink, fp)
                    )
                else:
                    c.execute(
                        "INSERT INTO alert_state VALUES (?, ?, ?, ?, ?)"
                        " ON CONFLICT (sink, fingerprint) DO UPDATE SET alert = excluded.alert,"
                        " firing_since = excluded.firing_since, last_sent = excluded.last_sent",
                        (
                            sink,
                            fp,
                            json.dumps(ev.alert.to_dict(), sort_keys=True),
                            ev.starts_at.isoformat(),
                            now.timestamp(),
                        ),
                    )
