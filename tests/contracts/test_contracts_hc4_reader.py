"""The HC4 reader on every writing style: sections, fields and merged baselines."""

from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.contracts.errors import ContractInputError
from vortex_pulse.contracts.hc4 import HC4Document, read_hc4, read_hc4_file
from vortex_pulse.contracts.hc4_baselines import split_items

from tests.support.contract_files import FIXTURES, fixture_text

BUSY = "hc4-busy-parents-2026-03-01.md"


def by_metric(doc: HC4Document) -> dict[str, Baseline]:
    return {b.metric: b for b in doc.baselines}


def test_busy_parents_baselines(artifacts: Path) -> None:
    doc = read_hc4_file(artifacts / BUSY)
    found = by_metric(doc)
    action = found["Action rate"]
    assert (action.expected_low, action.expected_high) == (60.0, 75.0)
    assert (action.investigate_op, action.investigate_value, action.unit) == ("<", 50.0, "%")
    assert action.higher_is_better is True
    tta = found["Time-to-action"]
    assert (tta.investigate_op, tta.investigate_value, tta.unit) == (">", 10.0, "min")
    assert tta.expected_high == 5.0 and tta.expected_low is None  # "target: <5 min"
    assert tta.higher_is_better is False
    retention = found["User retention"]  # "Retention <60% at 4 weeks" merged by name
    assert (retention.investigate_op, retention.investigate_value) == ("<", 60.0)
    assert retention.persistence is None
    timing = found["Suggestion engagement timing"]  # clock times are not thresholds
    assert not timing.numeric
    assert list(found) == doc.metrics_to_monitor


def test_busy_parents_provenance(artifacts: Path) -> None:
    doc = read_hc4_file(artifacts / BUSY)
    lines = (artifacts / BUSY).read_text(encoding="utf-8").splitlines()
    action = by_metric(doc)["Action rate"]
    assert action.section == "Production Readiness"
    assert action.line is not None and "Action rate <50%" in lines[action.line - 1]
    assert action.quote == "Action rate <50%: investigate suggestion quality."
    assert action.source == "hc4"


def test_busy_parents_summary_fields(artifacts: Path) -> None:
    doc = read_hc4_file(artifacts / BUSY)
    assert doc.name == "4 PM Decision Eliminator — Concierge Test"
    assert doc.graduated
    assert doc.hypothesis is not None and doc.hypothesis.startswith("We believe that busy parents")
    assert doc.outcome is not None and doc.outcome.startswith("Confirmed — We validated")
    assert doc.expected_behavior is not None and "60-75%" in doc.expected_behavior
    assert doc.thresholds_text is not None and "investigate value decay" in doc.thresholds_text
    assert doc.frontmatter["source_workflow"] == "mvp"
    readiness = doc.sections["Production Readiness"]
    assert readiness.fields["Signal Thresholds"].line == 95
    assert doc.sections["Experiment Summary"].line == 15


def test_schema_shaped_with_bullets_and_subheadings() -> None:
    doc = read_hc4(fixture_text("hc4-schema-shaped.md"))
    found = by_metric(doc)
    acceptance = found["Draft acceptance"]
    assert (acceptance.expected_low, acceptance.expected_high) == (80.0, None)
    assert (acceptance.investigate_op, acceptance.investigate_value) == ("<", 70.0)
    assert acceptance.persistence == "across 2+ engagements"
    assert acceptance.persistence_count == 2 and acceptance.persistence_seconds is None
    assert found["Drafting time per section"].expected_high == 5.0
    satisfaction = found["Consultant satisfaction"]
    assert (satisfaction.expected_low, satisfaction.unit) == (4.0, "/5")
    assert (satisfaction.investigate_op, satisfaction.investigate_value) == ("<", 3.5)
    assert satisfaction.persistence_seconds == 14 * 86400.0
    sessions = found["Co-pilot sessions per engagement"]
    assert (sessions.expected_low, sessions.expected_high, sessions.unit) == (
        3.0,
        8.0,
        "per engagement",
    )
    latency = found["Suggestion latency"]
    assert (latency.expected_low, latency.expected_high, latency.unit) == (150.0, 300.0, "ms")
    assert latency.higher_is_better is False
    escalations = found["Escalations"]
    assert (escalations.investigate_op, escalations.investigate_value) == (">", 1.0)
    assert escalations.unit == "per week" and escalations.persistence_seconds == 14 * 86400.0
    texts = [b for b in doc.baselines if b.text_threshold]
    assert [b.text_threshold for b in texts] == [
        "Any consultant stops mid-engagement: investigate immediately."
    ]
    assert not texts[0].numeric
    assert doc.scope_hint is not None and "40% of consultants" in doc.scope_hint


def test_bold_numbered_pseudo_headings() -> None:
    doc = read_hc4(fixture_text("hc4-bold-numbered.md"))
    assert doc.name == "Pantry Scan"
    assert set(doc.sections) >= {
        "Experiment Summary",
        "Hypothesis Tested",
        "Pre-Defined Success Criteria",
        "Production Readiness",
    }
    found = by_metric(doc)
    scan = found["Scan completion"]
    assert (scan.expected_low, scan.expected_high) == (65.0, 80.0)  # EPB wins over target ≥70
    assert (scan.investigate_op, scan.investigate_value) == ("<", 55.0)
    assert scan.persistence_seconds == 3 * 86400.0
    per_household = found["Scans per household"]
    assert (per_household.expected_low, per_household.expected_high) == (2.0, 4.0)
    assert per_household.unit == "per week"
    latency = found["Recognition latency"]
    assert (latency.expected_high, latency.investigate_op, latency.investigate_value) == (
        3.0,
        ">",
        5.0,
    )
    assert latency.unit == "s"


def test_multicolumn_signal_thresholds_table() -> None:
    doc = read_hc4(fixture_text("hc4-multicolumn-thresholds.md"))
    found = by_metric(doc)
    completion = found["Checkout completion"]
    assert (completion.expected_low, completion.expected_high) == (80.0, 90.0)
    assert (completion.investigate_op, completion.investigate_value) == ("<", 70.0)
    assert completion.persistence_seconds == 2 * 86400.0
    assert completion.section == "Signal Thresholds" and completion.line == 80
    latency = found["p95 checkout latency"]  # "p95" is part of the name, not a number
    assert (latency.expected_low, latency.expected_high, latency.unit) == (150.0, 300.0, "ms")
    assert latency.persistence_seconds == 2 * 3600.0
    refunds = found["Refund requests"]
    assert refunds.unit == "per 100 orders"
    escalations = found["Support escalations"]
    assert escalations.text_threshold == "Any consultant stops mid-engagement"
    assert not escalations.numeric
    # The blockquoted hypothesis is read, and a quoted phrase inside it stays data.
    assert doc.hypothesis is not None and doc.hypothesis.startswith("We believe that returning")
    assert doc.scope_hint == "Graduated (rolled out to 25% of traffic)"
    assert doc.metrics_to_monitor == list(found)  # no list given: the baselines' metrics
    assert "Team Notes (extra)" in doc.sections


def test_guardrail_red_lines() -> None:
    doc = read_hc4(fixture_text("hc4-guardrails.md"))
    found = by_metric(doc)
    acceptance = found["Reorder acceptance"]
    assert (acceptance.expected_low, acceptance.expected_high) == (50.0, 65.0)
    assert (acceptance.investigate_op, acceptance.investigate_value) == ("<", 40.0)
    unsubscribe = found["Unsubscribe rate"]  # "Baseline" column is the current value: ignored
    assert (unsubscribe.expected_low, unsubscribe.expected_high) == (None, None)
    assert (unsubscribe.investigate_op, unsubscribe.investigate_value) == (">", 2.0)
    assert unsubscribe.persistence_seconds == 14 * 86400.0
    edits = found["Basket edits"]
    assert (edits.expected_high, edits.investigate_op, edits.investigate_value) == (
        2.0,
        ">=",
        4.0,
    )
    assert edits.section == "Guardrail Metrics"


def test_partial_prose_is_still_read() -> None:
    doc = read_hc4(fixture_text("hc4-partial.md"))
    assert doc.frontmatter == {} and doc.frontmatter_error is None and not doc.has_frontmatter
    assert doc.name == "Recipe Swap"
    (swap,) = doc.baselines
    assert (swap.metric, swap.expected_low, swap.expected_high) == ("Swap rate", 20.0, 35.0)
    assert (swap.investigate_op, swap.investigate_value) == ("<", 10.0)


def test_same_metric_in_three_sections_merges_into_one() -> None:
    text = """---
contract: HC4
---
## 4. Pre-Defined Success Criteria
| Metric | Target Threshold | Actual Result | Met? |
|---|---|---|---|
| Action rate on first suggestion (no alternative requested) | ≥60% | 78% | Yes |
## 8. Production Readiness
**Metrics to Monitor:** Action rate (target: ≥65% at scale)
**Expected Production Behavior:** ACTION RATE 60-75%.
**Signal Thresholds:** rate <50% for 2+ days: investigate.
"""
    doc = read_hc4(text)
    (only,) = doc.baselines
    assert only.metric == "Action rate"
    assert (only.expected_low, only.expected_high) == (60.0, 75.0)
    assert (only.investigate_op, only.investigate_value) == ("<", 50.0)
    assert only.persistence_seconds == 2 * 86400.0


def test_band_falls_back_to_target_then_success_criteria() -> None:
    text = """## Pre-Defined Success Criteria
| Metric | Target Threshold | Actual Result | Met? |
|---|---|---|---|
| Average decision-to-action time | <5 minutes | 2.4 | Yes |
## Production Readiness
**Metrics to Monitor:** Time-to-action, Weekly active households (target: ≥300)
**Signal Thresholds:** Time-to-action >10 min: investigate.
"""
    found = by_metric(read_hc4(text))
    assert found["Time-to-action"].expected_high == 5.0  # from the success criteria row
    assert found["Time-to-action"].unit == "min"
    assert found["Weekly active households"].expected_low == 300.0  # from the target


def test_ambiguous_name_does_not_merge() -> None:
    text = """## Production Readiness
**Metrics to Monitor:** Error rate, Action rate
**Signal Thresholds:** rate >5%: investigate.
"""
    found = by_metric(read_hc4(text))
    assert found["Error rate"].investigate_value is None
    assert found["Action rate"].investigate_value is None
    assert found["Rate"].investigate_value == 5.0


def test_read_hc4_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ContractInputError, match="no such file"):
        read_hc4_file(tmp_path / "missing.md")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(ContractInputError, match="binary"):
        read_hc4_file(binary)
    latin = tmp_path / "latin.md"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(ContractInputError, match="not UTF-8"):
        read_hc4_file(latin)
    with pytest.raises(ContractInputError, match=r"hc4-broken-yaml\.md: frontmatter: invalid"):
        read_hc4_file(FIXTURES / "hc4-broken-yaml.md")
    with pytest.raises(ContractInputError, match="directory"):
        read_hc4_file(tmp_path)
    huge = tmp_path / "huge.md"
    huge.write_bytes(b"a" * 5_000_001)
    with pytest.raises(ContractInputError, match="5000000-byte limit"):
        read_hc4_file(huge)


def test_broken_yaml_in_memory_does_not_raise() -> None:
    doc = read_hc4(fixture_text("hc4-broken-yaml.md"))
    assert doc.frontmatter_error is not None and "line 4" in doc.frontmatter_error
    assert doc.name == "Broken"


@pytest.mark.parametrize(
    "frontmatter",
    ["---\n- a\n- b\n---\n", "---\n!!python/object:os.system {}\n---\n", "---\nkey: value\n"],
)
def test_odd_frontmatter(frontmatter: str) -> None:
    doc = read_hc4(frontmatter + "# title\n")
    assert doc.frontmatter == {}
    assert doc.frontmatter_error is not None


def test_threshold_table_nested_under_section_8() -> None:
    text = """## 8. Production Readiness
### Metrics to Monitor
- Checkout completion
### Signal Thresholds (For Noah)
| Signal | Healthy Range | Investigate If | Source |
|---|---|---|---|
| Checkout completion | 80-90% | <70% for 2+ days | Orders |
"""
    doc = read_hc4(text)
    assert set(doc.sections["Production Readiness"].fields) == {
        "Metrics to Monitor",
        "Signal Thresholds",
    }
    (only,) = doc.baselines
    assert (only.metric, only.expected_low, only.expected_high) == ("Checkout completion", 80, 90)
    assert (only.investigate_op, only.investigate_value, only.line) == ("<", 70.0, 7)


def test_lead_ins_are_not_part_of_the_metric_name() -> None:
    text = """## Production Readiness
**Signal Thresholds:**
- Investigate if action rate < 50% for 3 consecutive days.
- Red line: refund rate above 5%.
- Alert when NPS drops below 30.
- When the error rate exceeds 2%, page on-call.
- Critical: p95 latency > 400 ms.
"""
    found = {b.metric: (b.investigate_op, b.investigate_value) for b in read_hc4(text).baselines}
    assert found == {
        "Action rate": ("<", 50.0),
        "Refund rate": (">", 5.0),
        "NPS": ("<", 30.0),
        "Error rate": (">", 2.0),
        "p95 latency": (">", 400.0),
    }


def test_crlf_and_bom_read_the_same() -> None:
    text = fixture_text(BUSY)
    plain = read_hc4(text)
    windows = read_hc4("\ufeff" + text.replace("\n", "\r\n"))
    assert windows.frontmatter == plain.frontmatter
    assert windows.baselines == plain.baselines


def test_field_pseudo_headings_at_the_section_level() -> None:
    text = """**2. Hypothesis Tested**

**Hypothesis Statement**

We believe that cooks will scan receipts because typing is slow.

**Original Expected Outcome**

Scan rate at least 40%.

**6. Confirmed/Rejected Hypotheses**

**Hypothesis Status**

Confirmed
"""
    doc = read_hc4(text)
    hypothesis = doc.sections["Hypothesis Tested"].fields
    assert hypothesis["Hypothesis Statement"].value.startswith("We believe that cooks")
    assert hypothesis["Original Expected Outcome"].value == "Scan rate at least 40%."
    assert hypothesis["Original Expected Outcome"].line == 7
    assert doc.hypothesis_status == "Confirmed"


@pytest.mark.parametrize(
    ("value", "items"),
    [
        (
            "Action rate, time-to-action and retention",
            ["Action rate", "time-to-action", "retention"],
        ),
        (
            "Action rate; retention (weekly active), and NPS",
            ["Action rate", "retention (weekly active)", "NPS"],
        ),
        ("Search and discovery engagement", ["Search and discovery engagement"]),
        ("- Add-to-cart and checkout rate\n- NPS", ["Add-to-cart and checkout rate", "NPS"]),
        ("Latency (p50, p95 and p99), errors", ["Latency (p50, p95 and p99)", "errors"]),
    ],
)
def test_metrics_to_monitor_lists(value: str, items: list[str]) -> None:
    assert split_items(value) == items
