"""`pulse chat [CONFIG] [--model SPEC] [--thread ID] [--date D]`: a session with Noah.

Every turn is checkpointed (the config's checkpoint backend): leave at any point and come
back with `--thread ID` to the same place, a paused workflow step included.
"""

from __future__ import annotations

from pathlib import Path

from vortex_pulse.pulse.api import ChatSession, Turn
from vortex_pulse.pulse.chat.render import ChatIO, chat_io
from vortex_pulse.pulse.commands.terminal import day_option


def _show(turn: Turn, io: ChatIO) -> None:
    for text in turn.said:
        io.show(text)
    if turn.pause:
        io.pause(turn.pause)


def main(
    config: Path,
    *,
    model: str | None = None,
    thread: str | None = None,
    date: str | None = None,
    io: ChatIO | None = None,
) -> int:
    day_option("--date", date)  # a mistake is one line before a session opens
    io = io or chat_io()
    with ChatSession(config, model=model, thread_id=thread, date=date) as chat:
        tid = chat.thread_id
        if chat.resumed:
            io.note(f"resuming thread {tid}")
        else:
            io.note(f"thread {tid} (come back with: pulse chat --thread {tid})")
        turn = chat.start()
        _show(turn, io)
        while not turn.dismissed:
            try:
                line = io.read()
                if line is None:
                    break
                if line.strip():
                    turn = chat.send(line)
                    _show(turn, io)
            except KeyboardInterrupt:
                io.note(f"\nleft; the session is saved: pulse chat --thread {tid}")
                return 130
    io.note(f"thread {tid}")
    return 0
