"""Noah's HC10 flag to Isla: one per experiment Compass routed to user discovery.

The flag carries the experiment's anomalies, how they deviate from what the experiment
expected, and the discovery focus questions (the same ones the HC5 shows).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime
from vortex_pulse.contracts.hc10 import render_hc10s
from vortex_pulse.core.atomic import write_texts
from vortex_pulse.core.paths import confined_all, display_paths
from vortex_pulse.graphs.context import Context, context_of
from vortex_pulse.graphs.state import State, hc4_of, portfolio_of
from vortex_pulse.report.hc10 import build_flag, hc10_name


def isla(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx = context_of(runtime.context, state)
    base = ctx.cfg.path.parent if ctx.cfg.path else None
    # an anomaly unchanged since an earlier HC10 is referenced by its route, not re-filed
    wanted = [
        i
        for r in state["routes"]
        if r["agent"] == "isla" and not r.get("reference")
        for i in r["experiments"]
    ]
    reads = hc4_of(state, ctx.memo)
    exps = {e.id: e for e in portfolio_of(state, ctx.memo).experiments}
    hc5 = Path(state["hc5_path"]).name
    # The ids are untrusted text: slugged, and the results confined to the folder.
    paths = confined_all(ctx.artifacts_dir, [hc10_name(i, state["date"]) for i in wanted])
    # the config's folder resolved once for all ~800 flags, not once per flag
    hc4s = display_paths(
        [read.validation.path if (read := reads.get(i)) else None for i in wanted], base
    )
    texts = render_hc10s(
        build_flag(exps[exp_id], hc5, hc4, state["date"])
        for exp_id, hc4 in zip(wanted, hc4s, strict=True)
    )
    return {"hc10_paths": [str(p) for p in write_texts(list(zip(paths, texts, strict=True)))]}
