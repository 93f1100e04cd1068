"""contracts/hc10_validate.py: a rendered HC10 flag is compliant; a flag that does not
declare `contract: HC10`, or whose frontmatter is broken, is not, and the finding says why."""

from __future__ import annotations

from vortex_pulse.contracts.hc10 import HC10Flag, render_hc10
from vortex_pulse.contracts.hc10_validate import validate_hc10

FLAG = HC10Flag(
    experiment="Dinner suggestions",
    anomaly_description="Android action rate fell to 31% on 2026-02-20.",
    deviation="The HC4 expected 60-75% on every platform.",
    discovery_focus=["What changed for Android users?"],
    source_hc5="_bmad-output/vortex-artifacts/hc5-portfolio-report-2026-03-01.md",
    created="2026-03-01",
)


def test_a_rendered_flag_is_compliant() -> None:
    result = validate_hc10(render_hc10(FLAG))
    assert result.compliant == "Yes", result.findings


def test_a_flag_must_declare_its_contract() -> None:
    text = render_hc10(FLAG).replace("contract: HC10\n", "contract: HC5\n", 1)
    result = validate_hc10(text)
    assert result.compliant == "No"
    assert [f.field for f in result.findings] == ["Frontmatter.contract"]


def test_a_broken_frontmatter_is_named_first() -> None:
    text = render_hc10(FLAG).replace("source_agent: noah\n", "source_agent: [noah\n", 1)
    result = validate_hc10(text)
    assert result.compliant == "No"
    assert result.findings[0].field == "Frontmatter"
    assert "invalid YAML" in result.findings[0].message
