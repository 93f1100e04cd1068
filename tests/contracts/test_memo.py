"""Per-pass memoisation (contracts/memo.py): remembered inside one pass, never across."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from vortex_pulse.contracts import memo
from vortex_pulse.contracts.hc4 import read_hc4
from vortex_pulse.contracts.hc4_validate import validate_hc4

ROOT = Path(__file__).resolve().parents[2]


def _counter() -> tuple[list[str], Callable[[str], str]]:
    calls: list[str] = []

    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    return calls, upper


def test_outside_a_pass_every_call_computes() -> None:
    calls, upper = _counter()
    assert memo.call(upper, "a") == memo.call(upper, "a") == "A"
    assert calls == ["a", "a"]


def test_inside_a_pass_once_and_forgotten_when_the_pass_ends() -> None:
    calls, upper = _counter()
    with memo.per_pass():
        assert [memo.call(upper, t) for t in ("a", "b", "a", "a")] == ["A", "B", "A", "A"]
        with memo.per_pass():  # nested: the same memo
            memo.call(upper, "b")
    assert calls == ["a", "b"]
    with memo.per_pass():  # the next pass starts empty
        memo.call(upper, "a")
    assert calls == ["a", "b", "a"]


def test_two_threads_never_share_a_pass() -> None:
    calls, upper = _counter()
    inside = threading.Event()
    done = threading.Event()

    def other_pass() -> None:
        with memo.per_pass():
            memo.call(upper, "x")
            inside.set()
            done.wait(5)

    t = threading.Thread(target=other_pass)
    t.start()
    inside.wait(5)
    with memo.per_pass():
        memo.call(upper, "x")
    done.set()
    t.join(5)
    assert calls == ["x", "x"]


def test_reading_inside_a_pass_gives_what_reading_alone_gives() -> None:
    # Every HC4-like markdown file of the repository, read twice in one pass (the second
    # read served from the memo) and once alone: the same documents and verdicts.
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").rglob("*.md"))]
    assert texts
    alone = [(read_hc4(t).model_dump(), validate_hc4(read_hc4(t)).model_dump()) for t in texts]
    with memo.per_pass():
        for _ in range(2):
            in_pass = [
                (read_hc4(t).model_dump(), validate_hc4(read_hc4(t)).model_dump()) for t in texts
            ]
            assert in_pass == alone
