"""One monitoring pass as a function: what `pulse run` and `pulse watch` call.

Builds the graph input from a PulseConfig, invokes the
compiled graph with the configured checkpointer, and returns where the artifacts went.

Checkpoint threads: one per (config path, report date) unless a thread id is given. A pass
that died mid-way is resumed from its last completed step when it is started again with
the same inputs; a finished (or differently parameterised) thread starts a new pass, whose
first node resets every key of the previous one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path
from typing import Any

from langchain_core.runnables import RunnableConfig
from vortex_pulse.agents.narrators.base import Narrator
from vortex_pulse.core.config import PulseConfig, parse_timestamp
from vortex_pulse.core.errors import InputError
from vortex_pulse.graphs.context import ProgressFn
from vortex_pulse.graphs.state import InputState
from vortex_pulse.report.model import PortfolioReport
from vortex_pulse.signals.series import Source


@dataclass
class RunResult:
    report: PortfolioReport
    hc5_path: Path
    json_path: Path
    html_path: Path | None = None
    brief_path: Path | None = None
    hc10_paths: list[Path] = field(default_factory=list)
    thread_id: str = ""
    resumed: bool = False  # True when this call finished a pass an earlier call started
    deep_dives: list[dict[str, Any]] = field(default_factory=list)
    guidance: list[str] = field(default_factory=list)

    @property
    def p1(self) -> list[str]:
        return [e.id for e in self.report.experiments if e.priority == "P1"]


def default_thread_id(cfg: PulseConfig, day: Date) -> str:
    where = str(cfg.path) if cfg.path else "<config object>"
    digest = hashlib.sha256(f"{where}\n{day.isoformat()}".encode()).hexdigest()[:16]
    return f"pulse-{digest}"


def _inputs(cfg: PulseConfig, day: Date, model: str | None, until: str | None) -> InputState:
    if until is not None and until not in ("latest", "now"):  # as window.end takes them
        try:
            until = parse_timestamp(until).isoformat()
        except ValueError as exc:
            raise InputError(f"--until: {exc}") from None
    return {
        "config_path": str(cfg.path) if cfg.path else "",
        "date": day.isoformat(),
        "model": model or cfg.llm.model,
        "until": until,
    }


def run_pass(
    cfg: PulseConfig,
    *,
    date: Date | None = None,
    model: str | None = None,
    until: str | None = None,
    thread_id: str | None = None,
    progress: ProgressFn | None = None,
    sources: Mapping[str, Source] | None = None,
    narrator: Narrator | None = None,
) -> RunResult:
    """Run the portfolio graph once. Raises PulseError for user mistakes, SourceError when
    a source cannot be read, ContractError when the HC5 fails validation.

    `sources` replaces the configured sources (tests, embedding callers, `pulse batch`, which
    reads each source once for many dates); `narrator` replaces the configured one (`pulse
    batch` shares one model budget and concurrency limit across passes)."""
    from vortex_pulse.graphs.checkpoint import open_checkpointer
    from vortex_pulse.graphs.context import Context
    from vortex_pulse.graphs.graph import compile_graph

    if not cfg.portfolio:
        where = cfg.path or "config"
        raise InputError(f"{where}: portfolio: expected at least one experiment")
    day = date or datetime.now(UTC).date()
    inp = _inputs(cfg, day, model, until)
    ctx = Context.build(
        cfg, model=inp["model"], sources=sources, narrator=narrator, progress=progress
    )
    tid = thread_id or default_thread_id(cfg, day)
    config: RunnableConfig = {"configurable": {"thread_id": tid}}
    where = f"{cfg.path}: checkpoint" if cfg.path else "checkpoint"
    with open_checkpointer(cfg.checkpoint, where) as saver:
        graph = compile_graph(saver)
        snap = graph.get_state(config)
        values = snap.values or {}
        resume = bool(snap.next) and all(values.get(k) == v for k, v in inp.items())
        final: dict[str, Any]
        if resume:
            final = graph.invoke(None, config, context=ctx, durability="sync")
        else:
            inp["pass_no"] = int(values.get("pass_no") or 0) + 1
            if values:
                # The earlier pass will never be resumed: drop its checkpoints, so a daemon's
                # database holds one pass per thread instead of growing every interval.
                saver.delete_thread(tid)
            final = graph.invoke(inp, config, context=ctx, durability="sync")
    return RunResult(
        report=PortfolioReport.model_validate(final["report"]),
        hc5_path=Path(final["hc5_path"]),
        json_path=Path(final["json_path"]),
        html_path=Path(final["html_path"]) if final.get("html_path") else None,
        brief_path=Path(final["brief_path"]) if final.get("brief_path") else None,
        hc10_paths=[Path(p) for p in final.get("hc10_paths", [])],
        thread_id=tid,
        resumed=resume,
        deep_dives=list(final.get("deep_dives", [])),
        guidance=list(final.get("guidance", [])),
    )
