"""End to end: the real `pulse` command on the example portfolio, as a newcomer runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from vortex_pulse.contracts.hc5_parse import parse_hc5
from vortex_pulse.contracts.hc5_validate import validate_hc5
from vortex_pulse.report.model import PortfolioReport

from tests.support.example import REPO, example_config

DATE = "2026-11-23"
PULSE = Path(sys.executable).with_name("pulse")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("e2e")
    cfg = example_config(tmp)
    proc = subprocess.run(
        [str(PULSE), "run", str(cfg), "--date", DATE],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp,
    )
    assert proc.returncode == 0, proc.stderr
    assert "P1: 4 PM Dinner Suggestions" in proc.stdout
    return tmp


def test_the_hc5_validates_and_shows_every_priority(outputs: Path) -> None:
    text = (outputs / "out" / "vortex-artifacts" / f"hc5-portfolio-report-{DATE}.md").read_text()
    assert validate_hc5(text).compliant == "Yes"
    report = parse_hc5(text)
    assert {r.priority for r in report.portfolio_signal_summary} == {"P1", "P2", "P3"}
    assert report.portfolio_signal_summary[0].priority == "P1"
    assert any(r.anomaly == "Yes" for r in report.portfolio_signal_summary)
    assert any(c.agent == "Isla" and c.contract == "HC10" for c in report.compass)
    # the related pair breaks together: a cross-experiment pattern names both
    assert any(
        "4 PM Dinner Suggestions" in p and "Weekly Meal Planner" in p
        for p in report.portfolio_patterns
    )


def test_the_json_report_matches_its_schema_and_names_the_artifacts(outputs: Path) -> None:
    data = json.loads((outputs / "reports" / f"portfolio-report-{DATE}.json").read_text())
    report = PortfolioReport.model_validate(data)
    by_id = {e.id: e for e in report.experiments}
    assert by_id["dinner-suggestions"].priority == "P1"
    assert by_id["api-gateway"].hc4.path is None
    onboarding = by_id["onboarding-nudges"].metrics[0]
    assert onboarding.rescaled == 100.0  # fractions in the data, percent in the HC4
    latency = by_id["checkout-latency"].metrics[0]
    assert latency.baseline is not None and latency.baseline.higher_is_better is False
    assert latency.direction == "Negative"  # latency went up: worse
    for key in ("hc5", "json", "html", "brief"):
        assert Path(report.artifacts[key]).is_file()


def test_isla_gets_an_hc10_and_max_a_draft_brief(outputs: Path) -> None:
    art = outputs / "out" / "vortex-artifacts"
    hc10 = sorted(art.glob("hc10-*.md"))
    assert any("dinner-suggestions" in p.name for p in hc10)
    brief = (art / f"max-evidence-brief-{DATE}.md").read_text()
    assert "DRAFT" in brief
    assert "CHANGE" in brief and "UNCLEAR" in brief and "STAY" in brief


def test_the_root_config_is_runnable_as_it_is() -> None:
    from vortex_pulse.core.config import load_config

    cfg = load_config(REPO / "config.yaml")
    assert cfg.llm.model == "offline" and cfg.window.end == "latest"
    assert cfg.signals is not None and cfg.signals.is_file()
    assert all(e.hc4 is None or e.hc4.is_file() for e in cfg.portfolio)
