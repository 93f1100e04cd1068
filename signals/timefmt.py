"""Epoch seconds <-> the ISO 8601 UTC strings the facts carry ("2026-03-01T00:00:00Z")."""

from __future__ import annotations

from datetime import datetime

import numpy as np


def iso(t: float) -> str:
    return str(np.datetime_as_string(np.datetime64(int(round(t)), "s"), unit="s")) + "Z"


def epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
