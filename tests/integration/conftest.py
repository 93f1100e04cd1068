"""Fixtures starting Debian's prometheus / prometheus-alertmanager on free 127.0.0.1 ports.

The data set (signals.synthetic, hourly, 21 days ending 2026-03-01):
- checkout / action_rate: a critical step drop to 42 % (investigate below 50 % for 2+ days),
- onboarding / action_rate: healthy, inside the 60-75 % band,
- search / action_rate: healthy with a 48-hour gap in the middle,
- signup / action_rate: segments only ("mobile" drops, "desktop" holds), with sample sizes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from signals import synthetic
from signals.series import Series, SeriesKey

from promstack import (  # isort: skip
    ALERTMANAGER,
    PROMETHEUS,
    PROMTOOL,
    Process,
    Receiver,
    alertmanager,
    backfill,
    prometheus,
)

GAP_HOURS = 48

needs_prometheus = pytest.mark.skipif(
    not (PROMETHEUS and PROMTOOL), reason="Debian package 'prometheus' is not installed"
)
needs_alertmanager = pytest.mark.skipif(
    not ALERTMANAGER, reason="Debian package 'prometheus-alertmanager' is not installed"
)


def dataset() -> list[Series]:
    drop = synthetic.generate("step_drop", seed=1)
    healthy = synthetic.generate("healthy", seed=2)
    gappy = synthetic.generate("healthy", seed=3)
    mid = len(gappy.ts) // 2
    keep = np.r_[0 : mid - GAP_HOURS // 2, mid + GAP_HOURS // 2 : len(gappy.ts)]
    segmented = synthetic.generate("segment_divergence", seed=4).to_series("signup")
    return [
        *segmented,
        Series(SeriesKey("checkout", drop.metric), drop.ts, drop.values),
        Series(SeriesKey("onboarding", healthy.metric), healthy.ts, healthy.values),
        Series(SeriesKey("search", gappy.metric), gappy.ts[keep], gappy.values[keep]),
    ]


@dataclass
class PromServer:
    process: Process
    url: str
    series: list[Series]


@pytest.fixture(scope="session")
def prom_blocks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Series]]:
    if not (PROMETHEUS and PROMTOOL):
        pytest.skip("Debian package 'prometheus' is not installed")
    series = dataset()
    data = tmp_path_factory.mktemp("prom-blocks") / "data"
    backfill(series, data)
    return data, series


def _start(blocks: tuple[Path, list[Series]], workdir: Path) -> PromServer:
    data = workdir / "data"
    shutil.copytree(blocks[0], data)
    proc, url = prometheus(data, workdir)
    proc.start()
    return PromServer(proc, url, blocks[1])


@pytest.fixture(scope="session")
def prom(
    prom_blocks: tuple[Path, list[Series]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PromServer]:
    """One shared, read-only Prometheus for the whole session."""
    server = _start(prom_blocks, tmp_path_factory.mktemp("prom"))
    yield server
    server.process.stop()


@pytest.fixture
def own_prom(prom_blocks: tuple[Path, list[Series]], tmp_path: Path) -> Iterator[PromServer]:
    """A Prometheus this test may stop and start again."""
    server = _start(prom_blocks, tmp_path / "own-prom")
    yield server
    server.process.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()
    yield rec
    rec.close()


@pytest.fixture
def am(receiver: Receiver, tmp_path: Path) -> Iterator[tuple[str, Receiver]]:
    if not ALERTMANAGER:
        pytest.skip("Debian package 'prometheus-alertmanager' is not installed")
    work = tmp_path / "am"
    work.mkdir()
    proc, url = alertmanager(work, receiver.url)
    proc.start()
    yield url, receiver
    proc.stop()
