"""`pulse run`: exit codes 0/1/2/3, one-line errors, --json, --fail-on, --output-dir, summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner
from vortex_pulse.pulse.cli import app

from tests.support.example import example_config

DATE = "2026-11-19"


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, ["run", *args])
    return res.exit_code, res.stdout, res.stderr


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_run_prints_the_p1_experiments_and_report_paths(tmp_path: Path) -> None:
    code, out, err = run(str(example_config(tmp_path)), "--date", DATE)
    assert code == 0, err
    assert "P1: 4 PM Dinner Suggestions (dinner-suggestions)" in out
    hc5 = tmp_path / "out" / "vortex-artifacts" / f"hc5-portfolio-report-{DATE}.md"
    assert f"HC5:   {hc5}" in out
    assert f"JSON:  {tmp_path / 'reports' / f'portfolio-report-{DATE}.json'}" in out
    assert err == ""  # piped: no progress display


def test_json_goes_to_stdout_and_the_summary_to_stderr(tmp_path: Path) -> None:
    code, out, err = run(str(example_config(tmp_path)), "--date", DATE, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["contract"] == "HC5" and data["date"] == DATE
    assert "HC5:" in err


@pytest.mark.parametrize(("gate", "code"), [("P1", 3), ("P2", 3), ("p1", 3)])
def test_fail_on_gate_exits_3(tmp_path: Path, gate: str, code: int) -> None:
    got, _, err = run(str(example_config(tmp_path)), "--date", DATE, "--fail-on", gate)
    assert got == code
    assert "--fail-on" in err


def test_fail_on_is_not_tripped_without_such_signals(tmp_path: Path) -> None:
    # the two healthy experiments alone produce P3 only
    cfg = example_config(tmp_path)
    import yaml

    raw = yaml.safe_load(cfg.read_text())
    raw["portfolio"] = [e for e in raw["portfolio"] if e["id"] in ("weekly-digest", "api-gateway")]
    cfg.write_text(yaml.safe_dump(raw))
    code, _, err = run(str(cfg), "--date", DATE, "--fail-on", "P2")
    assert code == 0, err


def test_output_dir_overrides_output_folder(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    code, out, _ = run(str(example_config(tmp_path)), "--date", DATE, "--output-dir", str(other))
    assert code == 0
    assert (other / "vortex-artifacts" / f"hc5-portfolio-report-{DATE}.md").is_file()
    assert (other / "vortex-artifacts" / f"max-evidence-brief-{DATE}.md").is_file()
    assert not (tmp_path / "out").exists()


def test_until_overrides_the_window_end(tmp_path: Path) -> None:
    code, out, _ = run(
        str(example_config(tmp_path)), "--date", DATE, "--json", "--until", "2026-11-12"
    )
    assert code == 0
    assert json.loads(out)["window"]["end"].startswith("2026-11-12T00:00:00")


def test_until_takes_latest_and_now_like_window_end(tmp_path: Path) -> None:
    cfg = str(example_config(tmp_path))
    code, out, err = run(cfg, "--date", DATE, "--json", "--until", "latest")
    assert code == 0, err
    code, plain, err = run(cfg, "--date", DATE, "--json", "--thread-id", "plain")
    assert code == 0, err
    assert json.loads(out)["window"] == json.loads(plain)["window"]  # the config's end: latest
    code, out, err = run(cfg, "--date", DATE, "--json", "--until", "now")
    assert code == 0, err
    assert json.loads(out)["window"]["end"] > json.loads(plain)["window"]["end"]


def test_bad_config_key_exits_2_with_one_line_naming_the_key(tmp_path: Path) -> None:
    cfg = example_config(tmp_path, window={"lookback": "21d", "ende": "latest"})
    code, out, err = run(str(cfg))
    assert code == 2
    line = one_line_error(err)
    assert str(cfg) in line and "window.ende" in line and "unknown key" in line
    assert not (tmp_path / "out").exists()


def test_bad_value_names_the_key(tmp_path: Path) -> None:
    code, _, err = run(str(example_config(tmp_path, window={"lookback": "three weeks"})))
    assert code == 2
    assert "window.lookback" in one_line_error(err)


def test_empty_portfolio_exits_2(tmp_path: Path) -> None:
    code, _, err = run(str(example_config(tmp_path, portfolio=[])))
    assert code == 2
    assert "portfolio: expected at least one experiment" in one_line_error(err)


def test_missing_config_exits_2(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "config file not found" in one_line_error(err)


def test_an_output_dir_that_cannot_be_made_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    args = ["--date", DATE, "--output-dir", str(blocker / "out")]
    code, _, err = run(str(example_config(tmp_path)), *args)
    assert code == 2
    assert one_line_error(err).startswith(f"pulse: {blocker}")  # the path, not a traceback


def test_missing_signal_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run(str(example_config(tmp_path, signals=str(tmp_path / "none.csv"))))
    assert code == 2
    assert "none.csv" in one_line_error(err)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--date", "23/11/2026"], "--date"),
        (["--fail-on", "P3"], "--fail-on"),
        (["--until", "yesterday"], "--until"),
    ],
)
def test_bad_options_exit_2(tmp_path: Path, args: list[str], needle: str) -> None:
    code, _, err = run(str(example_config(tmp_path)), *args)
    assert code == 2
    assert needle in one_line_error(err)


def test_an_hc5_failing_its_contract_exits_1_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vortex_pulse.contracts import hc5_validate  # step 5 renders through it

    monkeypatch.setattr(hc5_validate, "render_hc5", lambda report: "# no frontmatter\n")
    code, _, err = run(str(example_config(tmp_path)), "--date", DATE)
    assert code == 1
    assert "contract" in one_line_error(err)
    assert not list((tmp_path).glob("out/**/*.md"))
    assert not (tmp_path / "reports").exists()


def test_missing_hc4_names_the_entry_and_the_key(tmp_path: Path) -> None:
    import yaml

    cfg = example_config(tmp_path)
    raw = yaml.safe_load(cfg.read_text())
    raw["portfolio"][0]["hc4"] = str(tmp_path / "gone.md")
    cfg.write_text(yaml.safe_dump(raw))
    code, _, err = run(str(cfg), "--date", DATE)
    line = one_line_error(err)
    assert code == 2
    assert "portfolio entry 'dinner-suggestions': hc4:" in line and "gone.md" in line
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_a_report_date_before_the_window_end_is_exit_2(tmp_path: Path) -> None:
    # the example data ends 2026-11-20 00:00 UTC; a report dated Nov 10 would quote its future
    code, out, err = run(str(example_config(tmp_path)), "--date", "2026-11-10")
    assert code == 2
    line = one_line_error(err)
    assert "report date 2026-11-10 is before the window end 2026-11-20 00:00 UTC" in line
    assert not (tmp_path / "out" / "vortex-artifacts").exists() or not any(
        (tmp_path / "out" / "vortex-artifacts").iterdir()
    )


def test_stale_data_is_said_in_the_signal_summary(tmp_path: Path) -> None:
    code, _, err = run(str(example_config(tmp_path)), "--date", "2026-11-28")
    assert code == 0, err
    hc5 = (tmp_path / "out" / "vortex-artifacts" / "hc5-portfolio-report-2026-11-28.md").read_text(
        encoding="utf-8"
    )
    summary = next(line for line in hc5.splitlines() if "**Signal Summary**" in line)
    assert "older than the report date" in summary and "9 days" in summary
    assert "| **Overall Portfolio Confidence** | Low |" in hc5
