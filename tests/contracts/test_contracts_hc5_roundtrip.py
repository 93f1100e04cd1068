"""render -> parse -> render: our reports round-trip; human reports parse."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.hc5 import HC5Report, PortfolioSignalRow, SignalDescription, TrendAnalysis
from contracts.hc5_parse import parse_hc5
from contracts.hc5_render import cell, render_hc5
from tests.contracts.hc5_reports import portfolio_report

HUMAN = ("hc5-busy-parents-2026-03-01.md", "hc5-example-decision-eliminator.md")


def test_portfolio_report_round_trips() -> None:
    report = portfolio_report()
    text = render_hc5(report)
    assert parse_hc5(text) == report
    assert render_hc5(parse_hc5(text)) == text


def test_rendered_layout() -> None:
    text = render_hc5(portfolio_report())
    assert text.startswith("---\ncontract: HC5\ntype: artifact\nsource_agent: noah\n")
    assert "\n# HC5 Signal Report: Portfolio — 2026-03-01\n" in text
    assert "| P1 | Dinner Suggestions | Critical (Negative) |" in text
    assert "| **Experiment** |" not in text
    assert "### Experiment: Checkout | Express" in text  # headings need no escaping
    assert "| P3 | Checkout \\| Express |" in text  # cells do
    assert "- timing: both experiments changed on 2026-02-20<br>same release" in text
    order = [
        text.index(s)
        for s in (
            "## 1. Signal Description",
            "## Portfolio Signal Summary",
            "## 2. Context",
            "## 3. Trend Analysis",
            "## 4. Anomaly Detection",
            "## 5. Data Quality",
            "### Portfolio Data Quality",
            "## Compass Routing",
        )
    ]
    assert order == sorted(order)


def test_table_breaking_text_stays_in_its_cell() -> None:
    report = portfolio_report()
    report.signal_description.signal_summary = "a | b\n| c | d |\n\n## 9. Injected"
    text = render_hc5(report)
    assert "\n## 9. Injected" not in text
    parsed = parse_hc5(text)
    assert parsed.signal_description.signal_summary == "a | b\n| c | d |\n\n## 9. Injected"
    assert parsed.trends == report.trends


def test_no_anomalies_renders_a_sentence() -> None:
    report = portfolio_report()
    report.anomalies = []
    text = render_hc5(report)
    assert "No anomalies flagged in this window." in text
    assert parse_hc5(text).anomalies == []


def test_human_reports_parse(artifacts: Path) -> None:
    for name in HUMAN:
        report = parse_hc5((artifacts / name).read_text(encoding="utf-8"))
        assert report.frontmatter.source_workflow == "signal-interpretation"
        assert report.frontmatter.input_artifacts[0].contract == "HC4"
        assert report.signal_description.signal_type == "Behavior Pattern"
        assert report.signal_description.severity == "Warning"
        assert [
            len(x) for x in (report.contexts, report.trends, report.anomalies, report.data_quality)
        ] == [1, 1, 1, 1]
        assert report.contexts[0].experiment is None
        assert report.contexts[0].previous_signals is not None
        assert report.anomalies[0].discovery_needed == "Yes"
        assert report.portfolio_signal_summary == [] and report.portfolio_quality is None
        again = render_hc5(report)
        assert parse_hc5(again) == report
        assert render_hc5(parse_hc5(again)) == again


def test_busy_parents_values(artifacts: Path) -> None:
    report = parse_hc5((artifacts / HUMAN[0]).read_text(encoding="utf-8"))
    assert report.title.startswith("HC5 Signal Report: 4 PM Decision Eliminator")
    assert report.frontmatter.created == "2026-03-01"
    assert report.trends[0].trend_direction.startswith("Stable (action rate)")
    assert report.data_quality[0].known_biases is not None


def test_cell_escaping() -> None:
    assert cell("a|b") == "a\\|b"
    assert cell(" x \n y ") == "x<br>y"
    assert cell(None) == ""


# Values as our builders produce them: stripped, one line or several, any characters
# except the <br> marker itself (which is how a newline is written in a cell).
_value = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"),
        max_size=40,
    )
    .map(str.strip)
    .filter(lambda s: "<br" not in s.lower() and "\\|" not in s)
)
_multiline = st.lists(_value.filter(bool), min_size=1, max_size=3).map("\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summary=_multiline, exp=_value.filter(lambda s: s and "\n" not in s), row=_value)
def test_round_trip_property(summary: str, exp: str, row: str) -> None:
    report = HC5Report(
        title="HC5 Signal Report: property",
        signal_description=SignalDescription(signal_summary=summary, severity=row),
        portfolio_signal_summary=[
            PortfolioSignalRow(
                priority="P1",
                experiment=exp,
                signal_status=row,
                divergence=row,
                trajectory=row,
                anomaly=row,
            )
        ],
        trends=[TrendAnalysis(experiment=" ".join(exp.split()), trend_direction=summary)],
    )
    assert parse_hc5(render_hc5(report)) == report


def test_plain_headings_name_experiments_in_a_human_portfolio_report() -> None:
    text = """# Portfolio signals

## 3. Trend Analysis

### Dinner Suggestions

| Field | Details |
|---|---|
| Trend Direction | Degrading |

### Notes

Nothing to add here.

### Checkout

- **Trend Direction:** Stable
- **Confidence:** Medium
"""
    trends = parse_hc5(text).trends
    assert [(t.experiment, t.trend_direction, t.confidence) for t in trends] == [
        ("Dinner Suggestions", "Degrading", ""),
        ("Checkout", "Stable", "Medium"),
    ]
