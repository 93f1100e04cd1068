"""Run a batch: every (portfolio, date) job in one process, portfolios in parallel, dates of
one portfolio in order (a report's Previous Signals are the earlier ones), sources read once
per portfolio, the index appended after each report, the roll-up at the end."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

from vortex_pulse.core.errors import InputError
from vortex_pulse.pulse.batch import index, rollup
from vortex_pulse.pulse.batch.budget import BudgetSpent, SharedLimit, TokenBudget
from vortex_pulse.pulse.batch.calls import CALLS, ModelCalls
from vortex_pulse.pulse.batch.narrator import narrator_for
from vortex_pulse.pulse.batch.plan import Hasher, Job, Portfolio, fingerprint
from vortex_pulse.pulse.pipeline import run_pass
from vortex_pulse.signals.series import SourceError

Tick = Callable[[Job, str], None]  # (job, "written" | "skipped" | "stopped")


@dataclass
class BatchResult:
    written: list[index.Entry] = field(default_factory=list)
    skipped: int = 0
    stopped: index.Entry | None = None
    index_jsonl: Path | None = None
    index_md: Path | None = None
    rollup: Path | None = None
    tokens: int = 0
    peak_concurrency: int = 0


def check_outputs(portfolios: list[Portfolio]) -> None:
    seen: dict[Path, str] = {}
    for p in portfolios:
        for folder in (p.cfg.output_folder.resolve(), p.cfg.reports_folder.resolve()):
            if folder in seen and seen[folder] != p.name:
                raise InputError(
                    f"{p.name}: writes to {folder} like {seen[folder]}; reports of the same"
                    " date would overwrite each other (give each its own output_folder)"
                )
            seen[folder] = p.name


def plan_jobs(portfolios: list[Portfolio], days: list[Date], model: str | None) -> list[Job]:
    hasher = Hasher()
    jobs = []
    for p in portfolios:
        p.digest = hasher.portfolio(p.cfg)
        for day in days:
            job = Job(p, day, model or p.cfg.llm.model)
            job.inputs = fingerprint(job)
            jobs.append(job)
    return jobs


def _done(job: Job, have: dict[tuple[str, str], index.Entry]) -> bool:
    e = have.get((job.portfolio.name, job.date.isoformat()))
    return e is not None and e.inputs == job.inputs and Path(e.hc5).is_file()


def run_batch(
    portfolios: list[Portfolio],
    days: list[Date],
    *,
    index_dir: Path,
    model: str | None = None,
    max_tokens: int | None = None,
    concurrency: int = 4,
    tick: Tick | None = None,
) -> BatchResult:
    check_outputs(portfolios)
    jobs = plan_jobs(portfolios, days, model)
    have = index.latest(index.read(index_dir))
    budget, limit = TokenBudget(max_tokens), SharedLimit(concurrency)
    result = BatchResult()
    stop = threading.Event()
    lock = threading.Lock()

    def _stopped(job: Job, exc: BudgetSpent) -> None:
        with lock:
            if not stop.is_set():
                stop.set()
                result.stopped = index.Entry(
                    status="stopped",
                    date=job.date.isoformat(),
                    portfolio=job.portfolio.name,
                    reason=f"token budget spent ({exc})",
                )
                index.append(index_dir, result.stopped)
        if tick:
            tick(job, "stopped")

    def one_portfolio(p: Portfolio) -> None:
        from vortex_pulse.signals.sources.build import build_sources

        mine = [j for j in jobs if j.portfolio is p]
        todo = [j for j in mine if not _done(j, have)]
        for job in mine:
            if job not in todo:
                with lock:
                    result.skipped += 1
                if tick:
                    tick(job, "skipped")
        if not todo:
            return
        sources = build_sources(p.cfg)  # read once, used for every date
        narrator = narrator_for(p.cfg.llm, todo[0].model, budget, limit)
        for job in todo:
            if stop.is_set():
                return
            calls = ModelCalls(budget, limit, p.cfg.llm.max_tokens)
            CALLS.set(calls)  # this worker thread's passes: other model calls pay here too
            try:
                res = run_pass(
                    p.cfg,
                    date=job.date,
                    model=job.model,
                    until=job.until,
                    sources=sources,
                    narrator=narrator,
                )
            except BudgetSpent as exc:
                _stopped(job, exc)
                return
            except SourceError as exc:
                raise InputError(f"{p.name}: signals: {exc}") from None
            if calls.refused is not None:  # a call the pass went on without: not this report
                _stopped(job, calls.refused)
                return
            r = res.report
            p1, p2, p3 = (r.priority_counts.get(k, 0) for k in ("P1", "P2", "P3"))
            entry = index.Entry(
                status="written",
                date=job.date.isoformat(),
                portfolio=p.name,
                inputs=job.inputs,
                p1=p1,
                p2=p2,
                p3=p3,
                severity=r.portfolio.severity,
                summary=r.portfolio.summary.split("\n")[0],
                hc5=str(res.hc5_path),
                json_report=str(res.json_path),
                html=str(res.html_path) if res.html_path else None,
                tokens=r.narrative.tokens.prompt + r.narrative.tokens.completion,
            )
            with lock:
                index.append(index_dir, entry)
                result.written.append(entry)
            if tick:
                tick(job, "written")

    workers = max(1, min(len(portfolios), 8))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="batch") as pool:
        for fut in [pool.submit(one_portfolio, p) for p in portfolios]:
            fut.result()  # a user mistake in one portfolio surfaces as its one line
    entries = index.read(index_dir)
    result.index_jsonl = index_dir / index.JSONL
    result.index_md = index_dir / index.MARKDOWN
    if result.written or result.stopped or not result.index_md.is_file():
        index.write_if_changed(result.index_md, index.render(index_dir, entries))
    start, end = days[0].isoformat(), days[-1].isoformat()
    result.rollup = index_dir / f"batch-rollup-{start}-to-{end}.md"
    index.write_if_changed(result.rollup, rollup.render(entries, start, end))
    result.tokens, result.peak_concurrency = budget.used, limit.peak
    return result
