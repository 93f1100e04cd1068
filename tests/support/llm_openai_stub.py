"""A small OpenAI-compatible chat-completions server on 127.0.0.1 for integration tests.

It answers like a real server (the JSON of /v1/chat/completions, usage included, HTTP
errors with a Retry-After) and is scripted per experiment, found in the prompt's facts.
A step is (status, content): status 200 sends `content` as the assistant message (a dict
is sent as its JSON text), other statuses send an error body. `delay_s` per key makes the
server that slow to answer (client timeouts).
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.llm_fakes import facts_in_text, key_of

Step = tuple[int, Any]


class Stub:
    def __init__(
        self,
        script: dict[str, list[Step]],
        default: Callable[[dict], Step],
        delay_s: dict[str, float] | None = None,
    ) -> None:
        self.script = script
        self.default = default
        self.delay_s = delay_s or {}
        self.calls: dict[str, int] = defaultdict(int)
        self.requests: list[dict[str, Any]] = []
        self.auth: set[str] = set()
        self.lock = threading.Lock()
        self.url = ""

    def step(self, body: dict[str, Any], auth: str) -> Step:
        text = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        facts = facts_in_text(text)
        key = key_of(facts)
        with self.lock:
            self.requests.append(body)
            self.auth.add(auth)
            i = self.calls[key]
            self.calls[key] += 1
        time.sleep(self.delay_s.get(key, 0.0))
        steps = self.script.get(key)
        if not steps:
            return self.default(facts)
        return steps[min(i, len(steps) - 1)]


def _handler(stub: Stub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if status == 429:
                self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            size = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(size))
            status, content = stub.step(body, self.headers.get("Authorization", ""))
            if status != 200:
                err = {"message": "scripted failure", "type": "server_error", "code": status}
                self._send(status, {"error": err})
                return
            text = content if isinstance(content, str) else json.dumps(content)
            self._send(
                200,
                {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model", "stub"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 321, "completion_tokens": 45, "total_tokens": 366},
                },
            )

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still sleeping for a timed-out client is abandoned

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out closed the socket: expected in these tests


@contextmanager
def serve(stub: Stub) -> Iterator[Stub]:
    server = _Server(("127.0.0.1", 0), _handler(stub))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
