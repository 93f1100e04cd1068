"""Hostile HTTP servers on 127.0.0.1: one that trickles a byte at a time forever, one that
answers a fixed body (echoes, malformed answers)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@contextmanager
def trickle_server(every_s: float = 0.5) -> Iterator[tuple[str, threading.Event]]:
    """Accepts every connection, reads the request, then sends a valid-looking header one
    byte every `every_s` seconds, never finishing. Yields (base URL, 'got a request')."""
    stop = threading.Event()
    hit = threading.Event()
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    srv.settimeout(0.2)

    def serve_one(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(0.5)
            with suppress(OSError):
                conn.recv(65536)
            hit.set()
            payload = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100_000
            for b in payload:
                if stop.is_set():
                    return
                try:
                    conn.sendall(bytes([b]))
                except OSError:
                    return
                stop.wait(every_s)

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}", hit
    finally:
        stop.set()
        t.join(2)
        srv.close()


Responder = Callable[[BaseHTTPRequestHandler], tuple[int, Any]]


@contextmanager
def json_server(respond: Responder) -> Iterator[str]:
    """Answers every GET/POST with respond(handler) -> (status, JSON-able body)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self) -> None:
            size = int(self.headers.get("Content-Length") or 0)
            if size:
                self.rfile.read(size)
            status, body = respond(self)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = _answer  # noqa: N815
        do_POST = _answer  # noqa: N815

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        t.join(2)


def wait_for(pred: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return pred()
