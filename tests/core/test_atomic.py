from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.core.atomic import write_text


def test_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "report.md"
    write_text(target, "old")
    write_text(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]


def test_failed_write_leaves_previous_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_text(target, "good")

    with pytest.raises(TypeError):
        write_text(target, 42)  # type: ignore[arg-type]
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    import os
    import stat

    mask = os.umask(0o022)
    os.umask(mask)
    target = write_text(tmp_path / "report.md", "x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_a_folder_that_cannot_be_made_names_the_file_asked_for(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    target = blocker / "hc5.md"
    with pytest.raises(OSError) as caught:
        write_text(target, "x")
    assert caught.value.filename == str(target)
    assert [p.name for p in tmp_path.iterdir()] == ["reports"]  # nothing else written
