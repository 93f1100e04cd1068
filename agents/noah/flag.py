"""Noah's HC10 flag to Isla: one per experiment Compass routed to user discovery."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from graphs.context import Context
from graphs.state import State


def isla(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    raise NotImplementedError("waiting for contracts.hc10")
