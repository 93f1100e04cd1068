"""`pulse chat --model`: the guarded tool-calling agent against an OpenAI-compatible server
(127.0.0.1, the chat-completions wire format with `tool_calls`), scripted per request."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.support.example import example_config

DATE = "2026-11-19"


class ToolServer:
    """Answers chat requests that offer tools from `script` (in order); any other request
    (baseline extraction in JSON mode) gets an honest "nothing to propose"."""

    def __init__(self, script: list[dict[str, Any]]) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self.url = ""

    def reply(self, body: dict[str, Any]) -> dict[str, Any]:
        if not body.get("tools"):
            return {"role": "assistant", "content": json.dumps({"baselines": []})}
        self.requests.append(body)
        step = self.script[min(len(self.requests) - 1, len(self.script) - 1)]
        return {"role": "assistant", "content": None} | step


def call(name: str, args: dict[str, Any], n: int = 1) -> dict[str, Any]:
    fn = {"name": name, "arguments": json.dumps(args)}
    return {"tool_calls": [{"id": f"call_{n}", "type": "function", "function": fn}]}


def say(text: str) -> dict[str, Any]:
    return {"content": text}


@pytest.fixture
def server() -> Iterator[ToolServer]:
    srv = ToolServer([])

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            msg = srv.reply(body)
            finish = "tool_calls" if msg.get("tool_calls") else "stop"
            data = json.dumps({
                "id": "chatcmpl-1", "object": "chat.completion", "created": 0,
                "model": body.get("model", "m"),
                "choices": [{"index": 0, "message": msg, "finish_reason": finish}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
            }).encode()  # fmt: skip
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    srv.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    try:
        yield srv
    finally:
        httpd.shutdown()
        httpd.server_close()


def chat(config: Path, lines: list[str]) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI")}
    res = subprocess.run(
        [sys.executable, "-m", "vortex_pulse.pulse.cli", "chat", str(config), "--date", DATE],
        input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=120,
        cwd=config.parent, env=env,
    )  # fmt: skip
    return res.returncode, res.stdout, res.stderr


def model_config(tmp: Path, url: str) -> Path:
    llm = {"model": "openai:chat-test", "base_url": url, "max_retries": 0, "timeout_s": 20}
    return example_config(tmp, llm=llm)


def test_the_agent_calls_fact_tools_and_a_grounded_answer_passes(
    server: ToolServer, tmp_path: Path
) -> None:
    server.script = [
        call("explain_experiment", {"experiment": "dinner-suggestions"}),
        say("The signal indicates 4 PM Dinner Suggestions is P1: Action rate is 41.5% "
            "against an expected 60-75%."),
    ]  # fmt: skip
    code, out, err = chat(model_config(tmp_path, server.url), ["CH", "why is dinner P1?"])
    assert code == 0, err
    assert "Action rate is 41.5% against an expected 60-75%" in out
    offered = {t["function"]["name"] for t in server.requests[0]["tools"]}
    assert {"list_experiments", "explain_experiment", "metric_trend"} <= offered
    # the tool's result went back to the model as a tool message
    tool_msgs = [m for m in server.requests[1]["messages"] if m["role"] == "tool"]
    assert tool_msgs and "R1 Critical + Wide + High -> P1" in tool_msgs[0]["content"]


def test_an_invented_number_is_rejected_and_replaced_by_the_facts(
    server: ToolServer, tmp_path: Path
) -> None:
    server.script = [
        call("explain_experiment", {"experiment": "dinner"}),
        say("The signal indicates Action rate fell to 12.5%, a 37% drop."),  # invented
        say("The signal indicates Action rate is at 17.3%."),  # invented again, after retry
    ]
    code, out, err = chat(model_config(tmp_path, server.url), ["CH", "why is dinner P1?"])
    assert code == 0, err
    assert "12.5%" not in out and "17.3%" not in out
    assert "withheld" in out and "not in the fact sheet" in out
    # the fact-grounded replacement names the rule, the value and the band
    assert "R1 Critical + Wide + High -> P1" in out and "41.5%" in out and "60-75%" in out
    # the refusal was explained to the model before the retry
    retry = server.requests[2]["messages"][-1]["content"]
    assert "refused" in retry and "12.5" in retry
