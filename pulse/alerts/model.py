"""The alert a breach becomes, and the events a sink is asked to deliver."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

from vortex_pulse.report.wording import with_unit
from vortex_pulse.signals.facts import PRIORITY_ORDER

ALERTNAME = "PulseSignalBreach"
GENERATOR = "vortex-pulse"


@dataclass(frozen=True, slots=True)
class Alert:
    """One metric of one experiment (or service) breaching its baseline."""

    experiment: str  # the experiment or service id
    name: str  # display name
    kind: Literal["experiment", "service"]
    metric: str  # as written in the HC4 / config
    series: str
    severity: Literal["critical", "warning"]
    priority: Literal["P1", "P2", "P3"]
    current: float | None
    unit: str | None
    target: str  # the expected band, as text ("60-75 %")
    threshold: str  # the investigate threshold, as text ("< 50 % for 2+ days")
    hc5_path: str
    report_date: str

    @property
    def fingerprint(self) -> str:
        """Stable identity of the breach: the same experiment x series across runs."""
        raw = f"{self.experiment}\x00{self.series}".encode()
        return hashlib.sha256(raw).hexdigest()[:16]

    @property
    def labels(self) -> dict[str, str]:
        """Alertmanager's identity of the alert; a severity or priority change is a new one."""
        return {
            "alertname": ALERTNAME,
            "experiment": self.experiment,
            "metric": self.series,
            "severity": self.severity,
            "priority": self.priority,
            "kind": self.kind,
        }

    @property
    def current_text(self) -> str:
        if self.current is None:
            return "no data"
        return with_unit(self.current, self.unit)  # the HC5's digits

    @property
    def summary(self) -> str:
        return (
            f"{self.name}: {self.metric} at {self.current_text} is a {self.severity} breach"
            f" ({self.priority})"
        )

    @property
    def description(self) -> str:
        facts = [f"current {self.current_text}", f"expected {self.target or 'n/a'}"]
        if self.threshold:
            facts.append(f"investigate {self.threshold}")
        return (
            f"{self.kind.capitalize()} {self.experiment!r}, metric {self.metric!r}: "
            f"{', '.join(facts)}; report {self.hc5_path}"
        )

    def at_or_above(self, min_priority: str) -> bool:
        return PRIORITY_ORDER[self.priority] <= PRIORITY_ORDER[min_priority]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "fingerprint": self.fingerprint}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Alert:
        fields = {k: v for k, v in raw.items() if k != "fingerprint"}
        return cls(**fields)


@dataclass(frozen=True, slots=True)
class Event:
    """What a sink delivers: a firing (new, changed or re-sent) or a resolved alert."""

    status: Literal["firing", "resolved"]
    alert: Alert
    starts_at: datetime
    ends_at: datetime | None = None  # set on resolution
    new: bool = True  # False for Alertmanager's periodic re-send of a known alert
