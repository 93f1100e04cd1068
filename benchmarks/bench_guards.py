"""Guard quality on the multilingual corpus (issue 15): strategy recall and precision,
numbers however written. Not a speed benchmark: a measurement of the detectors.

    .venv/bin/python benchmarks/bench_guards.py [--markdown]

Corpus: tests/contracts/corpus/strategy_corpus.yaml. `strategic`/`factual` were written
with the rules (in-sample); `holdout_*` were written after the rules were frozen and never
used to tune them. Prints a JSON summary (or the Markdown table of docs/guards.md) and
writes benchmarks/results/guards.json. Offline, deterministic.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from vortex_pulse.agents.llm.guards import numbers_in
from vortex_pulse.contracts.strategy import classify

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "contracts" / "corpus" / "strategy_corpus.yaml"


def load() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return data


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
        "missed": [x["text"] for x in strategic if classify(x["text"]) is None],
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
    c = load()
    return {
        "in_sample": strategy_scores(c["strategic"], c["factual"]),
        "holdout": strategy_scores(c.get("holdout_strategic", []), c.get("holdout_factual", [])),
        "numbers": number_scores(c["numbers"]),
    }


def markdown(r: dict[str, Any]) -> str:
    def f(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.2f}"

    lines = [
        "| set | strategic | factual | recall (strategic) | precision (flags) | factual passed |",
        "|---|---|---|---|---|---|",
    ]
    for name in ("in_sample", "holdout"):
        s = r[name]
        lines.append(
            f"| {name.replace('_', '-')} | {s['strategic']} | {s['factual']} |"
            f" {f(s['recall_strategic'])} | {f(s['precision_flags'])} |"
            f" {f(s['factual_pass_rate'])} |"
        )
    n = r["numbers"]
    lines += ["", f"Numbers written in words / CJK / full width read: {n['read']} of"
              f" {n['sentences']} ({f(n['rate'])})."]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    r = measure()
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "guards.json").write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n")
    print(markdown(r) if args.markdown else json.dumps(r, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
