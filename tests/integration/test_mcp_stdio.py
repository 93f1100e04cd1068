"""`pulse mcp` as a real subprocess, driven over stdio by the official MCP client."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from mcp.client import Client
from mcp.client.stdio import StdioServerParameters

from tests.support.example import REPO, example_config

DATE = "2026-11-19"


def _text(result: Any) -> str:
    return " ".join(getattr(c, "text", "") for c in result.content)


def test_mcp_over_stdio_runs_a_pass_explains_the_p1_and_confines_paths(tmp_path: Path) -> None:
    config = example_config(tmp_path)
    # an HC4 inside the project folder, to validate by a relative path
    (tmp_path / "hc4.md").write_bytes(
        (REPO / "examples/portfolio/hc4-dinner-suggestions.md").read_bytes()
    )
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "vortex_pulse.pulse.cli", "mcp", str(config)],
        cwd=str(tmp_path),
    )

    async def session() -> dict[str, Any]:
        out: dict[str, Any] = {}
        async with Client(params, read_timeout_seconds=120) as client:
            out["tools"] = {t.name for t in (await client.list_tools()).tools}
            out["empty"] = await client.call_tool("list_experiments", {})
            out["pass"] = await client.call_tool("run_pass", {"date": DATE})
            out["list"] = await client.call_tool("list_experiments", {})
            out["explain"] = await client.call_tool("explain_experiment", {"experiment": "dinner"})
            out["valid"] = await client.call_tool("validate_file", {"path": "hc4.md"})
            out["outside"] = await client.call_tool("validate_file", {"path": "../../etc/hostname"})
            out["bad_date"] = await client.call_tool("run_pass", {"date": "23/11/2026"})
            week = {"date": "2026-11-16", "until": "2026-11-14T00:00:00Z"}
            out["earlier"] = await client.call_tool("run_pass", week)
            out["compare"] = await client.call_tool("compare_reports", {})
            out["prompt"] = await client.get_prompt("noah")
            out["resources"] = {str(r.uri) for r in (await client.list_resources()).resources}
        return out

    out = asyncio.run(asyncio.wait_for(session(), timeout=240))
    assert {"run_pass", "list_experiments", "explain_experiment", "compare_reports",
            "validate_file", "latest_report", "latest_hc5"} <= out["tools"]  # fmt: skip
    assert out["empty"].is_error and "run a pass first" in _text(out["empty"])

    ran = out["pass"].structured_content
    assert not out["pass"].is_error, _text(out["pass"])
    assert ran["p1"] == ["dinner-suggestions"]
    assert Path(ran["paths"]["hc5"]).is_file()
    assert Path(ran["paths"]["hc5"]).is_relative_to(tmp_path)

    rows = out["list"].structured_content["result"]
    assert [r["id"] for r in rows if r["priority"] == "P1"] == ["dinner-suggestions"]

    why = out["explain"].structured_content
    assert why["priority"] == "P1" and why["rule"].startswith("R1")
    assert "41.5%" in why["explanation"] and "60-75%" in why["explanation"]

    assert out["valid"].structured_content["compliant"] == "Yes"
    refused = _text(out["outside"])
    assert out["outside"].is_error and "outside the project folder" in refused
    assert "\n" not in refused.strip() and "Traceback" not in refused
    assert out["bad_date"].is_error and "expected YYYY-MM-DD" in _text(out["bad_date"])
    assert not out["earlier"].is_error, _text(out["earlier"])
    diff = out["compare"].structured_content
    assert (diff["earlier"], diff["later"]) == ("2026-11-16", "2026-11-19")
    assert any(
        c.startswith("- 4 PM Dinner Suggestions") and "priority P3 to P1" in c
        for c in diff["changes"]
    )
    assert "Max" in out["prompt"].messages[0].content.text
    assert "pulse://reports/latest.json" in out["resources"]


def test_mcp_over_streamable_http_lists_the_tools(tmp_path: Path) -> None:
    import socket
    import subprocess
    import time

    import httpx

    config = example_config(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "vortex_pulse.pulse.cli", "mcp", str(config), "--transport",
         "http", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "pulse mcp --transport http did not start"
                time.sleep(0.3)

        async def tools() -> set[str]:
            async with Client(url, read_timeout_seconds=30) as client:
                return {t.name for t in (await client.list_tools()).tools}

        assert "explain_experiment" in asyncio.run(asyncio.wait_for(tools(), timeout=60))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_mcp_in_a_bmad_project_greets_its_user_and_runs_the_project(tmp_path: Path) -> None:
    from tests.support.bmad import bmad_project, drop_example

    root = bmad_project(tmp_path)
    drop_example(root)
    where = root / "_bmad/bme/_vortex/config.yaml"
    text = where.read_text(encoding="utf-8").replace('user_name: "{user}"', "user_name: Ana")
    where.write_text(
        text.replace("communication_language: en", "communication_language: es"), encoding="utf-8"
    )
    # no config argument, no config.yaml: the BMAD project around the working directory
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "vortex_pulse.pulse.cli", "mcp"], cwd=str(root)
    )

    async def session() -> tuple[Any, Any]:
        async with Client(params, read_timeout_seconds=120) as client:
            prompt = await client.get_prompt("noah")
            ran = await client.call_tool("run_pass", {"date": DATE})
        return prompt, ran

    prompt, ran = asyncio.run(asyncio.wait_for(session(), timeout=180))
    said = " ".join(getattr(m.content, "text", "") for m in prompt.messages)
    assert "📡 Aquí Noah, Ana, inteligencia de producción." in said
    assert not ran.is_error, _text(ran)
    hc5 = Path(ran.structured_content["paths"]["hc5"])
    assert hc5.parent == root / "_bmad-output" / "vortex-artifacts" and hc5.is_file()
