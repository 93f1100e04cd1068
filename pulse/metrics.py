"""The daemon's Prometheus metrics, in its own registry (no process-global state)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from vortex_pulse.report.model import PortfolioReport

SEVERITY_VALUE = {"Informational": 0, "Warning": 1, "Critical": 2}
PRIORITY_VALUE = {"P1": 1, "P2": 2, "P3": 3}
BREACH_VALUE = {"none": 0, "warning": 1, "critical": 2}


class PulseMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        em = ["experiment", "metric"]
        self.divergence = Gauge(
            "pulse_metric_divergence",
            "Relative distance of the metric from its expected band (0 inside it)",
            em, registry=r,
        )  # fmt: skip
        self.metric_severity = Gauge(
            "pulse_metric_severity", "Breach of the metric: 0 none, 1 warning, 2 critical",
            em, registry=r,
        )  # fmt: skip
        self.severity = Gauge(
            "pulse_experiment_severity",
            "Experiment severity: 0 Informational, 1 Warning, 2 Critical",
            ["experiment"], registry=r,
        )  # fmt: skip
        self.priority = Gauge(
            "pulse_experiment_priority", "Experiment priority: 1 = P1, 2 = P2, 3 = P3",
            ["experiment"], registry=r,
        )  # fmt: skip
        self.pass_duration = Histogram(
            "pulse_pass_duration_seconds", "Duration of monitoring passes",
            buckets=(0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800), registry=r,
        )  # fmt: skip
        self.passes = Counter("pulse_passes", "Monitoring passes run", registry=r)
        self.failures = Counter(
            "pulse_pass_failures", "Monitoring passes that failed, by cause",
            ["reason"], registry=r,
        )  # fmt: skip
        self.last_success = Gauge(
            "pulse_last_success_timestamp_seconds",
            "Unix time the last successful pass finished", registry=r,
        )  # fmt: skip
        self.source_up = Gauge(
            "pulse_source_up", "Whether the signal source answered its last check",
            ["source"], registry=r,
        )  # fmt: skip
        self.alerts = Gauge(
            "pulse_alerts", "Breaches alerted on in the last pass, by severity",
            ["severity"], registry=r,
        )  # fmt: skip
        self.sink_failures = Counter(
            "pulse_alert_sink_failures", "Alert deliveries that failed, by sink",
            ["sink"], registry=r,
        )  # fmt: skip
        for reason in ("source", "input", "contract", "internal"):
            self.failures.labels(reason)  # exported as 0 before the first failure

    def observe_report(self, report: PortfolioReport) -> None:
        """Replace the per-experiment gauges: experiments gone from the portfolio disappear."""
        for g in (self.divergence, self.metric_severity, self.severity, self.priority):
            g.clear()
        for exp in report.experiments:
            self.severity.labels(exp.id).set(SEVERITY_VALUE[exp.severity])
            self.priority.labels(exp.id).set(PRIORITY_VALUE[exp.priority])
            for m in exp.metrics:
                if m.divergence is not None:
                    self.divergence.labels(exp.id, m.series).set(m.divergence)
                self.metric_severity.labels(exp.id, m.series).set(BREACH_VALUE[m.breach])

    def render(self) -> bytes:
        return generate_latest(self.registry)
