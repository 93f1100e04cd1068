"""What a batch will run: the dates, one job per (portfolio, date), and the fingerprint of
a job's inputs that lets a second batch skip what is already written."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from importlib import metadata
from pathlib import Path

from vortex_pulse.core.config import FileSourceConfig, PulseConfig
from vortex_pulse.core.errors import InputError
from vortex_pulse.core.files import check_regular

EVERY = {"1d": timedelta(days=1), "1w": timedelta(weeks=1)}
MAX_DATES = 1000  # a typo in --from (1926) should not start a century of reports


def dates(start: Date, end: Date, every: str) -> list[Date]:
    """`start`, `start + every`, ... up to and including `end`."""
    step = EVERY.get(every)
    if step is None:
        raise InputError(f"--every: expected 1d or 1w, got {every!r}")
    if end < start:
        raise InputError(f"--to: {end} is before --from {start}")
    out, day = [], start
    while day <= end:
        out.append(day)
        day += step
        if len(out) > MAX_DATES:
            raise InputError(f"--from/--to: more than {MAX_DATES} dates; narrow the period")
    return out


def window_end(day: Date) -> str:
    """A report for a past day looks at the data as it stood at the end of that day."""
    return f"{(day + timedelta(days=1)).isoformat()}T00:00:00+00:00"


@dataclass
class Portfolio:
    name: str  # how the index names it: the config path as given
    cfg: PulseConfig
    digest: str = ""  # of the config and every file it reads


@dataclass
class Job:
    portfolio: Portfolio
    date: Date
    model: str
    inputs: str = field(default="")  # fingerprint of everything the report depends on

    @property
    def until(self) -> str:
        return window_end(self.date)


class Hasher:
    """File digests, each file read once per batch (a signal file is shared by many jobs)."""

    def __init__(self) -> None:
        self._seen: dict[Path, str] = {}

    def file(self, path: Path | None, kind: str = "markdown") -> str:
        if path is None:
            return "-"
        if path not in self._seen:
            h = hashlib.sha256()
            try:
                check_regular(path, kind)  # a FIFO or /dev/zero would never end the digest
                with path.open("rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        h.update(chunk)
                self._seen[path] = h.hexdigest()
            except OSError:
                self._seen[path] = "missing"  # the pass itself will say what is wrong
        return self._seen[path]

    def portfolio(self, cfg: PulseConfig) -> str:
        h = hashlib.sha256(cfg.model_dump_json().encode())
        h.update(str(cfg.path).encode())
        for exp in cfg.portfolio:
            h.update(self.file(exp.hc4).encode())
        for src in cfg.all_sources().values():
            if isinstance(src, FileSourceConfig):
                h.update(self.file(src.path, "signals").encode())
        return h.hexdigest()


def _version() -> str:
    try:
        return metadata.version("vortex-pulse")
    except metadata.PackageNotFoundError:
        return "dev"


def fingerprint(job: Job) -> str:
    parts = [job.portfolio.digest, job.date.isoformat(), job.until, job.model, _version()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
