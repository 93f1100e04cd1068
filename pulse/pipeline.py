"""One monitoring pass as a function: what `pulse run`, `pulse watch`, the API and MCP call.

Owned by the graph work (issue 4): builds the graph input from a PulseConfig, invokes the
compiled graph with the configured checkpointer, and returns where the artifacts went.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

from contracts.report import PortfolioReport
from pulse.config import PulseConfig

ProgressFn = Callable[[str, int, int], None]  # (step label, done, total)


@dataclass
class RunResult:
    report: PortfolioReport
    hc5_path: Path
    json_path: Path
    html_path: Path | None = None
    brief_path: Path | None = None
    hc10_paths: list[Path] = field(default_factory=list)

    @property
    def p1(self) -> list[str]:
        return [e.id for e in self.report.experiments if e.priority == "P1"]


def run_pass(
    cfg: PulseConfig,
    *,
    date: Date | None = None,
    model: str | None = None,
    until: str | None = None,
    thread_id: str | None = None,
    progress: ProgressFn | None = None,
) -> RunResult:
    """Run the portfolio graph once. Raises PulseError for user mistakes, SourceError when
    a source cannot be read, ContractError when the HC5 fails validation."""
    raise NotImplementedError("issue 4 wires the graph here")
