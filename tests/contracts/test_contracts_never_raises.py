"""Readers and validators never raise, whatever the text (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vortex_pulse.contracts.hc4 import read_hc4
from vortex_pulse.contracts.hc4_validate import validate_hc4
from vortex_pulse.contracts.hc5_parse import parse_hc5
from vortex_pulse.contracts.hc5_validate import validate_hc5
from vortex_pulse.contracts.strategy import find_strategy
from vortex_pulse.contracts.thresholds import parse_bound

# Markdown-shaped noise: the structures the readers look for, in random order.
_pieces = st.sampled_from(
    [
        "---",
        "contract: HC4",
        "contract: HC5",
        "created: 2026-03-01",
        "target_agents: [noah",
        "# HC4",
        "## 8. Production Readiness",
        "**4. Pre-Defined Success Criteria**",
        "*Experiment Lineage:*",
        "### Experiment: ",
        "| Field | Details |",
        "|---|---|",
        "| **Signal Thresholds** | ",
        "| Metric | Target Threshold | Actual Result | Met? |",
        "| Signal | Healthy Range | Investigate If | Source |",
        "**Metrics to Monitor:** ",
        "> We believe that ",
        "Action rate <50%: investigate",
        "60-75%",
        "≥4/5",
        "for 2+ weeks",
        "between 150 and 300 ms",
        "```",
        "- ",
        "|",
        "**",
        "\\|",
        "<br>",
        ":",
        "(",
        ")",
        "Signal Type",
        "Portfolio Signal Summary",
        "Compass",
        "Red Line",
        "Guardrail Metrics",
        "## Compass Routing",
        "| Evidence | Next |",
        "## Portfolio Signal Summary",
        "| Priority | Experiment | Anomaly? |",
        "## 3. Trend Analysis",
        "## 5. Data Quality",
        "source_workflow: production-monitoring",
        "input_artifacts: [x, {path: 1}]",
    ]
)
_line = st.lists(st.one_of(_pieces, st.text(max_size=12)), max_size=6).map(" ".join)
_markdown = st.lists(_line, max_size=40).map("\n".join)
_any_text = st.one_of(st.text(max_size=400), _markdown)

_settings = settings(
    max_examples=150,
    deadline=None,
    database=None,  # tests never write into the repository
    suppress_health_check=[HealthCheck.too_slow],
)


@_settings
@given(_any_text)
def test_hc4_reader_and_validator(text: str) -> None:
    doc = read_hc4(text)
    result = validate_hc4(doc)
    assert result.compliant in ("Yes", "Partial", "No")


@_settings
@given(_any_text)
def test_hc5_parser_and_validator(text: str) -> None:
    parse_hc5(text)
    assert validate_hc5(text).compliant in ("Yes", "Partial", "No")


@_settings
@given(_any_text)
def test_strategy_and_thresholds(text: str) -> None:
    for finding in find_strategy(text):
        assert finding.sentence
    parse_bound(text)
