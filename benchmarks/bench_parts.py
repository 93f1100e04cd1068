"""Parts of the 1,000-experiment pass made cheaper in the third round of issue 10's speed
work, each against the way it was done before, on the same data in the same run.

    .venv/bin/python -m benchmarks.bench_parts [--experiments 1000] [--repeat 7]

One LangGraph-free pass over `bench_graph`'s synthetic portfolio (not timed) gives the
inputs; then, CPU seconds (`time.process_time`), minimum of --repeat, each pair
interleaved, with the outputs of both ways checked equal:
- frontmatter (decision 2200): `core/yamlsafe.load` of every HC4's frontmatter, against
  PyYAML's safe loader through libyaml;
- strategy (2220, 2221): judging every distinct sentence shape of the pass's HC5 with the
  rules' lowercase twins behind their needles (`judge`), against the rules as written;
- redaction (2240): `core/redact.redact` of the HTML and JSON reports with two secrets
  registered, against the secrets' pattern run unconditionally before the same checks;
- report JSON (2241): `report_json` (one dump, the text written by orjson), against
  `model_dump` plus `model_dump_json`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from vortex_pulse.contracts.markdown import split_lines
from vortex_pulse.contracts.strategy import _ANY_TEXT, judge, shape, split_sentences
from vortex_pulse.core import redact as redaction
from vortex_pulse.core.gcpause import cyclic_gc_paused
from vortex_pulse.core.yamlsafe import load
from vortex_pulse.report.model import PortfolioReport, report_json

from benchmarks.bench_graph import direct, portfolio, sized


def _min_cpu(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        c = time.process_time()
        out = fn()
        best = min(best, time.process_time() - c)
    return best, out


def _pair(new: Callable[[], Any], old: Callable[[], Any], repeat: int) -> dict[str, Any]:
    (t_new, a), (t_old, b) = _min_cpu(new, repeat), _min_cpu(old, repeat)
    assert a == b, "the two ways disagree"
    return {"new_s": round(t_new, 4), "before_s": round(t_old, 4), "ratio": round(t_new / t_old, 2)}


def _frontmatter(text: str) -> str:
    """The YAML between an HC4's opening and closing `---` lines."""
    lines = split_lines(text)
    return "\n".join(lines[1 : lines.index("---", 1)])


def _redact_before(text: str) -> str:
    """`redact` as it was before decision 2240: the secrets' pattern always run."""
    pat = redaction._masking[0] if redaction._masking else None
    if pat is not None:
        text = pat.sub(redaction.MASK, text)
    if "://" in text and "@" in text:
        text = redaction._URL_PASSWORD.sub(
            lambda m: f"{m['scheme']}{m['user']}:{redaction.MASK}@", text
        )
    if "earer" in text or "EARER" in text:
        text = redaction._BEARER.sub(lambda m: m[1] + redaction.MASK, text)
    return text


def main() -> None:
    args = sized(__doc__, experiments=1000, repeat=7)
    with portfolio(args.experiments, "parts") as cfg:
        with cyclic_gc_paused():
            state = direct(cfg)
        fronts = [_frontmatter(Path(str(e.hc4)).read_text(encoding="utf-8")) for e in cfg.portfolio]
        hc5 = Path(state["hc5_path"]).read_text(encoding="utf-8")
        shapes = sorted({shape(s) for s in split_sentences(hc5)})
        texts = [Path(state[k]).read_text(encoding="utf-8") for k in ("html_path", "json_path")]
        report = PortfolioReport.model_validate(state["report"])
    redaction.register("sk-bench-not-a-real-key-0001", "bench-second-secret-0002")
    try:
        result = {
            "experiments": args.experiments,
            "repeat": args.repeat,
            "frontmatter": {
                "texts": len(fronts),
                **_pair(
                    lambda: [load(f) for f in fronts],
                    lambda: [yaml.load(f, Loader=yaml.CSafeLoader) for f in fronts],  # noqa: S506
                    args.repeat,
                ),
            },
            "strategy": {
                "shapes": len(shapes),
                **_pair(
                    lambda: [judge(s) for s in shapes],
                    lambda: [_ANY_TEXT.judge(s) for s in shapes],
                    args.repeat,
                ),
            },
            "redaction": {
                "characters": sum(map(len, texts)),
                **_pair(
                    lambda: [redaction.redact(t) for t in texts],
                    lambda: [_redact_before(t) for t in texts],
                    args.repeat,
                ),
            },
            "report_json": _pair(
                lambda: report_json(report),
                lambda: (report.model_dump(mode="json"), report.model_dump_json(indent=2) + "\n"),
                args.repeat,
            ),
        }
    finally:
        redaction.clear()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
