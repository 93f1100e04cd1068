"""`pulse validate` speed per file (issue 2: "well under a second per file").

    .venv/bin/python benchmarks/bench_validate.py [--repeat 30]

In-process: the median time to validate each contract fixture (read, detect, parse,
validate, extract baselines) against a baseline measured in the same run on the same file:
reading it and `yaml.safe_load` of its frontmatter, the least any validator must do.
Command line: the wall time of `pulse validate` on one file and on all fixtures; the
marginal cost per file is (all - one) / (n - 1), and the fixed cost is compared with the
interpreter importing the CLI and doing nothing. Writes benchmarks/results/validate.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import yaml
from vortex_pulse.contracts.strategy import find_strategy, split_sentences
from vortex_pulse.pulse.commands.validate import check_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "contracts"
RESULTS = ROOT / "benchmarks" / "results" / "validate.json"


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    head = text.split("---\n", 2)
    yaml.safe_load(head[1] if len(head) == 3 else "")


def wall(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    files = sorted(p for p in FIXTURES.glob("*.md") if "broken" not in p.name)
    rows = []
    for path in files:
        ours = median_seconds(partial(check_file, path), args.repeat)
        base = median_seconds(partial(floor, path), args.repeat)
        rows.append(
            {
                "file": path.name,
                "bytes": path.stat().st_size,
                "validate_ms": ours * 1e3,
                "floor_ms": base * 1e3,
                "ratio": ours / base,
            }
        )
    # The strategy detector runs on every model-written field: per call, against only
    # splitting the same text into sentences.
    report = (FIXTURES / "hc5-example-decision-eliminator.md").read_text(encoding="utf-8")
    sentence = "Qualitative research recommended to understand user intent behind the shift."
    strategy = {
        name: {
            "find_strategy_us": median_seconds(partial(find_strategy, text), args.repeat) * 1e6,
            "split_only_us": median_seconds(partial(split_sentences, text), args.repeat) * 1e6,
        }
        for name, text in (("document_8.7KB", report), ("one_sentence", sentence))
    }
    pulse = str(Path(sys.executable).parent / "pulse")
    cli_one = min(wall([pulse, "validate", str(files[0])]) for _ in range(5))
    cli_all = min(wall([pulse, "validate", *map(str, files)]) for _ in range(5))
    startup = min(wall([sys.executable, "-c", "import pulse.cli"]) for _ in range(5))
    marginal = (cli_all - cli_one) / (len(files) - 1)
    summary = {
        "in_process": rows,
        "cli_one_file_s": cli_one,
        "cli_all_files_s": cli_all,
        "files": len(files),
        "cli_marginal_per_file_s": marginal,
        "import_cli_s": startup,
        "cli_one_file_vs_import": cli_one / startup,
        "strategy": strategy,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"{'file':42} {'bytes':>6} {'validate':>9} {'floor':>8} {'ratio':>6}")
    for r in rows:
        print(
            f"{r['file']:42} {r['bytes']:>6} {r['validate_ms']:>7.2f}ms {r['floor_ms']:>6.2f}ms"
            f" {r['ratio']:>6.1f}"
        )
    for name, row in strategy.items():
        ratio = row["find_strategy_us"] / row["split_only_us"]
        print(
            f"find_strategy {name}: {row['find_strategy_us']:.0f} us "
            f"(splitting alone {row['split_only_us']:.0f} us, ratio {ratio:.1f})"
        )
    print(
        f"pulse validate: 1 file {cli_one:.2f} s, {len(files)} files {cli_all:.2f} s, "
        f"marginal {marginal * 1e3:.1f} ms/file; `import pulse.cli` alone {startup:.2f} s "
        f"(ratio {cli_one / startup:.2f})"
    )


if __name__ == "__main__":
    main()
