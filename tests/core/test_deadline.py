"""core/deadline.py: the body cap counts what the caller will hold (decoded bytes), so a
small gzip answer that inflates past the cap is refused, and a gzip answer under the cap
reads as its decoded content."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from vortex_pulse.core.deadline import BodyTooLarge, http_request

PAYLOAD = {"status": "success", "data": {"result": [1, 2, 3]}}
BOMB = gzip.compress(b"0" * 5_000_000)  # about 5 KB on the wire, 5 MB decoded


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (
            BOMB if self.path.startswith("/bomb") else gzip.compress(json.dumps(PAYLOAD).encode())
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()


def test_gzip_answer_reads_decoded(server: str) -> None:
    resp = http_request("GET", f"{server}/ok", deadline_s=5)
    assert resp.status_code == 200
    assert resp.json() == PAYLOAD
    assert "content-encoding" not in resp.headers


def test_gzip_bomb_is_refused_by_decoded_size(server: str) -> None:
    assert len(BOMB) < 100_000
    with pytest.raises(BodyTooLarge):
        http_request("GET", f"{server}/bomb", deadline_s=5, max_bytes=1_000_000)
