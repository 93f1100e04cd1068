"""Bounded reads: only regular files, never more than a cap.

A path may be a symlink to `/dev/zero`, a FIFO that never delivers, or a multi-gigabyte file
named like an input: reading it whole hangs a pass or exhausts memory. Every input file
(config, HC4, previous HC5, signal file) goes through `check_regular` or `read_bytes`.
The file is opened non-blocking (a FIFO does not block the open), checked with `fstat` on
the open descriptor (no race between check and read), then read up to the cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final

# Caps by kind of file; `PULSE_MAX_<KIND>_BYTES` overrides one (an operator with huge
# signal files raises it without a code change).
DEFAULT_CAPS: Final = {
    "config": 1_000_000,
    "markdown": 5_000_000,
    "signals": 2_000_000_000,
}


class FileReadError(OSError):
    """Not a readable regular file, or larger than its cap. `str()` is one clear line."""


def cap_for(kind: str) -> int:
    raw = os.environ.get(f"PULSE_MAX_{kind.upper()}_BYTES")
    if raw:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value > 0:
            return value
    return DEFAULT_CAPS.get(kind, DEFAULT_CAPS["markdown"])


def _describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileReadError(f"{path}: no such file") from None
    except PermissionError:
        raise FileReadError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise FileReadError(f"{path}: is a directory, expected a file") from None
    except OSError as exc:
        raise FileReadError(f"{path}: cannot read ({exc.strerror or exc})") from None


def check_regular(path: Path | str, kind: str = "markdown") -> int:
    """The size of `path` when it is a regular file within the cap of `kind`; else
    FileReadError. For readers that take a path (pyarrow), called just before they open it."""
    p = Path(path)
    fd = _open(p)
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return _checked_size(p, st, kind)


def _checked_size(p: Path, st: os.stat_result, kind: str) -> int:
    if not stat.S_ISREG(st.st_mode):
        raise FileReadError(f"{p}: is {_describe(st.st_mode)}, expected a regular file")
    cap = cap_for(kind)
    if st.st_size > cap:
        raise FileReadError(
            f"{p}: {st.st_size} bytes, larger than the {cap}-byte limit for a {kind} file"
            f" (PULSE_MAX_{kind.upper()}_BYTES raises it)"
        )
    return int(st.st_size)


def _read_up_to(fd: int, limit: int) -> bytes:
    """At most `limit` bytes from `fd`, in chunks (the file may grow while it is read)."""
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(fd, min(1 << 20, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_bytes(path: Path | str, kind: str = "markdown") -> bytes:
    """The whole content of a regular file no larger than the cap of `kind`."""
    p = path if isinstance(path, Path) else Path(path)
    fd = _open(p)
    try:
        _checked_size(p, os.fstat(fd), kind)
        cap = cap_for(kind)
        data = _read_up_to(fd, cap + 1)  # one byte past the cap tells a file that grew
        if len(data) > cap:
            raise FileReadError(f"{p}: larger than the {cap}-byte limit for a {kind} file")
        return data
    except BlockingIOError:
        raise FileReadError(f"{p}: cannot read (would block)") from None
    finally:
        os.close(fd)


def read_head(path: Path | str, limit: int = 65_536) -> bytes:
    """At most the first `limit` bytes of a regular file (a frontmatter peek): FIFOs,
    devices and folders are refused like `read_bytes`, whatever the file's size."""
    p = Path(path)
    fd = _open(p)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileReadError(f"{p}: is {_describe(st.st_mode)}, expected a regular file")
        return _read_up_to(fd, limit)
    except BlockingIOError:
        raise FileReadError(f"{p}: cannot read (would block)") from None
    finally:
        os.close(fd)
