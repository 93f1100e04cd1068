"""`pulse run` on a metric nobody gave numbers for, as a new user would try it: a conversion
rate falling from 4.2% to 3.2% with no `baselines:` gets a learned band and a signal."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import yaml
from typer.testing import CliRunner
from vortex_pulse.pulse.cli import app
from vortex_pulse.signals.timefmt import iso

END = 1_795_392_000.0  # 2026-11-23T00:00:00Z


def _config(tmp: Path, drop: float) -> Path:
    rng = np.random.default_rng(11)
    ts = END - 3600.0 * np.arange(503, -1, -1)
    values = 4.2 * (1 + 0.02 * rng.standard_normal(len(ts)))
    values[-7 * 24 :] *= drop
    rows = ["timestamp,experiment,metric,value"]
    rows += [f"{iso(t)},checkout,conversion_rate,{v:.4f}" for t, v in zip(ts, values, strict=True)]
    (tmp / "signals.csv").write_text("\n".join(rows) + "\n")
    cfg = {
        "output_folder": "out",
        "reports_folder": "reports",
        "llm": {"model": "offline"},
        "window": {"lookback": "21d", "end": "latest"},
        "signals": "signals.csv",
        "checkpoint": {"backend": "sqlite", "path": ".pulse/checkpoints.sqlite"},
        "portfolio": [
            {
                "id": "checkout",
                "name": "Checkout",
                "scope": "wide",
                "metrics": {"Conversion rate": {"series": "conversion_rate", "unit": "%"}},
            }
        ],
    }
    path = tmp / "config.yaml"
    path.write_text(yaml.safe_dump(cfg, sort_keys=False))
    return path


def _run(cfg: Path) -> dict:
    res = CliRunner().invoke(app, ["run", str(cfg), "--date", "2026-11-23", "--json"])
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def test_a_drop_without_numbers_is_a_p2_warning_with_a_learned_band(tmp_path: Path) -> None:
    report = _run(_config(tmp_path, drop=3.2 / 4.2))
    hc5 = (tmp_path / "out" / "vortex-artifacts" / "hc5-portfolio-report-2026-11-23.md").read_text()
    assert "learned from 2026-11-02 to 2026-11-07" in hc5
    e = report["experiments"][0]
    assert (e["priority"], e["severity"], e["confidence"]) == ("P2", "Warning", "Medium")
    assert e["metrics"][0]["baseline"]["source"] == "learned"
    assert "| P2 | Checkout | Warning (Lateral) | Conversion rate 3.18% vs expected" in hc5


def test_a_healthy_series_without_numbers_stays_p3_informational(tmp_path: Path) -> None:
    _run(_config(tmp_path, drop=1.0))
    hc5 = (tmp_path / "out" / "vortex-artifacts" / "hc5-portfolio-report-2026-11-23.md").read_text()
    assert "learned from 2026-11-02" in hc5
    assert "| P3 | Checkout | Informational (None)" in hc5


# -- learning from history before the window (window.learn) ---------------------------------


def _learning_run(tmp: Path, history_days: int, **window: str) -> tuple[dict, str]:
    from tests.support.learning import learning_config, learning_series, write_csv

    write_csv(tmp / "signals.csv", learning_series(history_days))
    cfg = learning_config(tmp, {"series": "conversion_rate"}, signals="signals.csv")
    if window:
        raw = yaml.safe_load(cfg.read_text())
        raw["window"].update(window)
        cfg.write_text(yaml.safe_dump(raw, sort_keys=False))
    report = _run(cfg)
    hc5 = (tmp / "out" / "vortex-artifacts" / "hc5-portfolio-report-2026-11-23.md").read_text()
    return report, hc5


def test_the_band_is_learned_from_the_history_before_the_window(tmp_path: Path) -> None:
    report, hc5 = _learning_run(tmp_path, history_days=14)
    m = report["experiments"][0]["metrics"][0]
    # 14 days before the window (2026-11-02): the band is the old level, the drop a breach
    assert (m["baseline"]["learned_from"], m["baseline"]["learned_to"]) == (
        "2026-10-19T01:00:00Z",
        "2026-11-02T00:00:00Z",
    )
    assert "learned from 2026-10-19 to 2026-11-02" in hc5
    assert 3.8 < m["baseline"]["expected_low"] < 4.2 < m["baseline"]["expected_high"] < 4.6
    e = report["experiments"][0]
    assert (e["priority"], e["severity"]) == ("P2", "Warning")
    # the window's facts are the window's: history is not counted as window points
    assert m["points"] == 21 * 24 and m["first"] == "2026-11-02T01:00:00Z"
    assert 3.1 < m["observed"] < 3.3


def test_a_shorter_learn_span_loads_less_history(tmp_path: Path) -> None:
    report, hc5 = _learning_run(tmp_path, history_days=14, learn="7d")
    assert "learned from 2026-10-26 to 2026-11-02" in hc5
    assert report["experiments"][0]["priority"] == "P2"


def test_without_history_the_band_comes_from_the_window_start(tmp_path: Path) -> None:
    # No history: the window's first quarter (mostly after the drop) is "normal", as before.
    report, hc5 = _learning_run(tmp_path, history_days=0)
    assert "learned from 2026-11-02 to 2026-11-07" in hc5
    assert report["experiments"][0]["priority"] == "P3"
    # learn: off ignores history that is there
    report, hc5 = _learning_run(tmp_path, history_days=14, learn="off")
    assert "learned from 2026-11-02 to 2026-11-07" in hc5
    assert report["experiments"][0]["priority"] == "P3"
