"""The daemon never lies: a changed file changes the next pass, a deleted one fails it and
/health answers 503, SIGTERM with a hung sink ends within 15 s; a pass is resumed only
when its inputs are identical."""

from __future__ import annotations

import csv
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from vortex_pulse.core.config import load_config
from vortex_pulse.graphs.nodes import noah as portfolio  # where the node looks it up
from vortex_pulse.pulse.daemon import Daemon
from vortex_pulse.pulse.pipeline import run_pass
from vortex_pulse.signals.sources.build import build_sources

from tests.adversarial.servers import trickle_server, wait_for
from tests.adversarial.support import REPO, example_raw, one_line, run_cli, write_config

DAY = date(2026, 11, 19)


def _heal_dinner(src: Path, dst: Path) -> None:
    """The example data with the P1 (dinner suggestions' action rate) back inside its band."""
    with src.open(newline="") as fh, dst.open("w", newline="") as out:
        rows = csv.reader(fh)
        w = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
        header = next(rows)
        w.writerow(header)
        for r in rows:
            if r[1] == "dinner-suggestions" and r[2] == "action_rate":
                r[3] = "70.0"
            w.writerow([r[0], r[1], r[2], float(r[3]), *(float(x) for x in r[4:] if x)])


def _cfg(tmp: Path, **extra: Any) -> Path:
    raw = example_raw(tmp)
    # The daemon reports as of today; the example data ends 2026-11-20. With `latest` it
    # would rightly read as stale (Low confidence, no P1): pin the window to the data.
    raw["window"] = {"lookback": "21d", "end": "2026-11-20T00:00:00Z"}
    data = tmp / "signals.csv"
    shutil.copy(REPO / "examples/portfolio/signals.csv", data)
    raw["signals"] = str(data)
    raw.update(extra)
    return write_config(tmp, raw)


def test_changed_file_changes_the_next_pass_and_deleted_file_gives_503(tmp_path: Path) -> None:
    cfg = load_config(_cfg(tmp_path))
    daemon = Daemon(cfg, build_sources(cfg), interval=60, port=0)
    daemon.serve()
    try:
        health = f"http://127.0.0.1:{daemon.port}/health"
        assert daemon.one_pass()
        first = daemon.health.last_hc5
        assert httpx.get(health, timeout=5).status_code == 200
        assert "dinner-suggestions" in _p1(daemon)

        _heal_dinner(REPO / "examples/portfolio/signals.csv", tmp_path / "healed.csv")
        (tmp_path / "healed.csv").replace(tmp_path / "signals.csv")
        assert daemon.one_pass()
        assert "dinner-suggestions" not in _p1(daemon), "the pass reported the old file"
        assert daemon.health.last_hc5 == first  # same day, same file name, new content

        (tmp_path / "signals.csv").unlink()
        assert not daemon.one_pass(), "a pass over a deleted file succeeded"
        r = httpx.get(health, timeout=5)
        assert r.status_code == 503
        body = r.json()
        assert body["status"] == "failing" and "not found" in body["last_pass"]["error"]
        assert body["sources"]["default"]["reachable"] is False
    finally:
        daemon.close()


def _p1(daemon: Daemon) -> list[str]:
    text = daemon.metrics.render().decode()
    return [
        line.split('experiment="')[1].split('"')[0]
        for line in text.splitlines()
        if line.startswith("pulse_experiment_priority{") and line.rstrip().endswith(" 1.0")
    ]


def test_sigterm_with_a_hung_sink_exits_within_15s(tmp_path: Path) -> None:
    with trickle_server(1.0) as (url, hit):
        cfg = _cfg(
            tmp_path,
            alerting={"sinks": [{"type": "webhook", "url": url + "/hook", "timeout_s": 300}]},
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "vortex_pulse.pulse.cli", "watch", str(cfg),
             "--port", "0", "--interval", "3600"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert wait_for(hit.is_set, 120), "the pass never reached the sink"
            time.sleep(0.5)
            proc.send_signal(signal.SIGTERM)
            t0 = time.monotonic()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pytest.fail("pulse watch did not stop within 15 s of SIGTERM")
            assert time.monotonic() - t0 < 15
            assert proc.returncode == 0
            assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)


def _fail_once(monkeypatch: pytest.MonkeyPatch) -> Any:
    real = portfolio.assess_portfolio
    monkeypatch.setattr(portfolio, "assess_portfolio", lambda *a: 1 / 0)
    return real


def test_a_config_edit_after_a_crash_starts_a_new_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _cfg(tmp_path)
    real = _fail_once(monkeypatch)
    with pytest.raises(ZeroDivisionError):
        run_pass(load_config(path), date=DAY)
    monkeypatch.setattr(portfolio, "assess_portfolio", real)
    # the crashed pass had six experiments; the edited config has five
    import yaml

    raw = yaml.safe_load(path.read_text())
    raw["portfolio"] = [e for e in raw["portfolio"] if e["id"] != "api-gateway"]
    for e in raw["portfolio"]:
        e["related"] = [r for r in e.get("related", []) if r != "api-gateway"]
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    r = run_pass(load_config(path), date=DAY)
    assert not r.resumed
    assert "api-gateway" not in [e.id for e in r.report.experiments]


def test_a_crash_with_identical_inputs_is_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _cfg(tmp_path)
    real = _fail_once(monkeypatch)
    with pytest.raises(ZeroDivisionError):
        run_pass(load_config(path), date=DAY)
    monkeypatch.setattr(portfolio, "assess_portfolio", real)
    assert run_pass(load_config(path), date=DAY).resumed


def test_a_changed_signal_file_after_a_crash_starts_a_new_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _cfg(tmp_path)
    real = _fail_once(monkeypatch)
    with pytest.raises(ZeroDivisionError):
        run_pass(load_config(path), date=DAY)
    monkeypatch.setattr(portfolio, "assess_portfolio", real)
    _heal_dinner(REPO / "examples/portfolio/signals.csv", tmp_path / "signals.csv")
    r = run_pass(load_config(path), date=DAY)
    assert not r.resumed and "dinner-suggestions" not in r.p1


def test_a_live_source_pass_is_never_resumed_with_its_old_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `latest`: the window end moves with a live source, which is what this test is about
    cfg = load_config(_cfg(tmp_path, window={"lookback": "21d", "end": "latest"}))
    sources = build_sources(cfg)

    class Live:
        live = True

        def __init__(self, inner: Any) -> None:
            self.inner, self.name = inner, inner.name

        def load(self, *a: Any) -> Any:
            return self.inner.load(*a)

        def latest(self, *a: Any) -> Any:
            return self.inner.latest(*a)

    live = {"default": Live(sources["default"])}
    real = _fail_once(monkeypatch)
    with pytest.raises(ZeroDivisionError):
        run_pass(cfg, date=DAY, sources=live)
    monkeypatch.setattr(portfolio, "assess_portfolio", real)
    assert not run_pass(cfg, date=DAY, sources=live).resumed


def test_a_corrupt_checkpoint_database_is_one_line(tmp_path: Path) -> None:
    path = _cfg(tmp_path)
    db = tmp_path / ".pulse" / "cp.sqlite"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a database" * 100)
    code, _out, err = run_cli("run", str(path), "--date", "2026-11-19")
    assert code == 2
    assert "checkpoint" in one_line(err)


def test_checkpoint_path_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    raw = example_raw(tmp_path)
    raw["checkpoint"] = {"backend": "sqlite", "path": "."}
    code, _out, err = run_cli("run", str(write_config(tmp_path, raw)), "--date", "2026-11-19")
    assert code == 2 and "checkpoint.path" in one_line(err)
