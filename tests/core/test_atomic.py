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


def test_many_files_are_written_whole_and_no_temp_is_left(tmp_path: Path) -> None:
    from vortex_pulse.core.atomic import write_texts

    files = [(tmp_path / f"hc10-{i}.md", f"flag {i}\n" * i) for i in range(150)]
    (tmp_path / "hc10-3.md").write_text("old", encoding="utf-8")
    assert write_texts(files) == [p for p, _ in files]
    assert all(p.read_text() == text for p, text in files)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p, _ in files)


def test_a_failing_file_in_a_batch_leaves_no_temp_and_later_targets_untouched(
    tmp_path: Path,
) -> None:
    from vortex_pulse.core.atomic import write_texts

    (tmp_path / "a.md").write_text("old a", encoding="utf-8")
    (tmp_path / "blocker").write_text("a file where a folder should be", encoding="utf-8")
    bad = tmp_path / "blocker" / "b.md"
    with pytest.raises(OSError) as caught:
        write_texts([(tmp_path / "a.md", "new a"), (bad, "b")])
    assert caught.value.filename == str(bad)
    assert (tmp_path / "a.md").read_text() == "old a"  # checked and made before any rename
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "blocker"]


def test_every_file_of_a_batch_is_redacted(tmp_path: Path) -> None:
    from vortex_pulse.core import redact
    from vortex_pulse.core.atomic import write_texts

    redact.register("BatchSecretValue123")
    try:
        write_texts([(tmp_path / f"{i}.md", f"x BatchSecretValue123 {i}") for i in range(3)])
    finally:
        redact.clear()
    assert all("BatchSecretValue123" not in p.read_text() for p in tmp_path.iterdir())
