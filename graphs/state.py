"""The portfolio graph's state: JSON-able values only, so every checkpoint is plain data.

Facts are stored as `model_dump(mode="json")` dicts and rebuilt with `model_validate` by
the node that needs them; sources, the narrator and the progress callback live in the
runtime context (graphs/context.py), never here.
"""

from __future__ import annotations

from typing import Any, TypedDict


class InputState(TypedDict, total=False):
    """What a caller passes: the narrow input of one pass."""

    config_path: str  # for provenance; the loaded config itself travels in the context
    date: str  # report date, YYYY-MM-DD
    model: str  # narrator spec ("offline", "openai:gpt-4o-mini", ...)
    until: str | None  # window end override (ISO 8601)
    pass_no: int  # 1 for the first pass on a thread, +1 for every later pass


class State(InputState, total=False):
    """Everything the nodes produce, step by step (each node overwrites only its keys)."""

    # step 1: validate inputs
    validation: list[dict[str, Any]]  # per experiment: id, path, compliant, readiness, missing
    excerpts: dict[str, dict[str, Any]]  # HC4Excerpt by experiment id
    hc4_docs: dict[str, dict[str, Any]]  # what assemble needs from each HC4, by experiment id
    # step 2: assemble
    specs: list[dict[str, Any]]  # ExperimentSpec
    window: dict[str, str]  # {"start", "end"} ISO 8601 UTC
    previous: dict[str, list[str]]  # earlier HC5 reports naming the experiment, by id
    # step 3: monitor
    experiments: list[dict[str, Any]]  # ExperimentFacts
    findings: list[dict[str, Any]]  # SourceFinding
    charts: dict[str, dict[str, dict[str, list[float]]]]  # id -> series -> {"t", "v"}
    # step 4: prioritize
    portfolio: dict[str, Any]  # PortfolioFacts
    # step 5: synthesize
    routes: list[dict[str, Any]]  # Route
    narrative: dict[str, Any]  # Narrative
    hc5_path: str
    # Compass branches
    brief_path: str | None
    hc10_paths: list[str]
    deep_dives: list[dict[str, Any]]
    guidance: list[str]  # "insufficient evidence": what each route would need
    # publish
    report: dict[str, Any]  # PortfolioReport
    json_path: str
    html_path: str


# Keys every new pass starts from empty, so a later pass on the same thread never shows
# leftovers of an earlier one.
PASS_DEFAULTS: dict[str, Any] = {
    "validation": [],
    "excerpts": {},
    "hc4_docs": {},
    "specs": [],
    "window": {},
    "previous": {},
    "experiments": [],
    "findings": [],
    "charts": {},
    "portfolio": {},
    "routes": [],
    "narrative": {},
    "hc5_path": "",
    "brief_path": None,
    "hc10_paths": [],
    "deep_dives": [],
    "guidance": [],
    "report": {},
    "json_path": "",
    "html_path": "",
}
