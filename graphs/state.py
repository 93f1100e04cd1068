"""The portfolio graph's state: JSON-able values only, so every checkpoint is plain data.

Typed models are checkpointed as `model_dump(mode="json")` dicts and rebuilt by name with
the accessors below (`hc4_of`, `specs_of`, `portfolio_of`, ...), the one place each key is
read back. Sources, the narrator and the progress callback live in the runtime context
(graphs/context.py), never here.

`typing_extensions.TypedDict`, not `typing.TypedDict`: pydantic builds the schemas a
LangGraph server serves (`GET /assistants/{id}/schemas`) and refuses the latter on 3.11.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from typing_extensions import TypedDict
from vortex_pulse.agents.noah.validate import HC4Read
from vortex_pulse.core.config import parse_timestamp
from vortex_pulse.graphs.context import Memo
from vortex_pulse.report.continuity import Continuity
from vortex_pulse.report.model import HC4Ref, Route
from vortex_pulse.signals.facts import ExperimentFacts, ExperimentSpec, PortfolioFacts
from vortex_pulse.signals.series import Window

T = TypeVar("T")


class InputState(TypedDict, total=False):
    """What a caller passes: the narrow input of one pass."""

    config_path: str  # the config a served graph loads (in process, the context carries it)
    date: str  # report date, YYYY-MM-DD
    model: str  # narrator spec ("offline", "openai:gpt-4o-mini", ...)
    until: str | None  # window end override (ISO 8601)
    pass_no: int  # 1 for the first pass on a thread, +1 for every later pass


class State(InputState, total=False):
    """Everything the nodes produce, step by step (each node overwrites only its keys)."""

    # step 1: validate inputs
    hc4: dict[str, dict[str, Any]]  # HC4Read by experiment id, in portfolio order
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
    continuity: dict[str, Any]  # Continuity with the previous report, decided once here
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
    "hc4": {},
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
    "continuity": {},
    "brief_path": None,
    "hc10_paths": [],
    "deep_dives": [],
    "guidance": [],
    "report": {},
    "json_path": "",
    "html_path": "",
}


# Typed views built once per pass. A node's JSON value reaches every later node as the
# same object (LangGraph's channels hand it on; only a resumed pass reads new copies), so
# the view is remembered beside that object in the pass's context (graphs/context.py:
# Context.memo, one entry per kind) and used while the state still holds the same object.
# Rebuilding the HC4 reads and the portfolio facts in every node cost about a second at
# 1,000 experiments. Callers read the shared view and never change it (docs/decisions/2080).


def _view(memo: Memo | None, key: str, value: Any, build: Callable[[Any], T]) -> T:
    if memo is None:
        return build(value)
    hit = memo.get(key)
    if hit is not None and hit[0] is value:
        return cast(T, hit[1])
    view = build(value)
    memo[key] = (value, view)
    return view


def remember(memo: Memo | None, key: str, value: Any, view: Any) -> None:
    """A node that built `value` from `view` (a model_dump) hands the view on."""
    if memo is not None:
        memo[key] = (value, view)


def _hc4(value: dict[str, Any]) -> dict[str, HC4Read]:
    return {k: HC4Read.model_validate(v) for k, v in value.items()}


def hc4_of(state: State, memo: Memo | None = None) -> dict[str, HC4Read]:
    return dict(_view(memo, "hc4", state["hc4"], _hc4))  # a copy of the mapping, shared reads


def hc4_refs(reads: dict[str, HC4Read]) -> dict[str, HC4Ref]:
    """What the reports say of each HC4 (path, compliance, readiness)."""
    return {k: HC4Ref.model_validate(r.row()) for k, r in reads.items()}


def continuity_of(state: State) -> Continuity:
    return Continuity.model_validate(state.get("continuity") or {})


def specs_of(state: State) -> list[ExperimentSpec]:
    return [ExperimentSpec.model_validate(s) for s in state["specs"]]


def window_of(state: State) -> Window:
    w = state["window"]
    as_of = parse_timestamp(w["as_of"]) if w.get("as_of") else None  # the report's moment
    return Window(start=parse_timestamp(w["start"]), end=parse_timestamp(w["end"]), as_of=as_of)


def experiments_of(state: State) -> list[ExperimentFacts]:
    return [ExperimentFacts.model_validate(e) for e in state["experiments"]]


def portfolio_of(state: State, memo: Memo | None = None) -> PortfolioFacts:
    return _view(memo, "portfolio", state["portfolio"], PortfolioFacts.model_validate)


def routes_of(state: State) -> list[Route]:
    return [Route.model_validate(r) for r in state["routes"]]
