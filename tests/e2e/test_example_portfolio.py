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

DATE = "2026-11-19"
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
    # the related pair breaks together: one systemic finding on the suggestion engine,
    # routed to Noah's deep dive instead of two user-discovery HC10s
    (systemic,) = [p for p in report.portfolio_patterns if p.startswith("Systemic signal")]
    assert "4 PM Dinner Suggestions" in systemic and "Weekly Meal Planner" in systemic
    assert "suggestion engine" in systemic and "in the same hour" in systemic
    assert not any(p.startswith("Correlated divergence") for p in report.portfolio_patterns)
    assert [c.agent for c in report.compass] == ["Max", "Noah"]
    # the story, one spelling per value
    rows = {r.experiment: r for r in report.portfolio_signal_summary}
    dinner = rows["4 PM Dinner Suggestions"].divergence
    assert dinner == "Action rate 41.5% vs expected 60-75%: 18.5 points below the 60% floor (31%)"
    assert "41.5%" in report.signal_description.signal_summary
    assert "67.1% to 41.5% at 2026-11-15 20:00 UTC" in report.signal_description.signal_summary
    onboarding = rows["Onboarding Nudges"].divergence
    assert "reaches the 50% investigate line in about 7" in onboarding
    trends = {t.experiment: t for t in report.trends}
    assert trends["4 PM Dinner Suggestions"].rate_of_change.endswith(
        "flat since the step at 2026-11-15 20:00 UTC"
    )
    contexts = {c.experiment: c for c in report.contexts}
    assert "71% act on the first suggestion; 1,240 households" in (
        contexts["4 PM Dinner Suggestions"].actual_vs_expected
    )
    assert "Checkout completion holds at 84.8%" in contexts["One-Tap Checkout"].actual_vs_expected
    quality = {q.experiment: q for q in report.data_quality}
    assert "120,960" not in quality["4 PM Dinner Suggestions"].sample_size  # never summed
    # the text threshold "any subscriber complaint" holds on 21 days of zeros
    assert quality["Weekly Recipe Digest"].confidence_level == "High"
    # plain language: no snake_case kinds, no "(s)", no "within 0 h"
    for bad in (
        "correlated_divergence",
        "shared_impact",
        "(s)",
        "within 0 h",
        "dinner-suggestions",
    ):
        assert bad not in text.split("---", 2)[2], bad


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


def test_a_deep_dive_artifact_and_max_sorts_the_p1_as_change(outputs: Path) -> None:
    art = outputs / "out" / "vortex-artifacts"
    assert sorted(art.glob("hc10-*.md")) == []  # a shared cause is not user behaviour
    dive = (art / f"signal-interpretation-suggestion-engine-{DATE}.md").read_text()
    assert "# Signal interpretation: the suggestion engine" in dive
    assert "## Questions a person must answer" in dive and "41.5%" in dive
    brief = (art / f"max-evidence-brief-{DATE}.md").read_text()
    assert "DRAFT" in brief
    assert "| CHANGE | P1 | 4 PM Dinner Suggestions |" in brief
    assert "CHANGE" in brief and "UNCLEAR" in brief and "STAY" in brief


def test_the_html_labels_bands_and_thresholds(outputs: Path) -> None:
    html = (outputs / "reports" / f"portfolio-report-{DATE}.html").read_text()
    # band edges (green) and the investigate threshold (red) carry their values
    assert 'fill="#2e7d32">60%</text>' in html and 'fill="#2e7d32">75%</text>' in html
    assert 'fill="#c0392b">50%</text>' in html
    assert "<th>Since last report</th>" in html and "18.5 points below the 60% floor" in html


def test_the_root_config_is_runnable_as_it_is() -> None:
    from vortex_pulse.core.config import load_config

    cfg = load_config(REPO / "config.yaml")
    assert cfg.llm.model == "offline" and cfg.window.end == "latest"
    assert cfg.signals is not None and cfg.signals.is_file()
    assert all(e.hc4 is None or e.hc4.is_file() for e in cfg.portfolio)


def test_every_number_in_the_told_story_is_in_the_facts(tmp_path: Path) -> None:
    """The offline narrator's story passes the same numbers guard a model's text must."""
    from datetime import date

    from vortex_pulse.agents.llm.factsheet import experiment_sheet, portfolio_sheet
    from vortex_pulse.agents.llm.guards import allowed_from, check_field
    from vortex_pulse.core.config import load_config
    from vortex_pulse.pulse.pipeline import run_pass
    from vortex_pulse.signals.facts import PortfolioFacts

    r = run_pass(load_config(example_config(tmp_path)), date=date(2026, 11, 19)).report
    facts = PortfolioFacts.model_validate(
        r.model_dump()
        | {"window_start": r.window.start, "window_end": r.window.end,
           "severity": r.portfolio.severity, "confidence": r.portfolio.confidence}
    )  # fmt: skip
    assert (
        check_field("portfolio_summary", r.portfolio.summary, allowed_from(portfolio_sheet(facts)))
        == []
    )
    for e, told in zip(facts.experiments, r.experiments, strict=True):
        assert told.story
        assert (
            check_field("actual_vs_expected", told.story, allowed_from(experiment_sheet(facts, e)))
            == []
        )
