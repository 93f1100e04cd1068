"""HC10 (Noah -> Isla): the flag that sends one anomaly to user discovery.

Carries the anomaly, how it deviates from what the experiment expected, and the
questions discovery should answer. Rendered as markdown with frontmatter, like HC5;
table cells are neutralised the same way (`contracts.hc5_render.cell`).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field
from vortex_pulse.contracts.hc5_render import cell, line
from vortex_pulse.core.yamlsafe import plain_scalar, safe_dump


class HC10Flag(BaseModel):
    experiment: str
    anomaly_description: str
    deviation: str  # how production deviates from the experiment's expectations
    discovery_focus: list[str] = Field(default_factory=list)  # questions for Isla
    source_hc5: str | None = None  # path of the HC5 report that raised the flag
    created: str = ""  # ISO date
    source_workflow: str = "production-monitoring"
    input_artifacts: list[str] = Field(default_factory=list)  # further paths (the HC4)


def _frontmatter(flag: HC10Flag) -> str:
    """The YAML frontmatter. About 800 flags a pass: the simple case (every value a simple
    text, as a pass's are) is written here, anything else by `safe_dump`; both give the
    same bytes (tests/contracts/test_hc10_frontmatter.py compares them on hostile texts)."""
    scalar = plain_scalar
    artifacts = [(flag.source_hc5, "HC5")] if flag.source_hc5 else []
    artifacts += [(p, "HC4") for p in flag.input_artifacts]
    workflow, created = scalar(flag.source_workflow), scalar(flag.created)
    paths = [scalar(p) for p, _contract in artifacts]
    if workflow is None or created is None or None in paths:
        return _dumped(flag)
    listed = "".join(
        f"- path: {p}\n  contract: {c}\n" for p, (_path, c) in zip(paths, artifacts, strict=True)
    )
    return (
        "contract: HC10\ntype: artifact\nsource_agent: noah\n"
        f"source_workflow: {workflow}\ntarget_agents:\n- isla\n"
        + (f"input_artifacts:\n{listed}" if listed else "input_artifacts: []\n")
        + f"created: {created}\n"
    )


def _dumped(flag: HC10Flag) -> str:
    """The frontmatter through PyYAML: every value, whatever it holds."""
    artifacts = []
    if flag.source_hc5:
        artifacts.append({"path": flag.source_hc5, "contract": "HC5"})
    artifacts += [{"path": p, "contract": "HC4"} for p in flag.input_artifacts]
    data = {
        "contract": "HC10",
        "type": "artifact",
        "source_agent": "noah",
        "source_workflow": flag.source_workflow,
        "target_agents": ["isla"],
        "input_artifacts": artifacts,
        "created": flag.created,
    }
    return safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def render_hc10s(flags: Iterable[HC10Flag]) -> list[str]:
    """`render_hc10` of each flag (a pass's ~800)."""
    return [render_hc10(flag) for flag in flags]


def render_hc10(flag: HC10Flag) -> str:
    """The HC10 markdown: frontmatter, the anomaly table, then numbered focus questions."""
    rows = [
        ("Experiment", flag.experiment),
        ("Anomaly Description", flag.anomaly_description),
        ("Deviation from Expected", flag.deviation),
        ("Source HC5", flag.source_hc5 or "—"),
    ]
    parts = [
        f"---\n{_frontmatter(flag)}---",
        f"# HC10 Discovery Flag: {line(flag.experiment)}",
        "## Anomaly\n\n| Field | Details |\n|-------|---------|\n"
        + "\n".join(f"| **{label}** | {cell(value)} |" for label, value in rows),
        "## Discovery Focus\n\n"
        + (
            "\n".join(f"{i}. {line(q)}" for i, q in enumerate(flag.discovery_focus, 1))
            or "No focus questions were given: Isla frames the discovery from the anomaly."
        ),
    ]
    return "\n\n".join(parts) + "\n"
