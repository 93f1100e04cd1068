"""HC4 compliance, missing fields named Section.Field, and readiness."""

from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.contracts.hc4 import read_hc4, read_hc4_file
from vortex_pulse.contracts.hc4_validate import validate_hc4

from tests.support.contract_files import fixture_text


def test_busy_parents_is_compliant_and_ready(artifacts: Path) -> None:
    result = validate_hc4(read_hc4_file(artifacts / "hc4-busy-parents-2026-03-01.md"))
    assert (result.compliant, result.readiness, result.missing) == ("Yes", "Ready", [])
    assert not result.errors
    assert result.baselines is not None and len(result.baselines) == 4


@pytest.mark.parametrize(
    "name", ["hc4-schema-shaped.md", "hc4-bold-numbered.md", "hc4-guardrails.md"]
)
def test_complete_styles_are_compliant(name: str) -> None:
    result = validate_hc4(read_hc4(fixture_text(name), name))
    assert (result.compliant, result.readiness, result.missing) == ("Yes", "Ready", [])
    assert result.path == name


def test_missing_field_is_named_and_partial() -> None:
    result = validate_hc4(read_hc4(fixture_text("hc4-multicolumn-thresholds.md")))
    assert result.compliant == "Partial"
    assert result.missing == ["Production Readiness.Metrics to Monitor"]
    assert result.readiness == "Ready"  # the standalone threshold table gives baselines
    infos = {f.field for f in result.findings if f.level == "info"}
    assert "Team Notes (extra)" in infos


def test_partial_input_is_not_rejected_but_is_not_compliant() -> None:
    result = validate_hc4(read_hc4(fixture_text("hc4-partial.md")))
    assert result.compliant == "No"  # no frontmatter, most fields absent
    assert "Frontmatter" in result.missing
    assert "Hypothesis Tested.Hypothesis Statement" in result.missing
    assert "Experiment Summary.Experiment Name" not in result.missing
    assert result.baselines is not None and result.baselines[0].metric == "Swap rate"


def test_remove_one_field_from_a_compliant_file() -> None:
    text = fixture_text("hc4-busy-parents-2026-03-01.md")
    lines = [ln for ln in text.splitlines() if "**Riskiest Assumption**" not in ln]
    result = validate_hc4(read_hc4("\n".join(lines)))
    assert result.compliant == "Partial"
    assert result.missing == ["Hypothesis Tested.Riskiest Assumption"]


def test_frontmatter_keys_and_values() -> None:
    text = fixture_text("hc4-busy-parents-2026-03-01.md").replace("created: 2026-03-01\n", "")
    text = text.replace("source_workflow: mvp", "source_workflow: hackathon")
    result = validate_hc4(read_hc4(text))
    assert result.compliant == "Partial"
    assert result.missing == ["Frontmatter.created"]
    warnings = [f for f in result.findings if f.field == "Frontmatter.source_workflow"]
    assert warnings and "'hackathon'" in warnings[0].message


def test_another_contract_is_not_compliant() -> None:
    text = fixture_text("hc4-busy-parents-2026-03-01.md").replace("contract: HC4", "contract: HC3")
    result = validate_hc4(read_hc4(text))
    assert result.compliant == "No"
    assert any("expected HC4" in f.message for f in result.errors)


def test_graduated_without_baselines_needs_attention() -> None:
    text = fixture_text("hc4-busy-parents-2026-03-01.md")
    head = text.split("**8. Production Readiness**")[0]
    result = validate_hc4(read_hc4(head))
    assert result.readiness == "Needs Attention"
    assert result.compliant == "Partial"
    assert {
        "Production Readiness.Metrics to Monitor",
        "Production Readiness.Expected Production Behavior",
        "Production Readiness.Signal Thresholds",
    } <= set(result.missing)


def test_not_graduated_needs_attention_even_with_baselines() -> None:
    text = fixture_text("hc4-busy-parents-2026-03-01.md").replace(
        "| **Graduation Status** | Graduated — moving to production |",
        "| **Graduation Status** | Completed |",
    )
    result = validate_hc4(read_hc4(text))
    assert result.readiness == "Needs Attention"
    assert result.compliant == "Yes"


def test_enum_values_are_checked() -> None:
    text = fixture_text("hc4-bold-numbered.md").replace(
        "**Experiment Type:** Lean Experiment", "**Experiment Type:** Hackathon"
    )
    result = validate_hc4(read_hc4(text))
    bad = [f for f in result.findings if f.field == "Experiment Summary.Experiment Type"]
    assert bad and bad[0].level == "warning" and "'Hackathon'" in bad[0].message
