"""Cost of a total deadline per request (docs/decisions/1503-total-deadlines.md).

    .venv/bin/python -m benchmarks.bench_deadline [--requests 300]

A local HTTP server on 127.0.0.1 answers a small Prometheus-like JSON body. A: requests
through `core.deadline.http_request` (an event loop and a connection per request, the
whole request under `wait_for`); B: the same requests through one persistent
`httpx.Client` with per-read timeouts (what the sources and sinks did before), measured
in the same run, interleaved in rounds. Prints the median per-request time of each and
the ratio A / B; writes benchmarks/results/deadline.json.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from vortex_pulse.core.deadline import http_request

BODY = json.dumps({"status": "success", "data": {"resultType": "matrix", "result": []}}).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: B reuses its connection, as a pool does

    def setup(self) -> None:
        super().setup()
        # headers and body are two writes: without NODELAY, delayed ACKs add ~40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: Any) -> None:
        pass


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api/v1/query"
    per = args.requests // args.rounds
    a_times: list[float] = []
    b_times: list[float] = []
    with httpx.Client(timeout=30) as client:
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            for _ in range(per):
                http_request("GET", url, deadline_s=30, params={"query": "up"})
            a_times.append((time.perf_counter() - t0) / per)
            t0 = time.perf_counter()
            for _ in range(per):
                client.get(url, params={"query": "up"})
            b_times.append((time.perf_counter() - t0) / per)
    server.shutdown()
    a, b = statistics.median(a_times), statistics.median(b_times)
    result = {"requests": per * args.rounds, "deadline_ms": a * 1e3, "client_ms": b * 1e3,
              "ratio": a / b}  # fmt: skip
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "deadline.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"A http_request (total deadline): {a * 1e3:.2f} ms/request; "
        f"B persistent httpx.Client: {b * 1e3:.2f} ms/request; A/B = {a / b:.2f}"
    )


if __name__ == "__main__":
    main()
