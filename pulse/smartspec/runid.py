"""SmartSpec run ids: `YYYYMMDD-HHMMSSZ`, sortable; a collision gets a new id (`-2`, `-3`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

RUN_ID = re.compile(r"^\d{8}-\d{6}Z(?:-\d+)?$")


def run_id(now: datetime, taken: Path) -> str:
    base = now.astimezone(UTC).strftime("%Y%m%d-%H%M%SZ")
    rid, k = base, 2
    while (taken / rid).exists():
        rid, k = f"{base}-{k}", k + 1
    return rid
