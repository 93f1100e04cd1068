"""How paths are shown in reports, where artifacts go, file names derived from untrusted
text, and confinement of every derived path to its folder."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

ARTIFACTS = "vortex-artifacts"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SEPARATORS = {c for c in (os.sep, os.altsep, "\0") if c}


class PathEscape(ValueError):
    """A derived path would leave its configured folder."""


def slug(text: str, limit: int = 80) -> str:
    """A file-name-safe form of `text`: ASCII letters, digits, '.', '_', '-'; never empty,
    never '.', '..' or hidden. Distinct texts that slug alike get a short hash suffix."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = _UNSAFE.sub("-", ascii_text).strip(".-_")[:limit] or "item"
    if out != text:
        out += "-" + hashlib.sha256(text.encode()).hexdigest()[:6]
    return out


def confined(folder: Path, name: str) -> Path:
    """`folder / name`, refusing any result outside `folder` (a '..', an absolute name, a
    symlink that points elsewhere)."""
    base = folder.resolve()
    target = (base / name).resolve()
    if target.parent != base and base not in target.parents:
        raise PathEscape(f"{name!r} would be written outside {base}")
    return base / name


def confined_all(folder: Path, names: Sequence[str]) -> list[Path]:
    """`confined` for many names in one folder, the folder resolved once (a pass files
    ~800 HC10 flags). A plain file name (no separator, not '.' or '..') that is not a
    symlink resolves to itself inside the resolved folder; any other name gets
    `confined`'s full check."""
    base = folder.resolve()
    out = []
    for name in names:
        target = base / name
        plain = name not in ("", ".", "..") and not any(c in name for c in _SEPARATORS)
        out.append(target if plain and not target.is_symlink() else confined(folder, name))
    return out


def display_path(path: Path | str | None, base: Path | None) -> str | None:
    """A path relative to the config's folder when it lies inside it (stable across machines)."""
    return _display(path, None if base is None else base.resolve())


def display_paths(paths: Iterable[Path | str | None], base: Path | None) -> list[str | None]:
    """`display_path` of many paths against one base, resolved once (a portfolio's HC4s).
    The paths mostly share a few folders (`hc4/`), so each folder is resolved once too:
    `resolve(folder / name)` is `resolve(folder) / name` when `name` is not a symlink,
    one `lstat` instead of one per component (a pass shows ~800 HC4 paths twice)."""
    root = None if base is None else base.resolve()
    folders: dict[Path, Path] = {}
    return [_display(p, root, folders) for p in paths]


def _display(
    path: Path | str | None, root: Path | None, folders: dict[Path, Path] | None = None
) -> str | None:
    if path is None:
        return None
    p = Path(path)
    if root is not None:
        try:
            return str(_resolve(p, folders).relative_to(root))
        except ValueError:
            pass
    return str(p)


def _resolve(p: Path, folders: dict[Path, Path] | None) -> Path:
    """`p.resolve()`, its folder's resolution taken from `folders` (filled as it goes)."""
    if folders is None or os.name != "posix" or p.name in ("", ".."):
        return p.resolve()
    try:
        link = stat.S_ISLNK(os.lstat(p).st_mode)
    except OSError:
        link = False  # as `resolve` (not strict) takes a name it cannot stat
    except ValueError:
        link = True  # a NUL in the path: `resolve` raises, as it always did
    if link:
        return p.resolve()
    parent = folders.get(p.parent)
    if parent is None:
        parent = folders[p.parent] = p.parent.resolve()
    return parent / p.name


def output_root(folder: Path) -> Path:
    """The folder *above* `vortex-artifacts/`. BMAD's own config names the artifacts folder
    itself (`{project-root}/_bmad-output/vortex-artifacts`); both spellings mean the same
    place, so artifacts never land in `vortex-artifacts/vortex-artifacts/`."""
    return folder.parent if folder.name == ARTIFACTS else folder
