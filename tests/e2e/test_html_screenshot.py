"""The HTML report renders in a real headless browser, offline, into a non-blank page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.example import example_config

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_report_renders_non_blank(tmp_path: Path) -> None:
    from PIL import Image, ImageStat
    from vortex_pulse.core.config import load_config
    from vortex_pulse.pulse.pipeline import run_pass

    result = run_pass(load_config(example_config(tmp_path)))
    assert result.html_path is not None
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1100,1400",
            f"--screenshot={shot}",
            result.html_path.as_uri(),
        ],
        capture_output=True,
        timeout=90,
        check=False,
    )
    assert shot.is_file() and shot.stat().st_size > 0
    img = Image.open(shot).convert("L")
    assert img.size == (1100, 1400)
    low, high = img.getextrema()
    assert high - low > 100  # dark text on a light page
    assert ImageStat.Stat(img).stddev[0] > 10  # tables and charts, not an empty page
