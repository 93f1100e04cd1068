"""How input paths are shown in reports: relative to the config's folder when inside it."""

from __future__ import annotations

from pathlib import Path

from vortex_pulse.core.paths import display_path, display_paths


def test_paths_inside_the_base_are_relative_and_others_stay_as_given(tmp_path: Path) -> None:
    base = tmp_path / "project"
    (base / "hc4").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (base / "link").symlink_to(tmp_path / "elsewhere")  # resolves outside the base
    paths: list[Path | str | None] = [
        base / "hc4" / "a.md",
        str(base / "hc4" / ".." / "b.md"),
        tmp_path / "elsewhere" / "c.md",
        base / "link" / "d.md",
        None,
    ]
    expected = ["hc4/a.md", "b.md", str(tmp_path / "elsewhere" / "c.md"),
                str(base / "link" / "d.md"), None]  # fmt: skip
    assert [display_path(p, base) for p in paths] == expected
    assert display_paths(paths, base) == expected  # the base resolved once, same answers
    assert display_paths(paths, None) == [None if p is None else str(p) for p in paths]
