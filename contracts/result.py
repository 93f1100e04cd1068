"""The outcome of validating one HC4 / HC5 file (the `pulse validate --json` object)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from vortex_pulse.contracts.baselines import Baseline

Compliance = Literal["Yes", "Partial", "No"]
Readiness = Literal["Ready", "Needs Attention"]
ContractName = Literal["HC4", "HC5", "HC10", "brief", "unknown"]
Level = Literal["error", "warning", "info"]


class Finding(BaseModel):
    level: Level
    field: str  # "Section.Field", or "Frontmatter.contract", or "Document"
    message: str

    def __str__(self) -> str:
        return finding_line(self.level, self.field, self.message)


def finding_line(level: Level, field: str, message: str) -> str:
    """A finding as one line ("error: Section.Field: message")."""
    return f"{level}: {field}: {message}"


class ContractResult(BaseModel):
    path: str | None = None
    contract: ContractName = "unknown"
    compliant: Compliance = "No"
    readiness: Readiness | None = None  # HC4 only
    missing: list[str] = Field(default_factory=list)  # "Section.Field"
    findings: list[Finding] = Field(default_factory=list)
    baselines: list[Baseline] | None = None  # HC4 only

    @property
    def ok(self) -> bool:
        return self.compliant == "Yes"

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]
