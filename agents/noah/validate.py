"""Step 1: read every HC4 leniently and summarise its compliance (Yes / Partial / No)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.core.config import ExperimentConfig
from vortex_pulse.core.config_bmad import frontmatter
from vortex_pulse.core.errors import InputError
from vortex_pulse.report.narrative import HC4Excerpt

NO_HC4 = "HC4 file (service monitoring: baselines come from config)"
NO_DESCRIBED = "HC4 file (a plain description: baselines from its numbers, confidence lowered)"


def _described(text: str, known: list[str]) -> list[Baseline]:
    from vortex_pulse.contracts.hc4_baselines import description_baselines

    return [b for b in description_baselines(text, known) if b.numeric]


def _is_hc4(path: Path) -> bool:
    fm = frontmatter(path)
    return fm is not None and str(fm.get("contract", "")).strip().upper() == "HC4"


def read_experiment(exp: ExperimentConfig) -> tuple[dict[str, Any], dict[str, Any], HC4Excerpt]:
    """(validation row, what assemble needs from the HC4, narrator excerpt) of one entry."""
    if exp.hc4 is None:
        described = _described(exp.description or "", list(exp.metrics))
        row = {
            "id": exp.id,
            "path": None,
            "compliant": "No",
            "readiness": "Ready" if exp.baselines or described else "Needs Attention",
            "missing": [NO_DESCRIBED if exp.description else NO_HC4],
            "findings": [],
        }
        doc: dict[str, Any] = {
            "name": exp.name or exp.id,
            "scope_hint": None,
            "metrics": [],
            "baselines": [b.model_dump(mode="json") for b in described],
        }
        return row, doc, HC4Excerpt(name=exp.name or exp.id, expected_behavior=exp.description)

    from vortex_pulse.contracts.errors import ContractInputError
    from vortex_pulse.contracts.hc4 import read_hc4_file
    from vortex_pulse.contracts.hc4_validate import validate_hc4

    try:
        hc4 = read_hc4_file(exp.hc4)
    except ContractInputError as exc:  # name the config key that pointed at the file
        raise InputError(f"portfolio entry {exp.id!r}: hc4: {exc}") from None
    result = validate_hc4(hc4)
    name = exp.name or hc4.name or exp.id
    baselines = list(hc4.baselines)
    if not _is_hc4(exp.hc4):  # a plain description in a markdown file: its numbers count
        known = list(exp.metrics) or list(hc4.metrics_to_monitor)
        described = _described(exp.hc4.read_text(encoding="utf-8", errors="replace"), known)
        if described and not any(b.numeric for b in baselines):
            baselines = described
    row = {
        "id": exp.id,
        "path": str(exp.hc4),
        "compliant": result.compliant,
        "readiness": result.readiness,
        "missing": list(result.missing),
        "findings": [str(f) for f in result.findings],
    }
    doc = {
        "name": name,
        "scope_hint": hc4.scope_hint,
        "metrics": list(hc4.metrics_to_monitor),
        "baselines": [b.model_dump(mode="json") for b in baselines],
        "refs": vortex_refs(hc4.frontmatter),
    }
    excerpt = HC4Excerpt(
        name=name,
        hypothesis=hc4.hypothesis,
        outcome=hc4.outcome,
        expected_behavior=hc4.expected_behavior,
        thresholds=hc4.thresholds_text,
    )
    return row, doc, excerpt


def vortex_refs(frontmatter: Any) -> dict[str, list[str]]:
    """Earlier Vortex artifacts the HC4 names (HC2 problem, HC3 hypothesis), by contract."""
    refs: dict[str, list[str]] = {}
    items = frontmatter.get("input_artifacts") if isinstance(frontmatter, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("path") and item.get("contract"):
            refs.setdefault(str(item["contract"]).upper(), []).append(str(item["path"]))
    return refs
