"""Total deadlines: a request or call that must end by a wall-clock bound, whatever the
other side does.

HTTP clients' timeouts bound each read, not the request: a server that sends one byte
every few seconds keeps a request alive forever. `http_request` runs the request on an
event loop under `asyncio.wait_for`, which cancels it (and closes its socket) when the
deadline passes, and reads at most `max_bytes` of body. `call_with_deadline` bounds a
blocking call we cannot cancel (a provider SDK): it runs on a daemon thread that is
abandoned, not waited for, when time is up.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import ssl
import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx

T = TypeVar("T")
MAX_BODY_BYTES = 64_000_000  # a Prometheus answer for one series is far smaller


class DeadlineExceeded(httpx.TimeoutException):
    """The whole request (connect + headers + body) did not finish within its deadline.

    A subclass of httpx.TimeoutException (callers that retry timeouts keep doing so) and
    of TimeoutError by name: `describe` and retry policies recognise it."""


class BodyTooLarge(httpx.HTTPError):
    """The answer is larger than the caller's limit."""


@functools.cache
def _tls(verify: bool) -> ssl.SSLContext | bool:
    """One TLS context per process: building one (loading the CA bundle) costs tens of
    milliseconds, more than a whole local request (benchmarks/bench_deadline.py)."""
    if not verify:
        return False
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _run(coro_factory: Callable[[], Any]) -> Any:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro_factory())
    # Called from inside a running loop (an async host): use a loop of our own elsewhere.
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro_factory())
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def http_request(
    method: str,
    url: str,
    *,
    deadline_s: float,
    params: Mapping[str, str] | None = None,
    json: Any = None,
    headers: Mapping[str, str] | None = None,
    verify: bool = True,
    max_bytes: int = MAX_BODY_BYTES,
) -> httpx.Response:
    """One request that ends within `deadline_s` seconds in all (DeadlineExceeded else)."""

    async def go() -> httpx.Response:
        async with httpx.AsyncClient(
            timeout=deadline_s, headers=dict(headers or {}), verify=_tls(verify)
        ) as client:
            req = client.build_request(method, url, params=params, json=json)
            resp = await client.send(req, stream=True)
            try:
                chunks: list[bytes] = []
                total = 0
                # Decoded bytes are counted: a gzip answer of a few KB can inflate to GBs.
                async for chunk in resp.aiter_bytes():
                    total += len(chunk)
                    if total > max_bytes:
                        raise BodyTooLarge(f"answer larger than {max_bytes} bytes")
                    chunks.append(chunk)
            finally:
                await resp.aclose()
            # The body is already decoded: its encoding and length headers no longer apply.
            kept = [
                (k, v)
                for k, v in resp.headers.multi_items()
                if k.lower() not in ("content-encoding", "content-length")
            ]
            return httpx.Response(
                resp.status_code,
                headers=kept,
                content=b"".join(chunks),
                request=req,
            )

    async def bounded() -> httpx.Response:
        try:
            return await asyncio.wait_for(go(), timeout=deadline_s)
        except TimeoutError:
            raise DeadlineExceeded(f"no complete answer within {deadline_s:g}s") from None

    result: httpx.Response = _run(bounded)
    return result


def call_with_deadline(fn: Callable[[], T], deadline_s: float) -> T:
    """`fn()`, or TimeoutError after `deadline_s` (the call is left behind on its thread)."""
    box: dict[str, Any] = {}
    done = threading.Event()
    # The call runs with the caller's context variables (LangChain callbacks, a shared
    # concurrency limit), as it would on the caller's own thread.
    ctx = contextvars.copy_context()

    def target() -> None:
        try:
            box["value"] = ctx.run(fn)
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc
        finally:
            done.set()

    t = threading.Thread(target=target, name="pulse-deadline", daemon=True)
    t.start()
    if not done.wait(deadline_s):
        raise TimeoutError(f"no answer within {deadline_s:g}s")
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value
