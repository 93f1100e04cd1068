"""Step 5 (`synthesize`: routes, narrative, HC5 render + contract validation, atomic write)
alone, on the bench_graph synthetic portfolio (issue 10's speed work, decisions 2040-2041).

    .venv/bin/python -m benchmarks.bench_synthesize [--experiments 1000] [--repeat 5]

Steps 1-4 run once (not timed); then step 5 runs --repeat times on the same state, each
time with the validation caches cleared (as bench_graph's `timed` does) and the cycle
collector paused (as `run_pass` does). Prints the minimum CPU (`time.process_time`) and
wall seconds and the HC5's size. The code measured is the interpreter's installed
vortex_pulse: run it with another checkout's `.venv/bin/python` (from that checkout's
folder) to measure that checkout on the same portfolio.
"""

from __future__ import annotations

import time
from pathlib import Path

from vortex_pulse.contracts.hc5_validate import validated_hc5_text
from vortex_pulse.contracts.strategy import classify
from vortex_pulse.core.gcpause import cyclic_gc_paused
from vortex_pulse.graphs.nodes.noah import synthesize

from benchmarks.bench_graph import NOAH, portfolio, sized, start


def main() -> None:
    args = sized(__doc__, experiments=1000, repeat=5)
    with portfolio(args.experiments, "synthesize") as cfg:
        rt, state = start(cfg)
        cpu: list[float] = []
        wall: list[float] = []
        with cyclic_gc_paused():
            for node in NOAH[:4]:
                state.update(node(state, rt))
            for _ in range(args.repeat):
                validated_hc5_text.cache_clear()
                classify.cache_clear()
                # each repeat words its phrases afresh, as a pass does (decision 2120)
                rt.context.memo.pop("told", None)
                t, c = time.perf_counter(), time.process_time()
                out = synthesize(state, rt)  # type: ignore[arg-type]
                cpu.append(time.process_time() - c)
                wall.append(time.perf_counter() - t)
        size = Path(out["hc5_path"]).stat().st_size
    print(
        f"synthesize at {args.experiments} experiments: CPU {min(cpu):.3f} s, "
        f"wall {min(wall):.3f} s (min of {args.repeat}); HC5 {size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
