"""Report builders for the alert and daemon unit tests (imported by the test modules)."""

from __future__ import annotations

from vortex_pulse.report.model import (
    HC4Ref,
    PortfolioReport,
    PortfolioSummary,
    ReportExperiment,
    Window,
)
from vortex_pulse.signals.facts import MetricFacts

from tests.support.baselines import RATE


def experiment(
    exp_id: str,
    *,
    priority: str = "P1",
    breach: str = "critical",
    observed: float = 42.0,
    hc4: bool = True,
) -> ReportExperiment:
    metric = MetricFacts(
        name="Action rate", series="action_rate", baseline=RATE, observed=observed, breach=breach
    )
    return ReportExperiment.model_validate(
        {
            "id": exp_id,
            "name": exp_id.capitalize(),
            "priority": priority,
            "severity": {"critical": "Critical", "warning": "Warning"}.get(breach, "Informational"),
            "metrics": [metric],
            "hc4": HC4Ref(path=f"/data/hc4-{exp_id}.md" if hc4 else None),
        }
    )


def report(*experiments: ReportExperiment) -> PortfolioReport:
    return PortfolioReport(
        created="2026-03-01T00:00:00Z",
        date="2026-03-01",
        window=Window(start="2026-02-08T00:00:00Z", end="2026-03-01T00:00:00Z"),
        portfolio=PortfolioSummary(severity="Critical", confidence="High", summary="s"),
        experiments=list(experiments),
    )
