"""Validate an HC10 discovery flag (Noah -> Isla) and Max's evidence brief.

HC10 (docs/contracts.md): frontmatter `contract: HC10`, `source_agent: noah`,
`target_agents` naming isla, `input_artifacts` naming the source HC5, `created` (ISO
date); body: the anomaly description, its deviation from the experiment's expectations,
and at least one discovery focus question. Max's brief is not a contract: it is checked
for the shape a person relies on (a DRAFT, the HC5 it sorts, the three evidence groups).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from vortex_pulse.contracts.markdown import split_frontmatter, split_lines
from vortex_pulse.contracts.result import ContractResult, Finding

_ROW = re.compile(r"^\|\s*\*\*(?P<label>[^*|]+)\*\*\s*\|\s*(?P<value>.*?)\s*\|\s*$")
_QUESTION = re.compile(r"^\s*\d+\.\s+.*\?\s*$")


def _error(field: str, message: str) -> Finding:
    return Finding(level="error", field=field, message=message)


def _frontmatter(data: dict[str, Any]) -> list[Finding]:
    out = []
    if str(data.get("contract", "")).upper() != "HC10":
        out.append(_error("Frontmatter.contract", "expected HC10"))
    if str(data.get("source_agent", "")).lower() != "noah":
        out.append(_error("Frontmatter.source_agent", "expected noah"))
    targets = data.get("target_agents")
    if not isinstance(targets, list) or "isla" not in [str(t).lower() for t in targets]:
        out.append(_error("Frontmatter.target_agents", "expected a list naming isla"))
    artifacts = data.get("input_artifacts")
    hc5 = isinstance(artifacts, list) and any(
        isinstance(a, dict) and str(a.get("contract", "")).upper() == "HC5" and a.get("path")
        for a in artifacts
    )
    if not hc5:
        out.append(
            _error("Frontmatter.input_artifacts", "expected the source HC5 {path, contract: HC5}")
        )
    created = str(data.get("created", ""))
    try:
        date.fromisoformat(created)
    except ValueError:
        out.append(_error("Frontmatter.created", f"expected an ISO date, got {created!r}"))
    return out


def validate_hc10(text: str, path: str | None = None) -> ContractResult:
    lines = split_lines(text)
    fm = split_frontmatter(lines)
    findings = _frontmatter(fm.data)
    if fm.error is not None:  # every field above then reads as absent: say why first
        findings.insert(0, _error("Frontmatter", fm.error))
    rows = {m["label"].strip(): m["value"] for ln in lines if (m := _ROW.match(ln))}
    missing = [
        f"Anomaly.{label}"
        for label in ("Experiment", "Anomaly Description", "Deviation from Expected")
        if not rows.get(label, "").strip()
    ]
    findings += [_error(m, "missing or empty") for m in missing]
    if not any(_QUESTION.match(ln) for ln in lines):
        missing.append("Discovery Focus")
        findings.append(_error("Discovery Focus", "expected at least one numbered question"))
    return ContractResult(
        path=path,
        contract="HC10",
        compliant="Yes" if not findings else "No",
        missing=missing,
        findings=findings,
    )


def validate_brief(text: str, path: str | None = None) -> ContractResult:
    lines = split_lines(text)
    fm = split_frontmatter(lines)
    findings = []
    if str(fm.data.get("status", "")).lower() != "draft":
        findings.append(_error("Frontmatter.status", "expected draft: a person decides"))
    artifacts = fm.data.get("input_artifacts")
    if not (isinstance(artifacts, list) and any(
        isinstance(a, dict) and str(a.get("contract", "")).upper() == "HC5" for a in artifacts
    )):  # fmt: skip
        findings.append(_error("Frontmatter.input_artifacts", "expected the HC5 it sorts"))
    for group in ("STAY", "CHANGE", "UNCLEAR"):
        if not any(ln.startswith(f"## {group}") for ln in lines):
            findings.append(_error(group, f"expected a '## {group}' section"))
    findings.append(
        Finding(level="info", field="Document", message="Max's evidence brief: not a contract")
    )
    return ContractResult(
        path=path,
        contract="brief",
        compliant="Yes" if not [f for f in findings if f.level == "error"] else "No",
        findings=findings,
    )
