"""The status rule: one SLO, then the whole spec (docs/smartspec.md, "Status").

Per SLO:
- unhealthy — a ratio SLO pages (1 h/5 min over 14.4 or 6 h/30 min over 6), or a threshold
  SLO's breach has held for its persistence;
- degraded — a ratio SLO raises a ticket (3 d/6 h over 1) or has spent its whole budget;
  a threshold SLO is breached but not yet for its persistence;
- unknown — no sample within `stale_after` of the evaluation time;
- healthy — otherwise.
The spec: unhealthy if any SLO is; degraded if any is degraded or unknown, or when it has
no SLO at all (health that cannot be seen is not health); healthy otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

SloStatus = Literal["healthy", "degraded", "unhealthy", "unknown"]
SpecStatus = Literal["healthy", "degraded", "unhealthy"]


def spec_status(statuses: Iterable[SloStatus]) -> SpecStatus:
    seen = set(statuses)
    if not seen:  # nothing could be monitored: not a health anyone has seen
        return "degraded"
    if "unhealthy" in seen:
        return "unhealthy"
    if seen & {"degraded", "unknown"}:
        return "degraded"
    return "healthy"
