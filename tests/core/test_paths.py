from __future__ import annotations

from pathlib import Path

import pytest
from vortex_pulse.core.paths import PathEscape, confined, confined_all


def test_confined_all_gives_what_confined_gives(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)  # the folder itself through a symlink
    (real / "inside.md").write_text("x", encoding="utf-8")
    (real / "alias.md").symlink_to(real / "inside.md")  # a symlink that stays inside
    names = ["hc10-a-2026-03-02.md", "inside.md", "alias.md", "sub/x.md"]
    folder = tmp_path / "link"
    assert confined_all(folder, names) == [confined(folder, n) for n in names]


@pytest.mark.parametrize("name", ["../escape.md", "/etc/passwd", "out.md", ".."])
def test_confined_all_refuses_what_confined_refuses(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "artifacts"
    folder.mkdir()
    (folder / "out.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(PathEscape):
        confined_all(folder, ["fine.md", name])
