"""`process_alerts`: derive this pass's alerts, diff them against the state, deliver."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from vortex_pulse.core.config import PulseConfig
from vortex_pulse.pulse.alerts.derive import derive_alerts
from vortex_pulse.pulse.alerts.model import Alert
from vortex_pulse.pulse.alerts.sinks import Sink, SinkError, build_sinks
from vortex_pulse.pulse.alerts.state import AlertState, plan
from vortex_pulse.pulse.pipeline import RunResult

log = logging.getLogger(__name__)
STATE_FILE = "alerts.sqlite"


@dataclass(slots=True)
class SinkOutcome:
    sink: str
    firing: int = 0  # new or changed alerts announced
    resent: int = 0  # Alertmanager re-sends of known alerts
    resolved: int = 0
    error: str | None = None


@dataclass(slots=True)
class AlertOutcome:
    alerts: list[Alert] = field(default_factory=list)
    sinks: list[SinkOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(s.error is None for s in self.sinks)

    def lines(self) -> list[str]:
        """What `pulse run` prints: one line per sink."""
        out = []
        for s in self.sinks:
            if s.error:
                out.append(f"alerts: failed: {s.error}")  # the error names the sink
            else:
                out.append(
                    f"alerts: {s.sink}: {s.firing} new, {s.resent} re-sent, {s.resolved} resolved"
                )
        return out


def state_path(cfg: PulseConfig) -> Path:
    return cfg.state_dir / STATE_FILE


def process_alerts(
    cfg: PulseConfig,
    result: RunResult,
    *,
    now: datetime | None = None,
    sinks: list[Sink] | None = None,
) -> AlertOutcome:
    """Deliver new, changed, re-sent and resolved alerts to every configured sink.

    A sink that fails is logged and reported in the outcome; its state is left as it was so
    the next pass retries. Raises ConfigError only for a sink config that cannot work at all.
    """
    now = now or datetime.now(UTC)
    sinks = build_sinks(cfg.alerting) if sinks is None else sinks
    alerts = derive_alerts(result.report, result.hc5_path)
    outcome = AlertOutcome(alerts=alerts)
    if not sinks:
        return outcome
    state = AlertState(state_path(cfg))
    for sink in sinks:
        wanted = [a for a in alerts if a.at_or_above(sink.min_priority)]
        p = plan(wanted, state.firing(sink.key), now, resend_s=sink.resend_s)
        res = SinkOutcome(sink.name)
        outcome.sinks.append(res)
        try:
            sink.send(p.events, p.replaced, now)
        except SinkError as exc:
            res.error = str(exc)
            log.warning("alert sink %s failed: %s", sink.name, exc)
            continue
        except Exception as exc:  # a sink bug must not take the pass down with it
            res.error = f"{sink.name}: {type(exc).__name__}"
            log.exception("alert sink %s crashed", sink.name)
            continue
        state.record(sink.key, p.events, now)
        for ev in p.events:
            if ev.status == "resolved":
                res.resolved += 1
            elif ev.new:
                res.firing += 1
            else:
                res.resent += 1
        if p.events:
            log.info(
                "alert sink %s: %d firing, %d re-sent, %d resolved",
                sink.name, res.firing, res.resent, res.resolved,
            )  # fmt: skip
    return outcome
