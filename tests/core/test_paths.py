from __future__ import annotations

import os
from pathlib import Path

import pytest
from vortex_pulse.core.paths import (
    PathEscape,
    confined,
    confined_all,
    display_path,
    display_paths,
)


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


def test_display_paths_gives_what_display_path_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # display_paths resolves each folder once and only lstat-s the file name: symlinked
    # files and folders, relative links, '..', missing and NUL names must still show alike
    cfg, other = tmp_path / "cfg", tmp_path / "other"
    (cfg / "hc4").mkdir(parents=True)
    other.mkdir()
    (cfg / "hc4" / "a.md").write_text("x", encoding="utf-8")
    (other / "f.md").write_text("y", encoding="utf-8")
    (cfg / "file").write_text("z", encoding="utf-8")
    (cfg / "link").symlink_to(other)
    (cfg / "hc4" / "out.md").symlink_to(other / "f.md")
    (cfg / "hc4" / "rel.md").symlink_to(Path("..") / "hc4" / "a.md")
    names = [
        "cfg/hc4/a.md", "cfg/hc4/out.md", "cfg/hc4/rel.md", "cfg/link/f.md",
        "cfg/link/../hc4/a.md", "cfg/hc4/../hc4/a.md", "cfg/nope/x.md", "cfg/file/x.md",
        "cfg/hc4/missing.md", "cfg/hc4/a\0.md", "cfg/hc4/..", "cfg", "/", "cfg/./hc4/a.md",
        "other/f.md",
    ]  # fmt: skip
    paths: list[Path | str | None] = [str(tmp_path / n) for n in names] + names + [None]
    monkeypatch.chdir(tmp_path)
    for base in (cfg, Path("cfg"), cfg / "link", None):
        assert display_paths(paths, base) == [display_path(p, base) for p in paths]
    assert display_paths(["cfg/hc4/out.md", "cfg/hc4/a.md"], cfg) == [
        "cfg/hc4/out.md",  # a link out of the folder is shown as given
        os.path.join("hc4", "a.md"),
    ]
    (cfg / "loop").symlink_to(cfg / "loop")
    for loop in (cfg / "loop", cfg / "loop" / "x.md"):
        with pytest.raises(RuntimeError):
            display_path(loop, cfg)
        with pytest.raises(RuntimeError):
            display_paths([cfg / "hc4" / "a.md", loop], cfg)
