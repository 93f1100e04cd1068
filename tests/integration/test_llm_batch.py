"""`pulse batch` with a model: an OpenAI-compatible server on 127.0.0.1 counts the calls in
flight; the batch keeps to the shared concurrency limit across portfolios and to the token
budget, stopping cleanly (the index says where) and resuming on the next run."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from vortex_pulse.pulse.cli import app

from tests.support.example import example_config
from tests.support.llm_fakes import truthful
from tests.support.llm_openai_stub import Stub, serve

pytest.importorskip("langchain_openai")
TOKENS_PER_CALL = 366  # what the stub reports as usage for every answer


class CountingStub(Stub):
    """Counts requests being answered at the same moment; each takes a little while."""

    def __init__(self) -> None:
        super().__init__({}, default=lambda facts: (200, truthful(facts)))
        self.now = self.peak = 0
        self._count = threading.Lock()

    def step(self, body: dict[str, Any], auth: str) -> tuple[int, Any]:
        with self._count:
            self.now += 1
            self.peak = max(self.peak, self.now)
        try:
            time.sleep(0.03)
            return super().step(body, auth)
        finally:
            with self._count:
                self.now -= 1


def portfolios(tmp: Path, url: str, n: int) -> list[str]:
    llm = {"model": "openai:stub-model", "base_url": url, "max_retries": 0, "max_concurrency": 8}
    out = []
    for i in range(n):
        folder = tmp / f"p{i}"
        folder.mkdir()
        out.append(str(example_config(folder, llm=llm)))
    return out


def batch(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, ["batch", *args])
    return res.exit_code, res.stdout, res.stderr


@pytest.mark.parametrize("limit", [1, 3])
def test_the_shared_concurrency_limit_holds_across_portfolios(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with serve(CountingStub()) as stub:
        configs = portfolios(tmp_path, stub.url, 3)
        args = ["--from", "2026-11-13", "--to", "2026-11-20", "--every", "1w"]
        code, out, err = batch(
            *configs, *args, "--concurrency", str(limit), "--index-dir", str(tmp_path)
        )
    assert code == 0, err
    assert out.startswith("6 reports written")
    assert len(stub.requests) >= 6 * 7  # a portfolio call and six experiment calls per report
    # each narrator alone would run 8 at once, and three portfolios ran side by side
    assert stub.peak == limit


def test_the_token_budget_stops_cleanly_and_the_next_run_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    # worst-case reservations (prompt + llm.max_tokens) pay for one report or two: one
    # report of the example reserves about 14,000 tokens (its fact sheets carry the story)
    budget = 16000
    args = ["--from", "2026-10-30", "--to", "2026-11-20", "--every", "1w"]
    with serve(CountingStub()) as stub:
        (cfg,) = portfolios(tmp_path, stub.url, 1)
        idx = ["--index-dir", str(tmp_path / "idx")]
        code, out, err = batch(cfg, *args, *idx, "--max-tokens", str(budget))
        spent = len(stub.requests) * TOKENS_PER_CALL
        assert code == 4, err
        assert spent <= budget
        lines = [
            json.loads(x) for x in (tmp_path / "idx/batch-index.jsonl").read_text().splitlines()
        ]
        written = [e for e in lines if e["status"] == "written"]
        assert 1 <= len(written) < 4
        stop = lines[-1]
        assert stop["status"] == "stopped" and "token budget spent" in stop["reason"]
        assert stop["date"] not in {e["date"] for e in written}
        page = (tmp_path / "idx/batch-index.md").read_text(encoding="utf-8")
        assert f"**Stopped** before {cfg} {stop['date']}" in page
        assert f"stopped before {cfg} {stop['date']}" in out
        assert sum(e["tokens"] for e in written) <= spent

        code, out, err = batch(cfg, *args, *idx)  # no budget this time: finishes the rest
    assert code == 0, err
    assert out.startswith(f"{4 - len(written)} reports written, {len(written)} already written")
    assert "**Stopped**" not in (tmp_path / "idx/batch-index.md").read_text(encoding="utf-8")
