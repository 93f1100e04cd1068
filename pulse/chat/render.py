"""How a chat session reads and shows: rich on a terminal, plain lines on a pipe."""

from __future__ import annotations

import contextlib
import sys
from typing import Any, Protocol

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel


class ChatIO(Protocol):
    def show(self, text: str) -> None: ...
    def pause(self, payload: dict[str, Any]) -> None: ...
    def note(self, text: str) -> None: ...
    def read(self) -> str | None: ...  # None: the user left (EOF)


class PlainIO:
    """stdin is not a terminal: one input per line, plain output (scriptable)."""

    def show(self, text: str) -> None:
        print(f"Noah: {text}\n", flush=True)

    def pause(self, payload: dict[str, Any]) -> None:
        print("Your turn: " + " | ".join(payload.get("options", [])) + "\n", flush=True)

    def note(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def read(self) -> str | None:
        line = sys.stdin.readline()
        return None if line == "" else line.rstrip("\n")


class TerminalIO:
    """A terminal: markdown rendering, line editing and history (readline)."""

    def __init__(self) -> None:
        self.console = Console()
        with contextlib.suppress(ImportError):  # not on every platform
            import readline  # noqa: F401  (arrow keys and history for input())

    def show(self, text: str) -> None:
        self.console.print(Panel(Markdown(text), title="📡 Noah", title_align="left"))

    def pause(self, payload: dict[str, Any]) -> None:
        self.console.print("[bold]Your turn:[/] " + "  ".join(payload.get("options", [])))

    def note(self, text: str) -> None:
        self.console.print(f"[dim]{text}[/]")

    def read(self) -> str | None:
        try:
            return input("you › ")
        except EOFError:
            return None


def chat_io() -> ChatIO:
    return TerminalIO() if sys.stdin.isatty() and sys.stdout.isatty() else PlainIO()
