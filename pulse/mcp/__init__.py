"""`pulse mcp`: vortex-pulse as MCP tools, resources and a prompt (the official `mcp` SDK)."""
