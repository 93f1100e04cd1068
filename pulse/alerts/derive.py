"""Alerts from a finished pass: every metric whose breach is not "none"."""

from __future__ import annotations

from pathlib import Path

from vortex_pulse.pulse.alerts.model import Alert
from vortex_pulse.report.model import PortfolioReport
from vortex_pulse.report.wording import band, threshold


def derive_alerts(report: PortfolioReport, hc5_path: Path | str) -> list[Alert]:
    """One alert per breaching metric, in report order (P1 first). Services are the
    portfolio entries without an HC4."""
    out: list[Alert] = []
    for exp in report.experiments:
        for m in exp.metrics:
            if m.breach == "none":
                continue
            out.append(
                Alert(
                    experiment=exp.id,
                    name=exp.name,
                    kind="experiment" if exp.hc4.path else "service",
                    metric=m.name,
                    series=m.series,
                    severity=m.breach,
                    priority=exp.priority,
                    current=m.observed,
                    unit=m.unit,  # one precedence: MetricFacts.unit (config's, else baseline's)
                    # quoted exactly as the HC5 quotes them
                    target=band(m.baseline) if m.baseline else "",
                    threshold=threshold(m.baseline) or "",
                    hc5_path=str(hc5_path),
                    report_date=report.date,
                )
            )
    return out
