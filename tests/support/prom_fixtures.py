"""Fixtures starting Debian's prometheus / prometheus-alertmanager on free 127.0.0.1 ports.

The data set is promdata.dataset().
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from vortex_pulse.signals.series import Series

from tests.support.promdata import PromServer, dataset
from tests.support.promstack import (
    ALERTMANAGER,
    PROMETHEUS,
    PROMTOOL,
    Receiver,
    alertmanager,
    backfill,
    prometheus,
)


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
