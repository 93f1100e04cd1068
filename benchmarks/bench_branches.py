"""CPU of the last steps of a pass: Compass's branches (Max, Isla, Noah's deep dive) and
publish (JSON + HTML reports), on bench_graph's synthetic portfolio.

    .venv/bin/python -m benchmarks.bench_branches --experiments 1000 --repeat 5

Setup (not timed): bench_graph's portfolio, and the steps before the branches
(validate_inputs .. synthesize) run once. Timed: the branches Compass routed to, then
publish, on a fresh copy of that state each repeat, the same output folder (so from the
second repeat on the ~900 artifacts replace earlier ones, as a daily pass does). CPU time
(`time.process_time`, every thread), minimum over repeats per step; wall for reference.
"""

from __future__ import annotations

import json
import time

from vortex_pulse.core.gcpause import cyclic_gc_paused
from vortex_pulse.graphs.graph import BRANCH_NODES
from vortex_pulse.graphs.nodes.compass import BRANCH_OF
from vortex_pulse.graphs.nodes.publish import publish

from benchmarks.bench_graph import NOAH, portfolio, sized, start

NODES = {**BRANCH_NODES, "publish": publish}


def main() -> None:
    args = sized(__doc__, experiments=300, repeat=3)
    with portfolio(args.experiments, "branches") as cfg:
        rt, state = start(cfg)
        with cyclic_gc_paused():  # as run_pass does
            for node in NOAH:
                state.update(node(state, rt))
            order = [*dict.fromkeys(BRANCH_OF[r["agent"]] for r in state["routes"]), "publish"]
            cpu: dict[str, list[float]] = {k: [] for k in order}
            wall: list[float] = []
            for _ in range(args.repeat):
                st, w = dict(state), time.perf_counter()
                for name in order:
                    c = time.process_time()
                    st.update(NODES[name](st, rt))
                    cpu[name].append(time.process_time() - c)
                wall.append(time.perf_counter() - w)
    best = {k: round(min(v), 3) for k, v in cpu.items()}
    result = {
        "experiments": args.experiments,
        "repeat": args.repeat,
        "min_cpu_s": best,
        "min_cpu_total_s": round(sum(min(v) for v in cpu.values()), 3),
        "min_wall_total_s": round(min(wall), 3),
        "files": {
            "hc10": len(st.get("hc10_paths", [])),
            "deep_dives": len(st.get("deep_dives", [])),
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
