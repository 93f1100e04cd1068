"""One monitoring pass as a function: what `pulse run` and `pulse watch` call.

Builds the graph input from a PulseConfig, invokes the
compiled graph with the configured checkpointer, and returns where the artifacts went.

Checkpoint threads: one per (config path, report date) unless a thread id is given. A pass
that died mid-way is resumed from its last completed step only when it is started again
with identical inputs: the fingerprint of the config's content, every HC4's content, every
file source's (device, inode, size, times), the date, model, window end and output
folders is stored with the checkpoint and compared. Anything else starts a new pass, whose
first node resets every key of the previous one. A pass that reads a live source
(Prometheus) with `window.end` latest/now is never resumed: its data moved on since the
failure, so its window must be computed again (docs/decisions/1501-resume-identical.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
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
from vortex_pulse.core.files import read_bytes
from vortex_pulse.core.gcpause import cyclic_gc_paused
from vortex_pulse.core.paths import ARTIFACTS
from vortex_pulse.core.redact import redact
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


FINGERPRINT_KEY = "pulse_inputs"


def _first_line(exc: BaseException) -> str:
    text = redact(str(exc)).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _file_digest(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        return hashlib.sha256(read_bytes(path, "markdown")).hexdigest()
    except OSError as exc:  # a missing HC4 is reported by the pass itself
        return f"unreadable:{type(exc).__name__}"


def inputs_fingerprint(
    cfg: PulseConfig, inp: Mapping[str, Any], sources: Mapping[str, Source]
) -> tuple[str, bool]:
    """(digest of everything a pass reads, whether a resume may be allowed at all)."""
    if cfg.path is not None:
        config_digest = _file_digest(cfg.path)
    else:
        config_digest = hashlib.sha256(cfg.model_dump_json().encode()).hexdigest()
    live = False
    fps: dict[str, Any] = {}
    for name, src in sorted(sources.items()):
        fingerprint = getattr(src, "fingerprint", None)
        if callable(fingerprint):
            try:
                fps[name] = list(fingerprint())
            except Exception as exc:  # vanished: the pass fails on it; never resume
                fps[name] = f"error:{type(exc).__name__}"
        elif getattr(src, "live", False):  # a query API: its data moves on by itself
            fps[name] = "live"
            live = True
        else:
            fps[name] = "opaque"  # an embedding caller's source: its inputs are its own
    end = inp.get("until") or cfg.window.end
    parts = {
        "config": config_digest,
        "hc4": {e.id: _file_digest(e.hc4) for e in cfg.portfolio},
        "sources": fps,
        "inputs": {k: inp.get(k) for k in ("date", "model", "until")},
        "window": [cfg.window.lookback, cfg.window.end],
        "outputs": [str(cfg.output_folder), str(cfg.reports_folder)],
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return digest, not (live and end in ("latest", "now"))


def preflight_outputs(cfg: PulseConfig) -> None:
    """Every folder a pass writes to exists or can be made, and takes files: checked before
    anything is written (and without creating anything), so an unusable reports folder
    fails the pass before the HC5, the brief and the HC10s exist (all or nothing)."""
    for folder, key in (
        (cfg.output_folder / ARTIFACTS, "output_folder"),
        (cfg.reports_folder, "reports_folder"),
    ):
        near = folder
        while not near.exists() and near.parent != near:
            near = near.parent
        if not near.is_dir():
            raise InputError(f"{near}: not a folder, so {key} {folder} cannot be made")
        if not os.access(near, os.W_OK | os.X_OK):
            raise InputError(f"{near}: not writable, so {key} {folder} cannot be written")


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
    from vortex_pulse.graphs.graph import compile_graph, invoke_pass

    if not cfg.portfolio:
        where = cfg.path or "config"
        raise InputError(f"{where}: portfolio: expected at least one experiment")
    day = date or datetime.now(UTC).date()
    inp = _inputs(cfg, day, model, until)
    preflight_outputs(cfg)
    ctx = Context.build(
        cfg, model=inp["model"], sources=sources, narrator=narrator, progress=progress
    )
    tid = thread_id or default_thread_id(cfg, day)
    fingerprint, resumable = inputs_fingerprint(cfg, inp, ctx.sources)
    config: RunnableConfig = {
        "configurable": {"thread_id": tid},
        "metadata": {FINGERPRINT_KEY: fingerprint},
    }
    where = f"{cfg.path}: checkpoint" if cfg.path else "checkpoint"
    final: dict[str, Any]
    try:
        with cyclic_gc_paused(), open_checkpointer(cfg.checkpoint, where) as saver:
            graph = compile_graph(saver)
            try:
                snap = graph.get_state(config)
            except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
                # A corrupt, foreign or locked database: one line, not a driver traceback.
                raise InputError(
                    f"{where}.path: {cfg.checkpoint.path}: cannot read the checkpoint database"
                    f" ({_first_line(exc)})"
                ) from None
            values = snap.values or {}
            resume = (
                resumable
                and bool(snap.next)
                and (snap.metadata or {}).get(FINGERPRINT_KEY) == fingerprint
                and all(values.get(k) == v for k, v in inp.items())
            )
            if resume:
                final, built = invoke_pass(graph, None, config, ctx)
            else:
                inp["pass_no"] = int(values.get("pass_no") or 0) + 1
                if values:
                    # The earlier pass will never be resumed: drop its checkpoints, so a
                    # daemon's database holds one pass per thread instead of growing.
                    saver.delete_thread(tid)
                final, built = invoke_pass(graph, inp, config, ctx)
    except sqlite3.DatabaseError as exc:
        raise InputError(
            f"{where}.path: {cfg.checkpoint.path}: checkpoint database unusable"
            f" ({_first_line(exc)})"
        ) from None
    return RunResult(
        report=built if built is not None else PortfolioReport.model_validate(final["report"]),
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
