"""Max's evidence brief: the STAY / CHANGE / UNCLEAR sorting of one HC5, as a draft for a
person's decision. The sorting itself is Max's (agents/max/evidence.py); this renders it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from vortex_pulse.contracts.hc5 import HC5Report
from vortex_pulse.core.templates import environment
from vortex_pulse.report.model import Route

Evidence = Literal["STAY", "CHANGE", "UNCLEAR"]

GROUPS = (
    ("STAY", "supports the current direction", "Does it confirm the current direction?"),
    ("CHANGE", "against the current direction", "Does it call for a patch or a pivot?"),
    ("UNCLEAR", "not yet evidence either way", "What would make it conclusive?"),
)


@dataclass(frozen=True, slots=True)
class SortedSignal:
    experiment: str
    priority: str
    evidence: Evidence
    why: str
    divergence: str
    trajectory: str
    confidence: str


def _cell(text: object) -> str:
    return " ".join(str(text).replace("|", "\\|").split())


_ENV = environment("markdown", {"cell": _cell})


def render_brief(
    report: HC5Report, hc5_name: str, signals: list[SortedSignal], routes: list[Route]
) -> str:
    """The brief for one HC5 as parsed, with Max's sorting of its rows."""
    return _ENV.get_template("max_brief.md.j2").render(
        hc5_name=hc5_name,
        date=report.frontmatter.created,
        window=report.signal_description.time_window,
        severity=report.signal_description.severity,
        signals=signals,
        groups=GROUPS,
        routes=routes,
    )


def brief_name(date: str) -> str:
    return f"max-evidence-brief-{date}.md"
