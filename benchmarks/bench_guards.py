"""Guard quality on the multilingual corpus (issues 15, 17): strategy recall and precision
on four sets, numbers however written, and the strategy detector's cost per HC5.

    .venv/bin/python benchmarks/bench_guards.py [--markdown] [--speed [--baseline-ref REF]]

Sets (tests/contracts/corpus/): `in-sample` (strategy_corpus.yaml strategic/factual,
written with the rules), `holdout-1` (its holdout_*: written after the issue-15 rules,
then the development set of the grammar rules), `holdout-2` (strategy_holdout_2.yaml:
written before the grammar rules, by their author), `holdout-3` (strategy_holdout_3.yaml:
written after the grammar rules were frozen). Prints JSON (or the Markdown of
docs/guards.md) and writes benchmarks/results/guards.json. Offline, deterministic.

--speed: the median time of `find_strategy` over each HC5 in tests/fixtures/contracts,
now against the detector at git REF (default `main`: `git show REF:contracts/strategy.py`,
loaded as a module), both in this process, interleaved.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from vortex_pulse.agents.llm.guards import numbers_in
from vortex_pulse.contracts.strategy import classify, find_strategy

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "tests" / "contracts" / "corpus"
CORPUS = CORPORA / "strategy_corpus.yaml"
HC5S = ROOT / "tests" / "fixtures" / "contracts"
SETS = ("in_sample", "holdout_1", "holdout_2", "holdout_3")


def _yaml(path: Path) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def load() -> dict[str, list[dict[str, Any]]]:
    return _yaml(CORPUS)


def sets() -> dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Every (strategic, factual) set by name."""
    c, h2, h3 = (
        load(),
        _yaml(CORPORA / "strategy_holdout_2.yaml"),
        _yaml(CORPORA / "strategy_holdout_3.yaml"),
    )
    return {
        "in_sample": (c["strategic"], c["factual"]),
        "holdout_1": (c["holdout_strategic"], c["holdout_factual"]),
        "holdout_2": (h2["strategic"], h2["factual"]),
        "holdout_3": (h3["strategic"], h3["factual"]),
    }


def strategy_scores(strategic: list[dict[str, Any]], factual: list[dict[str, Any]]) -> dict:
    tp = sum(classify(x["text"]) is not None for x in strategic)
    fp = sum(classify(x["text"]) is not None for x in factual)
    fn = len(strategic) - tp
    by_lang: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for x in strategic:
        by_lang[x["lang"]]["strategic"] += 1
        by_lang[x["lang"]]["caught"] += classify(x["text"]) is not None
    for x in factual:
        by_lang[x["lang"]]["factual"] += 1
        by_lang[x["lang"]]["false_flags"] += classify(x["text"]) is not None
    return {
        "strategic": len(strategic),
        "factual": len(factual),
        "recall_strategic": tp / len(strategic) if strategic else None,
        "precision_flags": tp / (tp + fp) if tp + fp else None,
        "factual_pass_rate": (len(factual) - fp) / len(factual) if factual else None,
        "missed": [
            f"[{x.get('form', x['lang'])}] {x['text']}"
            for x in strategic
            if classify(x["text"]) is None
        ],
        "false_flags": [x["text"] for x in factual if classify(x["text"]) is not None],
        "fn": fn,
        "by_language": {k: dict(v) for k, v in sorted(by_lang.items())},
    }


def number_scores(rows: list[dict[str, Any]]) -> dict:
    found = [Decimal(str(x["value"])) in [w.value for w in numbers_in(x["text"])] for x in rows]
    return {
        "sentences": len(rows),
        "read": sum(found),
        "rate": sum(found) / len(rows) if rows else None,
        "missed": [x["text"] for x, ok in zip(rows, found, strict=True) if not ok],
    }


def measure() -> dict[str, Any]:
    r: dict[str, Any] = {name: strategy_scores(*pair) for name, pair in sets().items()}
    r["numbers"] = number_scores(load()["numbers"])
    return r


def _baseline(ref: str) -> Callable[[str], list[Any]]:
    """`find_strategy` as it was at git `ref` (the detector is one self-contained module)."""
    src = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{ref}:contracts/strategy.py"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "strategy_baseline.py"
        path.write_text(src, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("strategy_baseline", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["strategy_baseline"] = module
        spec.loader.exec_module(module)
    fn: Callable[[str], list[Any]] = module.find_strategy
    return fn


def speed(ref: str, repeat: int = 31) -> dict[str, Any]:
    """Median microseconds of find_strategy per HC5 fixture: now, at `ref`, and the ratio."""
    old = _baseline(ref)
    rows = {}
    for path in sorted(HC5S.glob("hc5-*.md")):
        text = path.read_text(encoding="utf-8")
        now_t: list[float] = []
        old_t: list[float] = []
        for _ in range(repeat):  # interleaved, so drift in machine speed hits both alike
            for fn, times in ((find_strategy, now_t), (old, old_t)):
                t0 = time.perf_counter()
                fn(text)
                times.append(time.perf_counter() - t0)
        now_us, old_us = statistics.median(now_t) * 1e6, statistics.median(old_t) * 1e6
        rows[path.name] = {
            "chars": len(text),
            "now_us": round(now_us),
            "baseline_us": round(old_us),
            "ratio": round(now_us / old_us, 2),
        }
    return {"baseline_ref": ref, "repeat": repeat, "per_hc5": rows}


def markdown(r: dict[str, Any]) -> str:
    def f(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.2f}"

    lines = [
        "| set | strategic | factual | recall (strategic) | precision (flags) | factual passed |",
        "|---|---|---|---|---|---|",
    ]
    for name in SETS:
        s = r[name]
        lines.append(
            f"| {name.replace('_', '-')} | {s['strategic']} | {s['factual']} |"
            f" {f(s['recall_strategic'])} | {f(s['precision_flags'])} |"
            f" {f(s['factual_pass_rate'])} |"
        )
    n = r["numbers"]
    lines += ["", f"Numbers written in words / CJK / full width read: {n['read']} of"
              f" {n['sentences']} ({f(n['rate'])})."]  # fmt: skip
    if "speed" in r:
        sp = r["speed"]
        lines += ["", f"| HC5 | characters | now | at {sp['baseline_ref']} | ratio |",
                  "|---|---|---|---|---|"]  # fmt: skip
        for name, row in sp["per_hc5"].items():
            lines.append(
                f"| {name} | {row['chars']:,} | {row['now_us']:,} µs |"
                f" {row['baseline_us']:,} µs | {row['ratio']:.2f} |"
            )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--speed", action="store_true", help="also time find_strategy per HC5")
    ap.add_argument("--baseline-ref", default="main", help="git ref of the baseline detector")
    args = ap.parse_args()
    r = measure()
    if args.speed:
        r["speed"] = speed(args.baseline_ref)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "guards.json").write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n")
    print(markdown(r) if args.markdown else json.dumps(r, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
