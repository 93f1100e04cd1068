"""The Python API: what a script embeds instead of calling the CLI.

    from vortex_pulse.pulse.api import ChatSession, observe, run_pass

    result = run_pass("config.yaml", date=date(2026, 11, 23))   # a full pass: HC5, JSON, HTML
    seen = observe("config.yaml")                              # facts only, nothing written
    with ChatSession("config.yaml") as chat:                   # Noah, as `pulse chat`
        turn = chat.send("MO")                                 # turn.said, turn.pause

Errors are `vortex_pulse.core.errors.PulseError` subclasses, one line each, as on the CLI.
docs/decisions/1104-python-api.md says why this lives in `pulse/` (no new top-level name).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path
from types import TracebackType
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.types import Command
from vortex_pulse.core.config import PulseConfig
from vortex_pulse.core.config_bmad import load_any
from vortex_pulse.graphs.context import Context, ProgressFn
from vortex_pulse.pulse.pipeline import RunResult
from vortex_pulse.pulse.pipeline import run_pass as _run_pass
from vortex_pulse.signals.facts import PortfolioFacts
from vortex_pulse.signals.series import Source

__all__ = ["ChatSession", "Observation", "RunResult", "Turn", "observe", "run_pass"]

ConfigLike = str | Path | PulseConfig


def _config(config: ConfigLike) -> PulseConfig:
    # a config file, a BMAD project folder, or (no ./config.yaml) the BMAD project around
    return config if isinstance(config, PulseConfig) else load_any(Path(config))


def run_pass(
    config: ConfigLike,
    *,
    date: Date | None = None,
    model: str | None = None,
    until: str | None = None,
    thread_id: str | None = None,
    sources: Mapping[str, Source] | None = None,
    progress: ProgressFn | None = None,
) -> RunResult:
    """One monitoring pass, as `pulse run`: writes and returns the HC5, JSON and HTML paths."""
    return _run_pass(
        _config(config), date=date, model=model, until=until, thread_id=thread_id,
        sources=sources, progress=progress,
    )  # fmt: skip


@dataclass
class Observation:
    """Steps 1-4 of a pass: the portfolio's facts and each series' chart line."""

    facts: PortfolioFacts
    charts: dict[str, dict[str, dict[str, list[float]]]]


def observe(
    config: ConfigLike,
    *,
    date: Date | None = None,
    model: str | None = None,
    sources: Mapping[str, Source] | None = None,
) -> Observation:
    """The facts of the portfolio now, computed without writing anything."""
    from vortex_pulse.graphs.graph import observe as _observe
    from vortex_pulse.graphs.state import portfolio_of

    ctx = Context.build(_config(config), model=model, sources=sources)
    day = (date or datetime.now(UTC).date()).isoformat()
    state = _observe(ctx, day, model)
    return Observation(facts=portfolio_of(state), charts=state["charts"])


@dataclass
class Turn:
    """What Noah said in one turn, and the workflow pause now waiting (if any)."""

    said: list[str] = field(default_factory=list)
    pause: dict[str, Any] | None = None  # {"step", "title", "options", "prompt"}
    dismissed: bool = False


class ChatSession:
    """A checkpointed session with Noah (the chat graph). `start()` greets, or re-shows
    where a resumed thread stopped; `send(text)` is one user turn (a reply at a paused
    workflow step resumes it)."""

    def __init__(
        self,
        config: ConfigLike,
        *,
        model: str | None = None,
        thread_id: str | None = None,
        date: str | None = None,
        sources: Mapping[str, Source] | None = None,
    ) -> None:
        from vortex_pulse.graphs.chat.graph import compile_chat
        from vortex_pulse.graphs.checkpoint import open_checkpointer

        self.cfg = _config(config)
        self.thread_id = thread_id or f"chat-{uuid.uuid4().hex[:12]}"
        self.model, self.date = model, date
        self._ctx = Context.build(self.cfg, model=model, sources=sources)
        self._stack = ExitStack()
        where = f"{self.cfg.path}: checkpoint" if self.cfg.path else "checkpoint"
        saver = self._stack.enter_context(open_checkpointer(self.cfg.checkpoint, where))
        self._graph = compile_chat(saver)
        self._conf: RunnableConfig = {"configurable": {"thread_id": self.thread_id}}
        self._seen = 0

    def __enter__(self) -> ChatSession:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    @property
    def resumed(self) -> bool:
        """True when the thread already held a session before `start()`."""
        return bool(self._graph.get_state(self._conf).values)

    def start(self) -> Turn:
        snap = self._graph.get_state(self._conf)
        values = snap.values
        if values and snap.next and self._pause(snap) is None:
            # left mid-step (Ctrl-C, a crash): finish that step from its checkpoint
            self._seen = len(values.get("messages", []))
            return self._invoke(None)
        if values:
            msgs = values.get("messages", [])
            self._seen = len(msgs)
            last = [str(m.content) for m in msgs if isinstance(m, AIMessage)][-1:]
            return self._turn(last)
        first: dict[str, Any] = {"messages": [], "config_path": str(self.cfg.path or "")}
        first |= {k: v for k, v in (("model", self.model), ("date", self.date)) if v}
        return self._invoke(first)

    def send(self, text: str) -> Turn:
        waiting = self._pause() is not None
        turn: Any = Command(resume=text) if waiting else {"messages": [HumanMessage(text)]}
        return self._invoke(turn)

    def _invoke(self, turn: Any) -> Turn:
        out = self._graph.invoke(turn, self._conf, context=self._ctx)
        msgs = out.get("messages", [])
        said = [str(m.content) for m in msgs[self._seen :] if isinstance(m, AIMessage)]
        self._seen = len(msgs)
        return self._turn(said)

    def _turn(self, said: list[str]) -> Turn:
        snap = self._graph.get_state(self._conf)
        return Turn(
            said=said, pause=self._pause(snap), dismissed=snap.values.get("mode") == "dismissed"
        )

    def _pause(self, snap: Any = None) -> dict[str, Any] | None:
        snap = snap or self._graph.get_state(self._conf)
        for task in snap.tasks or ():
            for it in task.interrupts or ():
                return dict(it.value) if isinstance(it.value, dict) else {"prompt": str(it.value)}
        return None
