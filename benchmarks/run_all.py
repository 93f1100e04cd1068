"""Run every benchmarks/bench_*.py module's `main()` with its own (small) default sizes.

.venv/bin/python -m benchmarks.run_all      (what `make bench` runs)
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main() -> int:
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    failed = []
    for name in names:
        print(f"== {name}", flush=True)
        argv, sys.argv = sys.argv, [f"benchmarks/{name}.py"]  # each parses its own defaults
        t = time.perf_counter()
        try:
            importlib.import_module(f"benchmarks.{name}").main()
        except Exception as exc:  # report and go on: one broken benchmark must not hide others
            failed.append(name)
            print(f"{name} failed: {type(exc).__name__}: {exc}", flush=True)
        finally:
            sys.argv = argv
        print(f"== {name} done in {time.perf_counter() - t:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
