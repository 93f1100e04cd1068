"""`pulse batch` over 12 weekly dates of the example portfolio: reports, index, roll-up;
run again, nothing new; killed half-way and run again, it finishes the rest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner
from vortex_pulse.contracts.hc5_validate import validate_hc5
from vortex_pulse.pulse.batch.plan import dates
from vortex_pulse.pulse.cli import app

from tests.support.example import example_config

PULSE = Path(sys.executable).parent / "pulse"
PERIOD = ["--from", "2026-09-04", "--to", "2026-11-20", "--every", "1w"]
WEEKS = [d.isoformat() for d in dates(date(2026, 9, 4), date(2026, 11, 20), "1w")]


def snapshot(*folders: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p): (p.read_bytes(), p.stat().st_mtime_ns)
        for folder in folders
        for p in folder.rglob("*")
        if p.is_file() and ".pulse" not in p.parts
    }


def batch(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, ["batch", *args])
    return res.exit_code, res.stdout, res.stderr


def test_twelve_weekly_reports_an_index_and_a_roll_up_then_nothing_new(tmp_path: Path) -> None:
    cfg = example_config(tmp_path)
    code, out, err = batch(str(cfg), *PERIOD, "--index-dir", str(tmp_path / "idx"))
    assert code == 0, err
    assert out.startswith("12 reports written, 0 already written")
    art = tmp_path / "out" / "vortex-artifacts"
    hc5s = sorted(art.glob("hc5-portfolio-report-*.md"))
    assert [p.name[-13:-3] for p in hc5s] == WEEKS
    assert all(validate_hc5(p.read_text(encoding="utf-8")).compliant == "Yes" for p in hc5s)
    lines = [json.loads(x) for x in (tmp_path / "idx/batch-index.jsonl").read_text().splitlines()]
    assert [e["date"] for e in lines] == [p.name[-13:-3] for p in hc5s]
    last = lines[-1]
    report = json.loads(Path(last["json_report"]).read_text(encoding="utf-8"))
    assert (last["p1"], last["p2"], last["p3"]) == tuple(
        sum(e["priority"] == p for e in report["experiments"]) for p in ("P1", "P2", "P3")
    )
    page = (tmp_path / "idx/batch-index.md").read_text(encoding="utf-8")
    assert page.count("\n| 2026-") == 12 and "hc5-portfolio-report-2026-11-20.md" in page
    rollup = (tmp_path / "idx/batch-rollup-2026-09-04-to-2026-11-20.md").read_text("utf-8")
    dinner = next(line for line in rollup.splitlines() if line.startswith("| 4 PM Dinner"))
    cells = dinner.split(" | ")
    assert len(cells) == 14  # name, 12 dates, when the priority changed
    want = {e["id"]: e for e in report["experiments"]}["dinner-suggestions"]["priority"]
    assert cells[12].startswith(want + " · Action rate")
    assert "2026-11-20 (priority P3 to" in cells[13]  # the week the drop showed

    before = snapshot(tmp_path / "out", tmp_path / "reports", tmp_path / "idx")
    code, out, err = batch(str(cfg), *PERIOD, "--index-dir", str(tmp_path / "idx"))
    assert code == 0, err
    assert out.startswith("0 reports written, 12 already written")
    assert snapshot(tmp_path / "out", tmp_path / "reports", tmp_path / "idx") == before

    # changed inputs are not the same reports: all are written again
    example_config(tmp_path, window={"lookback": "14d", "end": "latest"})
    code, out, err = batch(str(cfg), *PERIOD, "--index-dir", str(tmp_path / "idx"))
    assert code == 0, err
    assert out.startswith("12 reports written, 0 already written")


def test_a_batch_killed_half_way_finishes_the_rest_when_run_again(tmp_path: Path) -> None:
    cfg = example_config(tmp_path)
    index = tmp_path / "idx" / "batch-index.jsonl"
    cmd = [PULSE, "batch", cfg, *PERIOD, "--index-dir", tmp_path / "idx"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if index.is_file() and len(index.read_text().splitlines()) >= 4:
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.fail("the batch ended before it could be killed")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    done = len(index.read_text().splitlines())
    assert 4 <= done < 12

    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(f"{12 - done} reports written, {done} already written")
    entries = [json.loads(x) for x in index.read_text().splitlines()]
    assert sorted({e["date"] for e in entries}) == WEEKS
    assert len(entries) == 12  # each date written once: none twice, none lost


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--every", "2w"], "--every: expected 1d or 1w, got '2w'"),
        (["--from", "2026-11-20", "--to", "2026-11-01"], "--to: 2026-11-01 is before --from"),
        (["--from", "20-11-2026"], "--from: expected YYYY-MM-DD, got '20-11-2026'"),
        (["--max-tokens", "0"], "--max-tokens: expected a positive number"),
    ],
)
def test_batch_usage_mistakes_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = batch(str(example_config(tmp_path)), *args)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert message in line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_fingerprint_of_a_fifo_does_not_wait_for_it(tmp_path: Path) -> None:
    """A signal path that is a FIFO is named unreadable (the pass says why), not read forever."""
    from vortex_pulse.pulse.batch.plan import Hasher

    fifo = tmp_path / "signals.csv"
    os.mkfifo(fifo)
    assert Hasher().file(fifo, "signals") == "missing"
