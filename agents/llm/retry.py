"""One retry policy for every model call: exponential backoff with full jitter (tenacity).

Retried: rate limits (429), server errors (5xx), 408/409, timeouts and dropped connections;
a server's Retry-After is honoured (capped). Not retried: other 4xx (bad key, bad request),
which no wait can fix. Errors are described by type and status only: provider messages can
echo request details, and nothing from them reaches a report.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
)
from tenacity.stop import stop_base
from tenacity.wait import wait_random_exponential
from vortex_pulse.core.deadline import call_with_deadline

T = TypeVar("T")

_RETRY_STATUS = {408, 409, 429}
MAX_WAIT_S = 30.0


def status_of(exc: BaseException) -> int | None:
    """The HTTP status behind a provider error, when it has one."""
    for obj in (exc, getattr(exc, "response", None)):
        code = getattr(obj, "status_code", None)
        if isinstance(code, int):
            return code
    return None


def is_transient(exc: BaseException) -> bool:
    status = status_of(exc)
    if status is not None:
        return status in _RETRY_STATUS or status >= 500
    if isinstance(exc, TimeoutError | ConnectionError):
        return True
    # provider SDKs (openai, anthropic, httpx) name theirs *TimeoutError / *ConnectionError
    # / *TimeoutException without sharing a base class we could import unconditionally
    names = {c.__name__ for c in type(exc).__mro__}
    return any(n.endswith(("TimeoutError", "ConnectionError", "TimeoutException")) for n in names)


def describe(exc: BaseException) -> str:
    """'RateLimitError (429)': type and status, never the message."""
    status = status_of(exc)
    return f"{type(exc).__name__}" + (f" ({status})" if status is not None else "")


def _retry_after(exc: BaseException) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if headers is None:
        return None
    try:
        return min(float(headers.get("retry-after")), MAX_WAIT_S)
    except (TypeError, ValueError):
        return None


def call_with_retry(
    fn: Callable[[], T], *, max_retries: int, backoff_s: float, deadline_s: float | None = None
) -> T:
    """Run `fn`, retrying transient errors up to `max_retries` times; re-raise the last.

    `deadline_s` bounds everything (attempts, waits): a provider client's timeout bounds each
    read only, so a server that never answers (or trickles) would otherwise hold a pass for
    attempts x timeout; past the deadline the last error (a TimeoutError) is raised."""
    jitter = wait_random_exponential(multiplier=backoff_s, max=MAX_WAIT_S)
    end = time.monotonic() + deadline_s if deadline_s is not None else None

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        after = _retry_after(exc) if exc else None
        chosen = max(jitter(state), after or 0.0)
        return chosen if end is None else max(0.0, min(chosen, end - time.monotonic()))

    def attempt() -> T:
        if end is None:
            return fn()
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError("model call deadline passed")
        return call_with_deadline(fn, left)

    stop: stop_base = stop_after_attempt(max_retries + 1)
    if deadline_s is not None:
        stop = stop | stop_after_delay(deadline_s)
    retrying: Retrying = Retrying(
        retry=retry_if_exception(is_transient), stop=stop, wait=wait, reraise=True
    )
    return retrying(attempt)
