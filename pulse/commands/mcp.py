"""`pulse mcp [CONFIG] [--transport stdio|http] [--host H] [--port P]`: the MCP server."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from vortex_pulse.core.errors import InputError


def main(config: Path, *, transport: str, host: str, port: int) -> int:
    from vortex_pulse.pulse.mcp.server import build_server

    if transport not in ("stdio", "http"):
        raise InputError(f"--transport: expected stdio or http, got {transport!r}")
    # stdout is the JSON-RPC channel on stdio: every log line goes to stderr.
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    server = build_server(config)
    if transport == "stdio":
        server.run("stdio")
    else:
        server.run("streamable-http", host=host, port=port)
    return 0
