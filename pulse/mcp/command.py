"""`pulse mcp [CONFIG] [--transport stdio|http] [--host H] [--port P]`: the MCP server.

Beside the server rather than in pulse/commands/: the server reuses `pulse validate`'s
file check, so this package sits above pulse.commands (no package cycle)."""

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
