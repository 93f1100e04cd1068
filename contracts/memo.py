"""Per-pass memoisation of the pure text functions the HC4 reader calls per line and cell.

A portfolio's HC4s are written from one template: the same headings, labels, table headers
and threshold phrases ("<50% for 2+ days") recur across hundreds of files. Inside a
`per_pass()` block each such phrase is read once; outside one (a single file, the tests,
any other caller) every call computes afresh. The memo lives in a context variable, so
two passes in two threads never share one, and it is dropped when the block ends: nothing
is remembered from one pass to the next (docs/decisions/2020-hc4-reading-speed.md).

Only functions of one hashable argument returning immutable values (str, tuples, frozen
dataclasses, None) go through `call`: a caller can never alter what another one gets.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

A = TypeVar("A", bound=Hashable)
R = TypeVar("R")

_MEMO: ContextVar[dict[tuple[Any, Any], Any] | None] = ContextVar("contract_memo", default=None)


@contextmanager
def per_pass() -> Iterator[None]:
    """Memoise `call`s made inside the block (nested blocks share the outer memo)."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def call(fn: Callable[[A], R], arg: A) -> R:
    """`fn(arg)`, remembered for the rest of the enclosing `per_pass()` block, if any."""
    memo = _MEMO.get()
    if memo is None:
        return fn(arg)
    key = (fn, arg)
    try:
        return memo[key]
    except KeyError:
        value = memo[key] = fn(arg)
        return value
