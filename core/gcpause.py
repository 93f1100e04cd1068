"""Cyclic garbage collection paused for the length of a pass.

A pass builds millions of long-lived, acyclic objects (facts, the graph state's plain
dicts, parsed HC4s, report models). CPython's collector rescans every one of them in each
full collection, and starts one whenever that heap has grown by a quarter: on the
1,000-experiment benchmark, about ten full collections cost 2 of 11 seconds of CPU and
freed nothing that reference counting had not (peak memory is the same either way,
benchmarks/README.md). Reference counting still frees everything as usual; only the cycle
collector waits, and it runs again as soon as the last overlapping pass ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_active = 0  # passes in progress (a daemon, chat and server can overlap them)
_was_enabled = True


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cycle collector while the block runs; restore it when the last of
    overlapping blocks ends (the state it had when the first began)."""
    global _active, _was_enabled
    with _lock:
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _was_enabled:
                gc.enable()
