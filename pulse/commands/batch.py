"""`pulse batch`: many dates and/or many portfolios in one process (docs/batch.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from vortex_pulse.core.config_bmad import load_any
from vortex_pulse.core.errors import InputError
from vortex_pulse.core.paths import output_root
from vortex_pulse.pulse.batch.plan import Portfolio, dates
from vortex_pulse.pulse.batch.runner import Tick, run_batch
from vortex_pulse.pulse.commands.terminal import Update, day_option, progress_bar


def _jobs(bar: Update) -> Tick:
    """One finished job (written, skipped, stopped) on the bar."""
    return lambda job, status: bar(
        advance=1, description=f"{job.portfolio.name} {job.date}: {status}"
    )


def main(
    configs: list[Path],
    *,
    start: str | None,
    end: str | None,
    every: str,
    model: str | None,
    max_tokens: int | None,
    concurrency: int,
    index_dir: Path | None,
    output_dir: Path | None,
) -> int:
    today = datetime.now(UTC).date()
    first, last = day_option("--from", start), day_option("--to", end)
    days = dates(first or last or today, last or first or today, every)
    if max_tokens is not None and max_tokens < 1:
        raise InputError(f"--max-tokens: expected a positive number, got {max_tokens}")
    if concurrency < 1:
        raise InputError(f"--concurrency: expected 1 or more, got {concurrency}")
    portfolios: list[Portfolio] = []
    for i, path in enumerate(configs or [Path("config.yaml")], 1):
        cfg = load_any(path)
        if output_dir is not None:  # one folder per portfolio under it
            sub = output_dir.resolve() / (f"portfolio-{i}" if len(configs) > 1 else "")
            cfg.output_folder = output_root(sub)
            cfg.reports_folder = sub / "reports"
        name = str(path)
        if any(p.name == name for p in portfolios):  # the index keys reports by this name
            name = f"{name} ({i})"
        portfolios.append(Portfolio(name=name, cfg=cfg))
    folder = (index_dir or portfolios[0].cfg.reports_folder).resolve()
    with progress_bar(Console(stderr=True), "pulse batch", len(portfolios) * len(days)) as bar:
        tick = _jobs(bar) if bar else None
        result = run_batch(
            portfolios,
            days,
            index_dir=folder,
            model=model,
            max_tokens=max_tokens,
            concurrency=concurrency,
            tick=tick,
        )
    print(
        f"{len(result.written)} reports written, {result.skipped} already written"
        f" ({len(days)} dates x {len(portfolios)} portfolios)"
    )
    for e in result.written:
        print(f"{e.date}  {e.portfolio}  P1 {e.p1}  P2 {e.p2}  P3 {e.p3}  {e.hc5}")
    if result.tokens:
        print(f"model tokens: {result.tokens}" + (f" of {max_tokens}" if max_tokens else ""))
    print(f"Index:   {result.index_md}")
    print(f"         {result.index_jsonl}")
    print(f"Roll-up: {result.rollup}")
    if result.stopped is not None:
        s = result.stopped
        print(f"pulse: stopped before {s.portfolio} {s.date}: {s.reason}; run again to resume")
        return 4
    return 0
