"""The chat graph's state: messages plus plain-data progress of the workflow.

`mo` is the production-monitoring workflow in progress: steps done, the portfolio state so
far (graphs/state.py's `State`, plain data), the user's adjustments and the step-5 draft.
`si` is a signal-interpretation artifact waiting for the user's yes (nothing written before).
"""

from __future__ import annotations

from typing import Annotated, Any

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages
from typing_extensions import TypedDict


class ChatInput(TypedDict, total=False):
    """One turn: the user's message(s); settings are optional (default ./config.yaml)."""

    messages: Annotated[list[AnyMessage], add_messages]
    config_path: str
    model: str  # "offline" (default: llm.model of the config)
    date: str  # report date YYYY-MM-DD (default: today, UTC)


class ChatState(ChatInput, total=False):
    mode: str  # "menu" | "chat" | "si" | "ba" | "dismissed"
    mo: dict[str, Any] | None  # {"step", "target", "run", "adjust", "draft"}
    facts: dict[str, Any] | None  # {"portfolio", "charts", "hc4", "date"} the chat answers from
    si: dict[str, Any] | None  # {"name", "text"}: the SI artifact shown, written once confirmed
