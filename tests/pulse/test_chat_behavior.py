"""BA in the chat on generated data: a segment that diverges while the aggregate holds is
named with its numbers, beside every metric of the experiment against its baseline."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import yaml
from vortex_pulse.pulse.api import ChatSession
from vortex_pulse.signals.series import Series, SeriesKey
from vortex_pulse.signals.synthetic import HOUR, generate, to_long_table, write_signals

DAY = "2026-03-02"  # the day after the synthetic window ends


def _project(tmp: Path) -> tuple[Path, datetime]:
    """One experiment: a segmented action rate (mobile drops to 45%, desktop holds 68%) and a
    healthy companion metric. Returns the config and the hour mobile dropped."""
    seg = generate("segment_divergence", seed=3)
    comp = generate("healthy", seed=4)
    companion = Series(SeriesKey("checkout", "completion_rate"), comp.ts, comp.values, comp.n)
    write_signals(to_long_table([*seg.to_series("checkout"), companion]), tmp / "signals.csv")
    band = {"expected": [60, 75]}
    raw = {
        "signals": "signals.csv",
        "output_folder": "out",
        "reports_folder": "reports",
        "checkpoint": {"backend": "memory"},
        "portfolio": [{
            "id": "checkout", "name": "One-Tap Checkout", "scope": "wide",
            "metrics": {"Action rate": {"series": seg.metric, "unit": "%"},
                        "Completion rate": {"series": "completion_rate", "unit": "%"}},
            "baselines": {seg.metric: band | {"investigate_below": 50,
                                              "persistence": "for 2+ days"},
                          "completion_rate": band},
        }],
    }  # fmt: skip
    (tmp / "config.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    assert seg.expected.change_point_index is not None
    drop = datetime.fromtimestamp(float(seg.ts[seg.expected.change_point_index]), UTC)
    return tmp / "config.yaml", drop


def _number(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in {text!r}"
    return float(found.group(1))


def test_behavior_analysis_names_the_diverging_segment_and_its_numbers(tmp_path: Path) -> None:
    config, drop = _project(tmp_path)
    with ChatSession(config, date=DAY) as chat:
        chat.start()
        said = "\n".join(chat.send("BA one-tap checkout").said)
    assert said.startswith("Behavior analysis — One-Tap Checkout")
    lines = said.splitlines()
    # every metric against its baseline: the aggregate holds (30% x 45 + 70% x 68 = 61.1)
    action = next(x for x in lines if x.startswith("- Action rate "))
    assert 60 <= _number(r"Action rate ([\d.]+)%", action) <= 63 and "inside" in action
    companion = next(x for x in lines if x.startswith("- Completion rate "))
    assert 60 <= _number(r"Completion rate ([\d.]+)%", companion) <= 75
    # the segment: named, its level (generated at 45%), how long (since 70% of 504 hours),
    # how far below the band, and since when
    [mobile] = [x for x in lines if "segment mobile" in x]
    assert "desktop" not in said  # the segment that holds is not called diverging
    assert abs(_number(r"at ([\d.]+)%", mobile) - 45) < 1.5
    held = (datetime(2026, 3, 1, tzinfo=UTC) - drop).total_seconds() / HOUR / 24
    assert abs(_number(r"for ([\d.]+) days", mobile) - held) < 0.1
    below = _number(r"; ([\d.]+) points below the 60% floor", mobile)
    assert abs(below - (60 - _number(r"at ([\d.]+)%", mobile))) < 0.15
    assert f"since {drop:%Y-%m-%d %H}:00 UTC" in mobile
    assert "while the aggregate stays inside the band" in mobile
