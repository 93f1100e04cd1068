"""A real LangGraph server (`langgraph dev`, in-memory runtime) serving langgraph.json,
driven through the official `langgraph_sdk` client on 127.0.0.1.

Both graphs' schemas are served (pydantic can build them on 3.11), the portfolio graph
runs to a contract-valid HC5 with no context but its input, and the chat graph pauses at
a workflow step (`interrupt()`) and goes on when resumed."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from langgraph_sdk import get_client
from vortex_pulse.contracts.hc5_validate import validate_hc5_text

from tests.support.example import REPO, example_config

pytestmark = [pytest.mark.slow]  # integration: from the folder
DATE = "2026-11-19"
STARTUP_S = 90


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli() -> str:
    here = Path(sys.executable).parent / "langgraph"
    found = str(here) if here.exists() else shutil.which("langgraph")
    if found is None:
        pytest.skip("langgraph-cli[inmem] is not installed (pip install -e '.[test]')")
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`langgraph dev` on a free port, working folder in tmp (its .langgraph_api lands
    there), no browser, no reload, no tunnel; stopped at the end."""
    tmp = tmp_path_factory.mktemp("lg-server")
    config = example_config(tmp)
    port = _free_port()
    env = os.environ | {"LANGSMITH_TRACING": "false", "LANGGRAPH_CLI_NO_ANALYTICS": "1",
                        "LANGSMITH_API_KEY": ""}  # fmt: skip
    log = (tmp / "server.log").open("w")
    proc = subprocess.Popen(
        [_cli(), "dev", "--config", str(REPO / "langgraph.json"), "--host", "127.0.0.1",
         "--port", str(port), "--no-browser", "--no-reload"],
        cwd=tmp, stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            if proc.poll() is not None:
                pytest.fail("langgraph dev exited:\n" + (tmp / "server.log").read_text()[-3000:])
            try:
                if httpx.get(f"{url}/ok", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"langgraph dev not ready in {STARTUP_S}s")
            time.sleep(0.5)
        yield url, config
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


async def _assistant(url: str, graph_id: str) -> str:
    found = await get_client(url=url).assistants.search(graph_id=graph_id)
    assert found, graph_id
    return str(found[0]["assistant_id"])


def test_both_graphs_serve_their_input_schemas(server: tuple[str, Path]) -> None:
    url, _ = server

    async def go() -> dict[str, Any]:
        client = get_client(url=url)
        return {g: await client.assistants.get_schemas(await _assistant(url, g))
                for g in ("portfolio", "chat")}  # fmt: skip

    schemas = _run(go())
    assert {"config_path", "date", "model", "until"} <= set(
        schemas["portfolio"]["input_schema"]["properties"]
    )
    assert "messages" in schemas["chat"]["input_schema"]["properties"]
    # the context a server can give: plain settings, nothing that needs Python objects
    assert set(schemas["portfolio"]["context_schema"]["properties"]) == {"config_path", "model"}


def test_portfolio_graph_runs_to_a_valid_hc5(server: tuple[str, Path]) -> None:
    url, config = server

    async def go() -> Any:
        client = get_client(url=url)
        aid = await _assistant(url, "portfolio")
        return await client.runs.wait(None, aid, input={"config_path": str(config), "date": DATE})

    out = _run(go())
    assert isinstance(out, dict) and "__error__" not in out, out
    hc5 = Path(out["hc5_path"])
    assert hc5.parent == config.parent / "out" / "vortex-artifacts"
    assert validate_hc5_text(hc5.read_text(encoding="utf-8")).ok
    assert {e["id"] for e in out["report"]["experiments"]} >= {"dinner-suggestions"}


def test_chat_graph_pauses_at_a_step_and_resumes(server: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = server
    config = example_config(tmp_path)

    async def go() -> tuple[Any, Any, Any]:
        client = get_client(url=url)
        aid = await _assistant(url, "chat")
        thread = await client.threads.create()
        tid = thread["thread_id"]
        first = {"messages": [{"role": "user", "content": "MO"}],
                 "config_path": str(config), "date": DATE}  # fmt: skip
        await client.runs.wait(tid, aid, input=first)
        paused = await client.threads.get_state(tid)
        await client.runs.wait(tid, aid, command={"resume": "c"})
        resumed = await client.threads.get_state(tid)
        return paused, resumed, await client.threads.get(tid)

    paused, resumed, thread = _run(go())
    [task] = paused["tasks"]
    assert task["interrupts"][0]["value"]["step"] == 1
    assert "Step 1 of 5" in paused["values"]["messages"][-1]["content"]
    [task] = resumed["tasks"]
    assert task["interrupts"][0]["value"]["step"] == 2
    said = [m["content"] for m in resumed["values"]["messages"]]
    assert said[-2] == "c" and "Step 2 of 5" in said[-1]
    assert thread["status"] == "interrupted"
    assert not (config.parent / "out").exists()  # nothing written before step 5's confirm
