"""Alerts from a finished pass: every metric whose breach is not "none"."""

from __future__ import annotations

from pathlib import Path

from contracts.baselines import Baseline
from contracts.report import PortfolioReport
from pulse.alerts.model import Alert


def fmt_number(x: float) -> str:
    """5.0 -> "5", 0.25 -> "0.25": thresholds as people write them."""
    return f"{x:g}"


def target_text(b: Baseline | None) -> str:
    if b is None:
        return ""
    unit = f" {b.unit}" if b.unit else ""
    lo, hi = b.expected_low, b.expected_high
    if lo is not None and hi is not None:
        return f"{fmt_number(lo)}-{fmt_number(hi)}{unit}"
    if lo is not None:
        return f">= {fmt_number(lo)}{unit}"
    if hi is not None:
        return f"<= {fmt_number(hi)}{unit}"
    return b.text_threshold or ""


def threshold_text(b: Baseline | None) -> str:
    if b is None or b.investigate_op is None or b.investigate_value is None:
        return ""
    unit = f" {b.unit}" if b.unit else ""
    held = f" {b.persistence}" if b.persistence else ""
    return f"{b.investigate_op} {fmt_number(b.investigate_value)}{unit}{held}"


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
                    unit=m.baseline.unit if m.baseline else m.unit,
                    target=target_text(m.baseline),
                    threshold=threshold_text(m.baseline),
                    hc5_path=str(hc5_path),
                    report_date=report.date,
                )
            )
    return out
