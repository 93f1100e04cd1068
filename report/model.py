"""The machine-readable portfolio report (DESIGN.md, Outputs): the same facts as the HC5.

`report.schema.json` beside this file is generated from these models
(`python -m vortex_pulse.report.model > report/report.schema.json`); a test keeps it in sync.
"""

from __future__ import annotations

import json
from typing import Any, Literal

import orjson
from pydantic import BaseModel, Field
from vortex_pulse.signals.facts import Confidence, ExperimentFacts, Pattern, Severity


class Window(BaseModel):
    start: str
    end: str


class PortfolioSummary(BaseModel):
    severity: Severity
    confidence: Confidence
    summary: str


class HC4Ref(BaseModel):
    id: str | None = None
    path: str | None = None
    compliant: Literal["Yes", "Partial", "No"] = "No"
    readiness: Literal["Ready", "Needs Attention"] = "Needs Attention"
    missing: list[str] = Field(default_factory=list)


class ReportExperiment(ExperimentFacts):
    hc4: HC4Ref = Field(default_factory=HC4Ref)
    story: str = ""  # the experiment's story, as the HC5 tells it
    since_last: str = ""  # what changed since the previous report


class Route(BaseModel):
    agent: Literal["max", "isla", "noah", "none"]
    workflow: str  # learning-card | user-discovery | signal-interpretation | insufficient-evidence
    contract: str | None = None  # HC5 | HC10 | None
    reason: str
    experiments: list[str] = Field(default_factory=list)
    needs: str | None = None  # for "insufficient evidence": what the route would need
    topic: str | None = None  # deep dives: names the artifact (signal-interpretation-{topic})
    reference: str | None = None  # an earlier HC10 carrying the same anomaly: not re-filed


class Rejection(BaseModel):
    experiment: str
    field: str
    reason: str


class Tokens(BaseModel):
    prompt: int = 0
    completion: int = 0


class NarrativeMeta(BaseModel):
    model: str = "offline"
    used_model_text: int = 0
    fallbacks: int = 0
    rejections: list[Rejection] = Field(default_factory=list)
    tokens: Tokens = Field(default_factory=Tokens)


class PortfolioReport(BaseModel):
    contract: Literal["HC5"] = "HC5"
    created: str
    date: str
    window: Window
    portfolio: PortfolioSummary
    experiments: list[ReportExperiment]
    patterns: list[Pattern] = Field(default_factory=list)
    routes: list[Route] = Field(default_factory=list)
    narrative: NarrativeMeta = Field(default_factory=NarrativeMeta)
    insufficient: list[str] = Field(default_factory=list)
    priority_counts: dict[str, int] = Field(default_factory=dict)  # from PortfolioFacts
    consistency: str = ""
    coverage: str = ""
    artifacts: dict[str, str] = Field(default_factory=dict)  # hc5 / json / html / brief paths


def report_json(report: PortfolioReport) -> tuple[dict[str, Any], str]:
    """The report as JSON data (what the pass's state holds) and as the JSON file's text,
    from one dump (docs/decisions/2241-report-json-dumped-once.md).

    The text is `report.model_dump_json(indent=2)` plus a newline, written by orjson from
    the data: the data holds only what JSON mode gives (str keys; str, int, float, bool,
    None, lists, dicts), which both write the same way: shortest round-trip floats, NaN and
    infinities as null, the same escapes, two-space indents. What orjson refuses (an int
    past 64 bits, a lone surrogate) is written by pydantic, as before."""
    data = report.model_dump(mode="json")
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        text = report.model_dump_json(indent=2)
    return data, text + "\n"


def json_schema() -> dict[str, object]:
    schema = PortfolioReport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://vortex-pulse.dev/schemas/portfolio-report.schema.json"
    return schema


if __name__ == "__main__":
    print(json.dumps(json_schema(), indent=2, sort_keys=True))
