"""What HC4 and HC5 validation share: collecting findings, and the frontmatter rules.

Both contracts carry the same frontmatter keys; they differ in the contract name, who
the artifact is for, the allowed workflows and how strict a wrong workflow or target is
(an HC4 written by a person gets warnings; an HC5 we publish gets errors).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from vortex_pulse.contracts.markdown import Frontmatter
from vortex_pulse.contracts.result import Compliance, Finding, Level, finding_line

FRONTMATTER_REQUIRED: Final = (
    "contract",
    "type",
    "source_agent",
    "source_workflow",
    "target_agents",
    "input_artifacts",
    "created",
)


class Checker:
    """Findings and missing `Section.Field` names, in the order they were found.

    Kept as (level, field, message) until asked for: step 1 wants only their lines (a
    thousand HC4s, a score of findings each), the validators' results want the models."""

    def __init__(self) -> None:
        self.missing: list[str] = []
        self._needed: set[str] = set()  # `missing` as a set: each field is listed once
        self.found: list[tuple[Level, str, str]] = []

    @property
    def findings(self) -> list[Finding]:
        """The findings as models (a new list each time)."""
        return [Finding(level=level, field=field, message=msg) for level, field, msg in self.found]

    def lines(self) -> list[str]:
        """The findings as `str(Finding)` words them."""
        return [finding_line(level, field, msg) for level, field, msg in self.found]

    def add(self, level: Level, field: str, message: str) -> None:
        self.found.append((level, field, message))

    def need(self, field: str, message: str) -> None:
        if field not in self._needed:
            self._needed.add(field)
            self.missing.append(field)
        self.add("error", field, message)

    def compliance(self, rejected: bool) -> Compliance:
        """The verdict: No when the contract's own rule rejects the document, else Partial
        for any error or missing field, else Yes."""
        if rejected:
            return "No"
        if self.missing or any(level == "error" for level, _, _ in self.found):
            return "Partial"
        return "Yes"


@dataclass(frozen=True)
class FrontmatterRules:
    contract: str  # "HC4" | "HC5"
    target: str  # the agent `target_agents` must include
    workflows: tuple[str, ...]
    source_agent: str | None = None  # checked when set
    level: Level = "error"  # for a wrong type, agent, workflow or target


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def check_frontmatter(fm: Frontmatter, rules: FrontmatterRules, check: Checker) -> bool:
    """Check the frontmatter; True when it declares `rules.contract`."""
    if not fm.present:
        check.need(
            "Frontmatter",
            f"no YAML frontmatter (expected contract: {rules.contract} between --- lines)",
        )
        return False
    if fm.error is not None:
        check.need("Frontmatter", fm.error)
        return False
    data = fm.data
    for key in FRONTMATTER_REQUIRED:
        if _blank(data.get(key)):
            check.need(f"Frontmatter.{key}", "required frontmatter key is missing")
    declared = str(data.get("contract", "")).strip()
    if declared and declared.upper() != rules.contract:
        check.add("error", "Frontmatter.contract", f"is {declared!r}, expected {rules.contract}")
        return False
    kind = data.get("type")
    if not _blank(kind) and kind != "artifact":
        check.add(rules.level, "Frontmatter.type", f"is {kind!r}, expected artifact")
    agent = data.get("source_agent")
    if rules.source_agent and not _blank(agent) and str(agent).lower() != rules.source_agent:
        check.add(
            rules.level, "Frontmatter.source_agent", f"is {agent!r}, expected {rules.source_agent}"
        )
    workflow = data.get("source_workflow")
    if not _blank(workflow) and workflow not in rules.workflows:
        check.add(
            rules.level,
            "Frontmatter.source_workflow",
            f"is {workflow!r}, expected one of {', '.join(rules.workflows)}",
        )
    targets = data.get("target_agents")
    if not _blank(targets) and (
        not isinstance(targets, list) or rules.target not in [str(t).lower() for t in targets]
    ):
        check.add(
            rules.level,
            "Frontmatter.target_agents",
            f"expected a list that includes {rules.target}",
        )
    artifacts = data.get("input_artifacts")
    if not _blank(artifacts) and not (
        isinstance(artifacts, list)
        and all(isinstance(a, dict) and a.get("path") and a.get("contract") for a in artifacts)
    ):
        check.add(
            "error", "Frontmatter.input_artifacts", "expected a list of {path, contract} entries"
        )
    created = data.get("created")
    if not _blank(created) and not isinstance(created, dt.date):
        try:
            dt.datetime.fromisoformat(str(created).replace("Z", "+00:00"))
        except ValueError:
            check.add("error", "Frontmatter.created", f"{created!r} is not an ISO date")
    return bool(declared)
