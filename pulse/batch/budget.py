"""One model budget and one concurrency limit shared by every pass of a batch.

The narrator of each pass asks the model in its own thread pool; what keeps a batch of
many portfolios within the limits is a semaphore and a token account that all narrators
share. Before a call, its worst case (the prompt estimate plus `llm.max_tokens` for the
answer) is reserved; after it, the reservation is replaced by what the call used. A call
whose reservation does not fit is never made: the pass stops with BudgetSpent, so the
tokens spent never exceed `--max-tokens`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class BudgetSpent(Exception):
    """The token budget cannot pay for the next model call."""


class TokenBudget:
    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.used = 0
        self._reserved = 0
        self._lock = threading.Lock()

    def reserve(self, tokens: int) -> None:
        with self._lock:
            if self.limit is not None and self.used + self._reserved + tokens > self.limit:
                raise BudgetSpent(f"{self.used} of {self.limit} tokens used")
            self._reserved += tokens

    def settle(self, reserved: int, used: int) -> None:
        with self._lock:
            self._reserved -= reserved
            self.used += used

    @property
    def spent(self) -> bool:
        return self.limit is not None and self.used >= self.limit


class SharedLimit:
    """At most `n` model calls in flight across the whole batch; remembers the peak."""

    def __init__(self, n: int) -> None:
        self.n = n
        self._sem = threading.BoundedSemaphore(n)
        self._lock = threading.Lock()
        self.in_flight = 0
        self.peak = 0

    def acquire(self) -> None:
        self._sem.acquire()
        with self._lock:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)

    def release(self) -> None:
        with self._lock:
            self.in_flight -= 1
        self._sem.release()

    @contextmanager
    def slot(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()
