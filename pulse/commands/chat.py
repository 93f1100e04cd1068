"""`pulse chat [CONFIG] [--model SPEC] [--thread ID] [--date D]`: a session with Noah.

Every turn is checkpointed (the config's checkpoint backend): leave at any point and come
back with `--thread ID` to the same place, a paused workflow step included.
"""

from __future__ import annotations

import uuid
from datetime import date as Date
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.types import Command
from vortex_pulse.core.config import load_config
from vortex_pulse.core.errors import InputError
from vortex_pulse.graphs.chat.graph import compile_chat
from vortex_pulse.graphs.checkpoint import open_checkpointer
from vortex_pulse.graphs.context import Context
from vortex_pulse.pulse.chat.render import ChatIO, chat_io


def _pending(snapshot: Any) -> dict[str, Any] | None:
    """The pause payload the thread waits on, if any."""
    for task in snapshot.tasks or ():
        for it in task.interrupts or ():
            return dict(it.value) if isinstance(it.value, dict) else {"options": [str(it.value)]}
    return None


def _shown(messages: list[Any], since: int, io: ChatIO) -> None:
    for m in messages[since:]:
        if isinstance(m, AIMessage):
            io.show(str(m.content))


def main(
    config: Path,
    *,
    model: str | None = None,
    thread: str | None = None,
    date: str | None = None,
    io: ChatIO | None = None,
) -> int:
    cfg = load_config(config)
    if date is not None:
        try:
            Date.fromisoformat(date)
        except ValueError:
            raise InputError(f"--date: expected YYYY-MM-DD, got {date!r}") from None
    io = io or chat_io()
    ctx = Context.build(cfg, model=model)
    tid = thread or f"chat-{uuid.uuid4().hex[:12]}"
    conf: RunnableConfig = {"configurable": {"thread_id": tid}}
    with open_checkpointer(cfg.checkpoint, f"{config}: checkpoint") as saver:
        graph = compile_chat(saver)
        snap = graph.get_state(conf)
        seen = len(snap.values.get("messages", [])) if snap.values else 0
        if snap.values:
            io.note(f"resuming thread {tid}")
            last = [m for m in snap.values.get("messages", []) if isinstance(m, AIMessage)]
            if last:
                io.show(str(last[-1].content))
        else:
            io.note(f"thread {tid} (come back with: pulse chat --thread {tid})")
            first: dict[str, Any] = {"messages": [], "config_path": str(cfg.path)}
            first |= {k: v for k, v in (("model", model), ("date", date)) if v}
            out = graph.invoke(first, conf, context=ctx)
            _shown(out["messages"], seen, io)
            seen = len(out["messages"])
        pending = _pending(graph.get_state(conf))
        while True:
            if pending:
                io.pause(pending)
            try:
                line = io.read()
            except KeyboardInterrupt:
                io.note(f"\nleft; the session is saved: pulse chat --thread {tid}")
                return 130
            if line is None:
                break
            if not line.strip():
                continue
            turn: Any = (
                Command(resume=line) if pending else {"messages": [HumanMessage(content=line)]}
            )
            try:
                out = graph.invoke(turn, conf, context=ctx)
            except KeyboardInterrupt:
                io.note(f"\ninterrupted; the last finished step is saved: --thread {tid}")
                return 130
            _shown(out["messages"], seen, io)
            seen = len(out["messages"])
            snap = graph.get_state(conf)
            pending = _pending(snap)
            if snap.values.get("mode") == "dismissed":
                break
    io.note(f"thread {tid}")
    return 0
