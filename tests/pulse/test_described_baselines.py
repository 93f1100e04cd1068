"""A portfolio entry with a plain description instead of an HC4 (or a markdown file that is
not an HC4) is scored against the description's numbers, one confidence step lower than
the same numbers given as config baselines."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from vortex_pulse.core.config import config_from_dict
from vortex_pulse.pulse.pipeline import run_pass
from vortex_pulse.signals.rules import lower_confidence

REPO = Path(__file__).resolve().parents[2]
DESCRIPTION = "Availability: expect 99.5-100%, below 99.0% for 2+ hours investigate."


def test_a_plain_description_gives_baselines_and_lowers_confidence_one_step(
    tmp_path: Path,
) -> None:
    ids = ("api-config", "api-described", "api-filed")
    with (REPO / "examples/portfolio/signals.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["experiment"] == "api-gateway"]
    with (tmp_path / "signals.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows({**r, "experiment": i} for i in ids for r in rows)
    note = tmp_path / "gateway-notes.md"
    note.write_text(f"# Gateway notes\n\n{DESCRIPTION}\n", encoding="utf-8")
    metrics = {"Availability": {"series": "availability", "unit": "%"}}
    raw = {
        "signals": "signals.csv",
        "output_folder": "out",
        "reports_folder": "reports",
        "checkpoint": {"backend": "memory"},
        "portfolio": [
            {
                "id": "api-config",
                "scope": "wide",
                "metrics": metrics,
                "baselines": {
                    "availability": {
                        "expected": [99.5, 100],
                        "investigate_below": 99.0,
                        "persistence": "for 2+ hours",
                        "unit": "%",
                    }
                },
            },
            {
                "id": "api-described",
                "scope": "wide",
                "metrics": metrics,
                "description": DESCRIPTION,
            },
            {"id": "api-filed", "scope": "wide", "metrics": metrics, "hc4": str(note)},
        ],
    }
    cfg = config_from_dict(raw, tmp_path / "config.yaml")
    res = run_pass(cfg, date=date(2026, 11, 19))
    by_id = {e.id: e for e in res.report.experiments}
    assert by_id["api-config"].confidence != "Low"  # so that one step lower shows
    assert by_id["api-config"].metrics[0].baseline.source == "config"  # type: ignore[union-attr]
    for exp_id in ("api-described", "api-filed"):
        (m,) = by_id[exp_id].metrics
        assert m.baseline is not None and m.baseline.source == "description"
        assert (m.baseline.expected_low, m.baseline.investigate_value) == (99.5, 99.0)
        assert m.observed == by_id["api-config"].metrics[0].observed
        assert by_id[exp_id].confidence == lower_confidence(by_id["api-config"].confidence)
        assert any("plain description" in n for n in by_id[exp_id].notes)
