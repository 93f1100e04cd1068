"""Hostile files: symlinks to /dev/zero, FIFOs, oversized files, YAML alias bombs.
Each is refused in bounded time with one line; nothing hangs or grows without bound."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from vortex_pulse.agents.noah.assemble import previous_reports
from vortex_pulse.contracts.errors import ContractInputError
from vortex_pulse.contracts.files import read_text_file
from vortex_pulse.contracts.hc4 import read_hc4
from vortex_pulse.contracts.markdown import split_frontmatter, split_lines
from vortex_pulse.core.config import load_config
from vortex_pulse.core.errors import ConfigError
from vortex_pulse.signals.series import SeriesRequest, SourceError, Window
from vortex_pulse.signals.sources.files import FileSource

from tests.adversarial.support import bounded, example_raw, one_line, run_cli, write_config

BOMB = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
# HC4: Bomb
"""


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def test_hc4_symlinked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "hc4-zero.md"
    link.symlink_to("/dev/zero")
    done, got = bounded(lambda: read_text_file(link), 5)
    assert done, "reading a symlink to /dev/zero did not finish"
    assert isinstance(got, ContractInputError) and "regular file" in str(got)


def test_hc4_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "hc4-fifo.md")
    done, got = bounded(lambda: read_text_file(fifo), 5)
    assert done, "reading a FIFO blocked"
    assert isinstance(got, ContractInputError) and "pipe" in str(got)


def test_validate_cli_on_a_fifo_is_one_line_exit_2(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "hc4-fifo.md")
    done, got = bounded(lambda: run_cli("validate", str(fifo)), 20)
    assert done
    code, _out, err = got
    assert code == 2 and "pipe" in one_line(err)


def test_oversized_hc4_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULSE_MAX_MARKDOWN_BYTES", "1000")
    big = tmp_path / "hc4-big.md"
    big.write_bytes(b"# HC4\n" + b"a" * 5000)
    with pytest.raises(ContractInputError, match="1000-byte limit"):
        read_text_file(big)


def test_a_hostile_previous_hc5_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "vortex-artifacts"
    folder.mkdir()
    _fifo(folder / "hc5-portfolio-report-2026-11-01.md")
    (folder / "hc5-portfolio-report-2026-11-02.md").symlink_to("/dev/zero")
    (folder / "hc5-portfolio-report-2026-11-03.md").write_text("mentions `exp-a`\n")
    done, got = bounded(lambda: previous_reports(folder, date(2026, 11, 23), {"exp-a": "A"}), 10)
    assert done, "a FIFO or /dev/zero named like an HC5 held the pass"
    assert got == {"exp-a": ["hc5-portfolio-report-2026-11-03.md"]}


def test_signal_file_that_is_a_fifo_fails_the_source(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "signals.csv")
    src = FileSource("default", fifo)
    from datetime import UTC, datetime

    win = Window(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))
    done, got = bounded(lambda: src.load([SeriesRequest("e", "m")], win), 10)
    assert done
    assert isinstance(got, SourceError) and "regular file" in str(got)


def test_yaml_alias_bomb_in_frontmatter_is_rejected_quickly() -> None:
    done, got = bounded(lambda: split_frontmatter(split_lines(BOMB)), 5)
    assert done, "the alias bomb was expanded"
    assert got.error is not None and "alias" in got.error
    done, doc = bounded(lambda: read_hc4(BOMB), 5)
    assert done and doc.frontmatter_error is not None


def test_yaml_alias_bomb_in_config_is_one_line(tmp_path: Path) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text(BOMB.split("---")[1] + "portfolio: []\n", encoding="utf-8")
    done, got = bounded(lambda: load_config(cfg), 5)
    assert done
    assert isinstance(got, ConfigError) and "alias" in str(got)


def test_config_symlinked_to_dev_zero_is_one_line(tmp_path: Path) -> None:
    link = tmp_path / "config.yaml"
    link.symlink_to("/dev/zero")
    done, got = bounded(lambda: load_config(link), 5)
    assert done
    assert isinstance(got, ConfigError) and "regular file" in str(got)


def test_run_with_an_alias_bomb_hc4_finishes(tmp_path: Path) -> None:
    raw = example_raw(tmp_path)
    bomb = tmp_path / "hc4-bomb.md"
    bomb.write_text(BOMB, encoding="utf-8")
    raw["portfolio"][0]["hc4"] = str(bomb)
    cfg = write_config(tmp_path, raw)
    done, got = bounded(lambda: run_cli("run", str(cfg), "--date", "2026-11-19"), 120)
    assert done, "pulse run hung on an alias bomb"
    code, _out, err = got
    assert code in (0, 1, 2, 3) and "Traceback" not in err
