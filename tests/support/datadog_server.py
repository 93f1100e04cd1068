"""A local server speaking Datadog's documented metrics query API (`GET /api/v1/query`).

Answers like Datadog does: `{status, res_type, query, from_date, to_date, series: [{metric,
display_name, scope, expression, tag_set, pointlist: [[epoch_ms, value]], start, end,
interval, length, aggr, unit}]}`, auth by the `DD-API-KEY` / `DD-APPLICATION-KEY` headers
(403 `{"errors": ["Forbidden"]}` otherwise), rate-limit headers `X-RateLimit-Limit`,
`-Period`, `-Remaining`, `-Reset`, and a 429 when told to. Queries are looked up by their
exact text in `data` (query -> (ts seconds, values)).
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np


class DatadogServer:
    def __init__(
        self,
        data: dict[str, tuple[np.ndarray, np.ndarray]],
        *,
        api_key: str,
        app_key: str,
        limit_first: int = 0,  # answer the first N requests with 429 (reset 1 s)
        remaining_zero_every: int = 0,  # every Nth success says Remaining: 0, Reset: 1
    ) -> None:
        self.data = data
        self.keys = (api_key, app_key)
        self.limit_first = limit_first
        self.remaining_zero_every = remaining_zero_every
        self.requests: list[dict[str, Any]] = []  # path, params, time, status
        self._lock = threading.Lock()
        srv = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                srv._handle(self)

            def do_POST(self) -> None:  # noqa: N802
                srv._reply(self, 405, {"errors": ["read-only test server"]})

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def _reply(
        self, h: http.server.BaseHTTPRequestHandler, status: int, body: Any,
        headers: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        raw = json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(raw)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(raw)

    def _handle(self, h: http.server.BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            n = len(self.requests) + 1
            rec: dict[str, Any] = {"path": parts.path, "params": params, "t": time.monotonic()}
            self.requests.append(rec)
        if parts.path != "/api/v1/query":
            rec["status"] = 404
            return self._reply(h, 404, {"errors": ["Not found"]})
        if (h.headers.get("DD-API-KEY"), h.headers.get("DD-APPLICATION-KEY")) != self.keys:
            rec["status"] = 403
            return self._reply(h, 403, {"errors": ["Forbidden"]})
        limit = {"X-RateLimit-Limit": "100", "X-RateLimit-Period": "10"}
        if n <= self.limit_first:
            rec["status"] = 429
            return self._reply(
                h,
                429,
                {"errors": ["Too many requests"]},
                {**limit, "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1"},
            )
        zero = self.remaining_zero_every and n % self.remaining_zero_every == 0
        limit |= {"X-RateLimit-Remaining": "0" if zero else "50", "X-RateLimit-Reset": "1"}
        query = params.get("query", "")
        start, end = int(params["from"]), int(params["to"])
        series = []
        if query in self.data:
            ts, vals = self.data[query]
            keep = (ts >= start) & (ts <= end)
            pts = [[float(t) * 1000.0, float(v)] for t, v in zip(ts[keep], vals[keep], strict=True)]
            if pts:
                series.append({
                    "metric": query.split("{")[0].split(":")[-1], "display_name": query,
                    "scope": "*", "expression": query, "tag_set": [], "pointlist": pts,
                    "start": int(pts[0][0]), "end": int(pts[-1][0]), "interval": 60,
                    "length": len(pts), "aggr": "avg", "unit": None,
                })  # fmt: skip
        rec["status"] = 200
        body = {
            "status": "ok",
            "res_type": "time_series",
            "query": query,
            "from_date": start * 1000,
            "to_date": end * 1000,
            "series": series,
        }
        self._reply(h, 200, body, limit)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
