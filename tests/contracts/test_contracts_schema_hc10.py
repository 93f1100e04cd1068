"""The published JSON Schema is in sync; HC10 renders with its frontmatter."""

from __future__ import annotations

import json
from pathlib import Path

import vortex_pulse.report.model
import yaml
from vortex_pulse.contracts.hc10 import HC10Flag, render_hc10
from vortex_pulse.contracts.markdown import parse_blocks, split_frontmatter
from vortex_pulse.report.model import json_schema

SCHEMA = Path(vortex_pulse.report.model.__file__).parent / "report.schema.json"


def test_report_schema_file_is_in_sync() -> None:
    # Regenerate with: python -m vortex_pulse.report.model > report/report.schema.json
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == json_schema()


def test_report_schema_names_the_design_fields() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert {
        "contract",
        "created",
        "window",
        "portfolio",
        "experiments",
        "patterns",
        "routes",
    } <= set(schema["properties"])


def test_hc10_render() -> None:
    flag = HC10Flag(
        experiment="Dinner | Suggestions",
        anomaly_description="Android action rate fell to 31%\non 2026-02-20.",
        deviation="The HC4 expected 60-75% on every platform.",
        discovery_focus=["What changed for Android users?", "Is it the release\nor the timing?"],
        source_hc5="_bmad-output/vortex-artifacts/hc5-portfolio-report-2026-03-01.md",
        created="2026-03-01",
        input_artifacts=["examples/portfolio/hc4-dinner-suggestions.md"],
    )
    text = render_hc10(flag)
    lines = text.split("\n")
    fm = split_frontmatter(lines)
    assert fm.error is None
    assert fm.data["contract"] == "HC10" and fm.data["source_agent"] == "noah"
    assert fm.data["target_agents"] == ["isla"]
    assert fm.data["input_artifacts"] == [
        {"path": flag.source_hc5, "contract": "HC5"},
        {"path": "examples/portfolio/hc4-dinner-suggestions.md", "contract": "HC4"},
    ]
    assert yaml.safe_load(text.split("---\n")[1])["created"] == "2026-03-01"
    blocks = parse_blocks(lines, fm.body_start)
    table = next(b for b in blocks if b.title == "Anomaly").labelled
    assert [(x.label, x.value) for x in table][:2] == [
        ("Experiment", "Dinner | Suggestions"),
        ("Anomaly Description", "Android action rate fell to 31%\non 2026-02-20."),
    ]
    assert "1. What changed for Android users?\n2. Is it the release or the timing?" in text
