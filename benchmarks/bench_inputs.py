"""Steps 1 and 2 of a pass on their own: reading and validating every HC4
(`validate_inputs`) and building the specs (`assemble`), in CPU seconds.

    .venv/bin/python -m benchmarks.bench_inputs [--experiments 1000] [--repeat 10]

The portfolio is bench_graph's (one small HC4 per experiment, 3 metrics each). Each repeat
is a new pass: `validate_inputs` opens a fresh per-pass memo every time, so nothing read
in one repeat helps the next. `assemble` is timed twice: with a fresh runtime context (its
`window.end: latest` builds the signal file's index, which `monitor` then reuses) and with
the index already built (the step's own work). Minimum over repeats, like bench_graph.
"""

from __future__ import annotations

import json
import time
from typing import Any

from vortex_pulse.core.gcpause import cyclic_gc_paused
from vortex_pulse.graphs.nodes.noah import assemble, validate_inputs

from benchmarks.bench_graph import portfolio, sized, start


def _cpu(fn: Any) -> tuple[float, Any]:
    c = time.process_time()
    out = fn()
    return time.process_time() - c, out


def main() -> None:
    args = sized(__doc__, experiments=1000, repeat=10)
    with portfolio(args.experiments, "inputs") as cfg:
        warm, _ = start(cfg)
        times: dict[str, list[float]] = {"validate_inputs": [], "assemble": [], "assemble_warm": []}
        for _ in range(args.repeat):
            fresh, state = start(cfg)
            with cyclic_gc_paused():  # as run_pass does
                t, out = _cpu(lambda s=state, rt=fresh: validate_inputs(s, rt))
                times["validate_inputs"].append(t)
                state.update(out)
                t, out = _cpu(lambda s=state, rt=fresh: assemble(s, rt))
                times["assemble"].append(t)
                t, _ = _cpu(lambda s=state: assemble(s, warm))
                times["assemble_warm"].append(t)
    result = {
        "experiments": args.experiments,
        "repeat": args.repeat,
        "min_cpu_s": {k: round(min(v), 3) for k, v in times.items()},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
