"""What the SQLite checkpointer costs a 1,000-experiment offline pass, before and after
decisions 2001 (redact after serializing), 2002 (each value stored once) and 2260 (a
rollback journal), in the same run.

    .venv/bin/python -m benchmarks.bench_checkpoint [--experiments 1000] [--repeat 2]

Same data as benchmarks/bench_graph.py (its `setup`). Variants, interleaved, minimum over
repeats:
- before: LangGraph's SqliteSaver with the serializer that walks every value through
          `redact_obj` before serializing (what `open_checkpointer` used to yield);
- after:  `open_checkpointer` as it is.
Per variant: the pass's wall and CPU seconds, and the checkpointer's own CPU seconds
(thread CPU inside put / put_writes / get_tuple / delete_thread, in whichever thread
LangGraph calls them): that last figure is the one a busy machine distorts least.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver
from vortex_pulse.core.config import CheckpointConfig
from vortex_pulse.core.redact import redact_obj
from vortex_pulse.graphs import checkpoint
from vortex_pulse.pulse.pipeline import run_pass

from benchmarks.bench_graph import DAY, _outputs, setup

SAVER_METHODS = ("put", "put_writes", "get_tuple", "delete_thread")


class WalkFirst(JsonPlusSerializer):
    """The serializer before decision 2001."""

    def dumps_typed(self, obj: Any) -> tuple[str, bytes]:
        return super().dumps_typed(redact_obj(obj))


@contextmanager
def before(cc: CheckpointConfig, where: str = "checkpoint") -> Iterator[SqliteSaver]:
    cc.path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(cc.path), check_same_thread=False)
    try:
        yield SqliteSaver(conn, serde=WalkFirst(allowed_msgpack_modules=None))
    finally:
        conn.close()


def metered(opener: Any, spent: list[float]) -> Any:
    @contextmanager
    def open_(cc: CheckpointConfig, where: str = "checkpoint") -> Iterator[Any]:
        with opener(cc, where) as saver:
            for name in SAVER_METHODS:
                setattr(saver, name, _timed(getattr(saver, name), spent))
            yield saver

    return open_


def _timed(fn: Any, spent: list[float]) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        t = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent.append(time.thread_time() - t)

    return call


def one(cfg: Any, opener: Any) -> tuple[float, float, float, float]:
    """(wall, CPU, checkpointer CPU, database MB) of one pass."""
    spent: list[float] = []
    real = checkpoint.open_checkpointer
    checkpoint.open_checkpointer = metered(opener, spent)  # run_pass imports it per call
    try:
        t, c = time.perf_counter(), time.process_time()
        run_pass(cfg, date=DAY)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
    finally:
        checkpoint.open_checkpointer = real
    db = sum(p.stat().st_size for p in cfg.checkpoint.path.parent.glob("checkpoints.sqlite*"))
    return wall, cpu, sum(spent), db / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--experiments", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    openers: dict[str, Any] = {"before": before, "after": checkpoint.open_checkpointer}
    runs: dict[str, list[tuple[float, float, float, float]]] = {k: [] for k in openers}
    with tempfile.TemporaryDirectory(prefix="bench-checkpoint-") as tmp:
        root = Path(tmp)
        cfg = setup(root, args.experiments)
        small = setup(root / "warm", 20)
        for name, opener in openers.items():  # imports, template compilation
            one(_outputs(small, root / "warm", name), opener)
        for i in range(args.repeat):
            for name, opener in openers.items():
                runs[name].append(one(_outputs(cfg, root, f"{name}{i}"), opener))
    fields = ("wall_s", "cpu_s", "checkpointer_cpu_s", "database_mb")
    best = {
        k: {f: round(min(r[j] for r in v), 3) for j, f in enumerate(fields)}
        for k, v in runs.items()
    }
    result: dict[str, Any] = {
        "experiments": args.experiments,
        "repeat": args.repeat,
        "min": best,
        "checkpointer_cpu_saved_s": round(
            best["before"]["checkpointer_cpu_s"] - best["after"]["checkpointer_cpu_s"], 3
        ),
        "checkpointer_cpu_ratio": round(
            best["after"]["checkpointer_cpu_s"] / best["before"]["checkpointer_cpu_s"], 3
        ),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
