"""One retry policy for every model call: exponential backoff with full jitter (tenacity).

Retried: rate limits (429), server errors (5xx), 408/409, timeouts and dropped connections;
a server's Retry-After is honoured (capped). Not retried: other 4xx (bad key, bad request),
which no wait can fix. Errors are described by type and status only: provider messages can
echo request details, and nothing from them reaches a report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_random_exponential

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


def call_with_retry(fn: Callable[[], T], *, max_retries: int, backoff_s: float) -> T:
    """Run `fn`, retrying transient errors up to `max_retries` times; re-raise the last."""
    jitter = wait_random_exponential(multiplier=backoff_s, max=MAX_WAIT_S)

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        after = _retry_after(exc) if exc else None
        return max(jitter(state), after or 0.0)

    retrying: Retrying = Retrying(
        retry=retry_if_exception(is_transient),
        stop=stop_after_attempt(max_retries + 1),
        wait=wait,
        reraise=True,
    )
    return retrying(fn)
