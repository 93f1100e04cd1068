"""The HC5s step 5 writes (the example portfolio and a synthetic portfolio of many
experiments, whose cells differ mostly in their digits), checked the slow way:
- judging by digit shape (decision 2040): every text the validator checks for strategy
  is compared with a memo-free reading;
- validating the built report instead of parsing the text back (decision 2041): the text
  parses back to that report and validates from scratch to the same result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langgraph.runtime import Runtime
from vortex_pulse.agents.narrators.template import TemplateNarrator
from vortex_pulse.contracts import hc5_validate
from vortex_pulse.contracts.hc5_parse import parse_hc5
from vortex_pulse.contracts.hc5_validate import validate_hc5, validated_hc5_text
from vortex_pulse.contracts.strategy import (
    StrategyFinding,
    StrategyMemo,
    judge,
    read,
    shape,
    split_sentences,
)
from vortex_pulse.graphs.context import NOAH_STEPS, Context
from vortex_pulse.graphs.graph import NOAH_NODES

from benchmarks.bench_graph import DAY, _outputs, setup
from tests.support.graph_fixtures import start_state

STEPS = tuple(NOAH_NODES[name] for name in NOAH_STEPS)  # steps 1-5, in order
SYNTHETIC_EXPERIMENTS = 300  # as the golden-output check; 1,000 was run once (decision 2040)


def _hc5(rt: Runtime[Context], state: dict[str, Any]) -> str:
    for step in STEPS:
        state |= step(state, rt)  # type: ignore[arg-type,operator]
    text = Path(state["hc5_path"]).read_text(encoding="utf-8")
    result, report = validated_hc5_text(text)  # what step 5 validated, as Max gets it
    assert result.ok and parse_hc5(text) == report
    assert validate_hc5(text) == result
    return text


def _checked_texts(text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the HC5 validator checks for strategy, in its order."""
    seen: list[str] = []
    original = hc5_validate._Checker.strategy

    def record(self: hc5_validate._Checker, field: str, value: str) -> None:
        seen.append(value)
        original(self, field, value)

    with monkeypatch.context() as m:
        m.setattr(hc5_validate._Checker, "strategy", record)
        assert hc5_validate.validate_hc5(text).ok
    return seen


def _reference(text: str) -> list[StrategyFinding]:
    return [
        StrategyFinding(sentence=s.strip(), reason=r)
        for s in split_sentences(text)
        if (r := judge(read(s))) is not None
    ]


def check_report(texts: list[str]) -> int:
    """Assert the shortcut changes nothing on `texts`; return how many shapes were judged."""
    memo = StrategyMemo()
    for text in texts:
        assert memo.find(text) == _reference(text)
    sentences = {s for t in dict.fromkeys(texts) for s in split_sentences(t)}
    differ = [s for s in sentences if judge(read(s)) != judge(shape(s))]
    assert differ == []
    return len({shape(s) for s in sentences})


def test_example_report_reads_the_same_by_shape(
    runtime: Runtime[Context], monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _checked_texts(_hc5(runtime, start_state()), monkeypatch)
    assert len(texts) > 100
    assert check_report(texts) > 50


@pytest.mark.slow
def test_synthetic_portfolio_report_reads_the_same_by_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = _outputs(setup(tmp_path, SYNTHETIC_EXPERIMENTS), tmp_path, "out")
    rt: Runtime[Context] = Runtime(context=Context.build(cfg, narrator=TemplateNarrator()))
    state = start_state() | {"config_path": str(cfg.path), "date": DAY.isoformat()}
    texts = _checked_texts(_hc5(rt, state), monkeypatch)
    distinct = len(set(texts))
    shapes = check_report(texts)
    assert distinct > 1000 and shapes < distinct / 5  # most texts differ only in digits
