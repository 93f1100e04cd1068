"""HC5 validation: required fields, enums, the portfolio addendum, the strategy rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.contracts.hc5 import DISCOVERY_NEEDED, TREND_DIRECTIONS
from vortex_pulse.contracts.hc5_render import render_hc5
from vortex_pulse.contracts.hc5_validate import _Checker, validate_hc5
from vortex_pulse.contracts.markdown import leading_value

from tests.support.contract_files import fixture_text
from tests.support.hc5_reports import portfolio_report


@pytest.mark.parametrize(
    "name", ["hc5-busy-parents-2026-03-01.md", "hc5-example-decision-eliminator.md"]
)
def test_human_examples_validate(artifacts: Path, name: str) -> None:
    result = validate_hc5((artifacts / name).read_text(encoding="utf-8"), name)
    assert (result.contract, result.compliant, result.missing) == ("HC5", "Yes", [])
    assert result.readiness is None and result.baselines is None


def test_non_enum_second_part_is_a_warning_only(artifacts: Path) -> None:
    text = (artifacts / "hc5-busy-parents-2026-03-01.md").read_text(encoding="utf-8")
    result = validate_hc5(text)
    (warning,) = [f for f in result.findings if f.level == "warning"]
    assert warning.field == "Trend Analysis.Trend Direction"
    assert "Shifting Earlier" in warning.message


def test_our_portfolio_report_validates() -> None:
    result = validate_hc5(render_hc5(portfolio_report()))
    assert result.compliant == "Yes", result.findings
    assert result.findings == []


def test_strategy_fails_and_quotes_the_sentence() -> None:
    result = validate_hc5(fixture_text("hc5-strategy.md"))
    assert result.compliant == "No"
    messages = [(f.field, f.message) for f in result.errors]
    assert messages == [
        (
            "Data Quality.Confidence Level",
            'strategy (pivot-patch-persevere decision): "We '
            'recommend pivoting to a weekly meal-plan subscription."',
        ),
        (
            "Data Quality.Confidence Level",
            'strategy (experiment design): "Run an A/B test of 3:30 PM vs 4 PM."',
        ),
    ]


def test_strategy_in_a_portfolio_field_fails() -> None:
    report = portfolio_report()
    report.anomalies[0].potential_explanations = "The team should double the marketing budget."
    result = validate_hc5(render_hc5(report))
    assert result.compliant == "No"
    assert [f.field for f in result.errors] == ["Anomaly Detection.Potential Explanations"]


def test_quoted_hypothesis_is_data() -> None:
    report = portfolio_report()
    report.contexts[
        0
    ].original_hypothesis = (
        "We believe that parents act on one suggestion; if not, we recommend pivoting."
    )
    assert validate_hc5(render_hc5(report)).compliant == "Yes"


def test_missing_required_field_is_named() -> None:
    report = portfolio_report()
    report.trends[1].confidence = ""
    result = validate_hc5(render_hc5(report))
    assert result.compliant == "Partial"
    assert result.missing == ["Trend Analysis.Confidence"]
    assert "Checkout | Express" in result.errors[0].message


@pytest.mark.parametrize(
    ("attr", "value", "field"),
    [
        ("signal_type", "Vibe Shift", "Signal Description.Signal Type"),
        ("severity", "Catastrophic", "Signal Description.Severity"),
    ],
)
def test_enum_errors(attr: str, value: str, field: str) -> None:
    report = portfolio_report()
    setattr(report.signal_description, attr, value)
    result = validate_hc5(render_hc5(report))
    assert result.compliant == "Partial"
    assert [f.field for f in result.errors] == [field]
    assert repr(value) in result.errors[0].message


def test_trend_confidence_and_discovery_enums() -> None:
    report = portfolio_report()
    report.trends[0].trend_direction = "Sideways"
    report.trends[0].confidence = "Very high"
    report.anomalies[0].discovery_needed = "Maybe"
    result = validate_hc5(render_hc5(report))
    assert {f.field for f in result.errors} == {
        "Trend Analysis.Trend Direction",
        "Trend Analysis.Confidence",
        "Anomaly Detection.Discovery Needed",
    }


def test_portfolio_addendum_required_for_production_monitoring() -> None:
    report = portfolio_report()
    report.portfolio_signal_summary = []
    report.compass = []
    report.portfolio_quality = None
    result = validate_hc5(render_hc5(report))
    assert result.compliant == "Partial"
    assert {
        "Portfolio Signal Summary",
        "Compass Routing",
        "Data Quality.Overall Portfolio Confidence",
    } <= set(result.missing)
    report.frontmatter.source_workflow = "signal-interpretation"
    assert validate_hc5(render_hc5(report)).compliant == "Yes"


def test_ranking_and_per_experiment_coverage() -> None:
    report = portfolio_report()
    report.portfolio_signal_summary.reverse()
    report.data_quality = report.data_quality[:1]
    result = validate_hc5(render_hc5(report))
    assert "rows are not ranked P1 first" in [f.message for f in result.errors]
    assert "Data Quality.Experiment: Checkout | Express" in result.missing


def test_flagged_anomaly_needs_its_block() -> None:
    report = portfolio_report()
    report.anomalies = []
    result = validate_hc5(render_hc5(report))
    assert "Anomaly Detection.Experiment: Dinner Suggestions" in result.missing
    assert "Anomaly Detection.Anomaly Description" in result.missing


def test_frontmatter_checks() -> None:
    text = render_hc5(portfolio_report())
    bad = text.replace("source_agent: noah", "source_agent: wade").replace("- max", "- isla")
    result = validate_hc5(bad)
    assert {f.field for f in result.errors} == {
        "Frontmatter.source_agent",
        "Frontmatter.target_agents",
    }
    result = validate_hc5(text.replace("contract: HC5", "contract: HC4"))
    assert result.compliant == "No"
    result = validate_hc5(text.split("---\n", 2)[2])
    assert result.compliant == "No" and result.missing[0] == "Frontmatter"


def test_empty_document_is_not_compliant() -> None:
    result = validate_hc5("")
    assert result.compliant == "No"
    assert "Signal Description.Signal Summary" in result.missing
    assert "Context.Original Hypothesis" in result.missing


def test_compass_table_with_fewer_columns_parses() -> None:
    text = render_hc5(portfolio_report())
    head, _, _ = text.partition("## Compass Routing")
    text = head + (
        "## Compass Routing\n\n| Evidence | Next | Agent | Contract |\n|---|---|---|---|\n"
        "| Portfolio report complete, prioritized | learning-card | Max | HC5 |\n"
    )
    result = validate_hc5(text)
    assert result.compliant == "Yes"  # the reason column is optional prose


def test_portfolio_severity_is_the_top_signals() -> None:
    report = portfolio_report()
    report.signal_description.severity = "Warning"
    result = validate_hc5(render_hc5(report))
    assert [(f.field, f.message) for f in result.errors] == [
        (
            "Signal Description.Severity",
            "is Warning but the highest-priority (P1) signal is Critical",
        )
    ]


def test_time_window_should_be_a_date_range() -> None:
    report = portfolio_report()
    report.signal_description.time_window = "the last three weeks"
    result = validate_hc5(render_hc5(report))
    assert result.compliant == "Yes"  # a warning, not an error
    assert [f.field for f in result.findings] == ["Signal Description.Time Window"]


def test_enum_of_only_separators_is_an_error_not_a_crash() -> None:
    report = portfolio_report()
    report.signal_description.severity = ";"
    result = validate_hc5(render_hc5(report))
    assert result.compliant == "Partial"
    assert [f.field for f in result.errors] == ["Signal Description.Severity"]


def test_an_enum_value_read_once_per_validation_reads_as_leading_value() -> None:
    check = _Checker()
    cases = [("Stable — 3 weeks", TREND_DIRECTIONS), ("stable", TREND_DIRECTIONS),
             ("Stabilish", TREND_DIRECTIONS), ("**Yes**", DISCOVERY_NEEDED),
             ("Maybe", DISCOVERY_NEEDED), ("Yes", ("Yes",)), ("", DISCOVERY_NEEDED)]  # fmt: skip
    for _ in range(2):  # the second round is answered from the memo
        for value, allowed in cases:
            assert check.leading(value, allowed) == leading_value(value, allowed)
    assert check.leading("Yes", ("Yes",)) == "Yes" and check.leading("Maybe", ("Yes",)) is None
