"""`pulse watch` / `pulse rules` user mistakes: one line on stderr, exit 2, nothing started."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import yaml
from vortex_pulse.pulse.cli import main as cli_main


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        cli_main(args)
    err = capsys.readouterr().err
    return int(done.value.code or 0), err


def _config(tmp_path: Path, **extra: object) -> Path:
    path = tmp_path / "config.yaml"
    raw = {"state_dir": str(tmp_path / "state"), "portfolio": [], **extra}
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--interval", "0"], "pulse: --interval: expected a positive number of seconds, got 0"),
        (["--port", "70000"], "pulse: --port: expected 0-65535, got 70000"),
        (["--max-passes", "0"], "pulse: --max-passes: expected 1 or more, got 0"),
    ],
)
def test_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, err = _run(["watch", str(_config(tmp_path)), *args], capsys)
    assert (code, err.strip()) == (2, message)


def test_a_sink_without_url_fails_at_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = _config(tmp_path, alerting={"sinks": [{"type": "alertmanager"}]})
    code, err = _run(["watch", str(cfg), "--port", "0"], capsys)
    assert code == 2
    assert err.strip() == (f"pulse: {cfg}: alerting.sinks[0].url: expected an http(s) URL")


def test_a_busy_port_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, err = _run(["watch", str(_config(tmp_path)), "--port", str(port)], capsys)
    assert code == 2
    assert err.startswith(f"pulse: --port {port} on 127.0.0.1: ") and err.count("\n") == 1


def test_rules_without_config_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(["rules", str(tmp_path / "nope.yaml")], capsys)
    assert (code, err.strip()) == (2, f"pulse: {tmp_path / 'nope.yaml'}: config file not found")
