"""Learning a baseline from the history before the window, read from a real Prometheus:
the band and its learned-from dates are the CSV's, and the step down inside the window is
a signal (docs/rules.md, "Learned baselines")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from vortex_pulse.pulse.cli import app

from tests.support.learning import learning_config, learning_series, write_csv
from tests.support.promdata import needs_prometheus
from tests.support.promstack import backfill, prometheus

pytestmark = needs_prometheus
SELECTOR = 'pulse_signal{experiment="{id}",metric="conversion_rate"}'


@pytest.fixture(scope="module")
def prom_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("prom-learned")
    backfill([learning_series(14)], work / "data")
    proc, url = prometheus(work / "data", work)
    proc.start()
    yield url
    proc.stop()


def _run(cfg: Path) -> tuple[dict[str, Any], str]:
    res = CliRunner().invoke(app, ["run", str(cfg), "--date", "2026-11-23", "--json"])
    assert res.exit_code == 0, res.stderr
    hc5 = cfg.parent / "out" / "vortex-artifacts" / "hc5-portfolio-report-2026-11-23.md"
    return json.loads(res.stdout), hc5.read_text(encoding="utf-8")


# a plain selector is read as raw samples; an expression on Prometheus's evaluation grid
@pytest.mark.parametrize("query", [SELECTOR, f"sum({SELECTOR})"])
def test_prometheus_history_gives_the_learned_band(
    prom_url: str, tmp_path: Path, query: str
) -> None:
    sources = {"prom": {"type": "prometheus", "url": prom_url}}
    (tmp_path / "prom").mkdir()
    report, hc5 = _run(
        learning_config(tmp_path / "prom", {"source": "prom", "query": query}, sources=sources)
    )
    assert "learned from 2026-10-19 to 2026-11-02" in hc5
    e = report["experiments"][0]
    assert (e["priority"], e["severity"]) == ("P2", "Warning")
    m = e["metrics"][0]
    assert m["first"] > "2026-11-02T00:00:00Z"  # the window's facts hold no history
    if query == SELECTOR:  # raw samples: exactly the CSV's facts
        (tmp_path / "csv").mkdir()
        write_csv(tmp_path / "csv" / "signals.csv", learning_series(14))
        csv_report, _ = _run(
            learning_config(tmp_path / "csv", {"series": "conversion_rate"}, signals="signals.csv")
        )
        assert csv_report["experiments"][0]["metrics"][0] == m


def test_prometheus_history_alone_is_no_data_in_the_window(prom_url: str) -> None:
    from datetime import UTC, datetime

    from vortex_pulse.signals.series import SeriesRequest, Window
    from vortex_pulse.signals.sources.prometheus import PrometheusSource

    from tests.support.learning import DAY, END

    query = SELECTOR.replace("{id}", "checkout")
    after = Window(datetime.fromtimestamp(END, UTC), datetime.fromtimestamp(END + DAY, UTC))
    src = PrometheusSource("prom", prom_url, max_retries=0)
    req = SeriesRequest("checkout", "conversion_rate", "prom", query, None, 7 * DAY)
    got = src.load([req], after)
    assert got.series == {}
    assert [f.message for f in got.findings] == ["no data in the window"]
    before = Window(datetime.fromtimestamp(END - DAY, UTC), datetime.fromtimestamp(END, UTC))
    (s,) = src.load([req], before).series.values()
    assert len(s) == 8 * 24 and s.ts[0] == END - 8 * DAY + 3600
