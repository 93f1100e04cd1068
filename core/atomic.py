"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Every file the product writes goes through here, so this is also where the redaction layer
(core/redact.py) sees every byte: a secret echoed by a server or a model never lands on disk.

`write_texts` writes many files in phases (docs/decisions/2060-batched-atomic-writes.md):
every text redacted, then every temporary file written, then each one fsynced, then each
renamed over its target. Each file is still replaced whole (a rename of a synced file), so
a crash leaves every target old or new; the phases only let the disk take the ~900 small
files of a 1,000-experiment pass in one stream instead of one flush per file.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from pathlib import Path

from vortex_pulse.core.redact import redact

_MODE = 0o666  # the kernel applies the umask, as open() does
# A new file only, never through a symlink; not inherited by a child process.
_CREATE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)  # fmt: skip
_START_WRITEBACK = getattr(os, "posix_fadvise", None)  # not on macOS or Windows
_serial = itertools.count()  # next() on a count is atomic: threads never share a number


def _create(path: Path) -> tuple[int, str]:
    """A new, empty temporary file beside `path`, open for writing, with the final mode.

    Named by this process and a counter instead of `tempfile.mkstemp`'s random names
    (docs/decisions/2101-temporary-names-and-writeback.md): no writer of this process picks
    a name twice, another process has another id, and O_EXCL refuses a name that exists
    anyway (a leftover of a killed process that had our id), so the next number is tried."""
    while True:
        tmp = f"{path.parent}/.{path.name}.{os.getpid()}-{next(_serial)}.tmp"
        try:
            return os.open(tmp, _CREATE, _MODE), tmp
        except FileExistsError:
            continue


def write_text(path: Path, text: str) -> Path:
    """Write `text` (redacted) to a temporary file beside `path`, fsync it, then rename
    over `path`."""
    return write_texts([(path, text)])[0]


_CHUNK = 64  # files open at once: well under the usual limit of 1,024 descriptors


def write_texts(files: Sequence[tuple[Path, str]]) -> list[Path]:
    """`write_text` for many files: all redacted and encoded before the first byte is
    written. On a failure no temporary file is left; targets already renamed are whole
    new files, the others untouched."""
    data = [(path, redact(text).encode("utf-8")) for path, text in files]
    for start in range(0, len(data), _CHUNK):
        _write_chunk(data[start : start + _CHUNK])
    return [path for path, _text in files]


def _write_chunk(data: list[tuple[Path, bytes]]) -> None:
    opened: list[tuple[int, str, Path]] = []  # (fd, temporary name, target), still open
    written: list[tuple[str, Path]] = []  # closed, not yet renamed
    made: set[Path] = set()  # folders made (or found) in this chunk: one mkdir per folder
    try:
        for path, blob in data:
            try:
                if path.parent not in made:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    made.add(path.parent)
                fd, tmp = _create(path)
            except OSError as exc:
                # Name the file the user asked for, not our temporary one.
                raise type(exc)(exc.errno, exc.strerror, str(path)) from None
            opened.append((fd, tmp, path))
            view = memoryview(blob)
            while view:
                view = view[os.write(fd, view) :]
        if _START_WRITEBACK is not None:
            # Linux starts writing a file's dirty pages back on this hint, without waiting:
            # the chunk's blocks are then allocated in one journal transaction, which the
            # first fsync commits and the others find done (decision 2101). The fsyncs
            # below still wait until every byte is on disk.
            for fd, _tmp, _path in opened:
                _START_WRITEBACK(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        for fd, _tmp, _path in opened:
            os.fsync(fd)
        while opened:
            fd, tmp, path = opened.pop(0)
            written.append((tmp, path))
            os.close(fd)
        for n, (tmp, path) in enumerate(written):
            os.replace(tmp, path)
            written[n] = ("", path)
    except BaseException:
        for fd, tmp, _path in opened:
            os.close(fd)
            Path(tmp).unlink(missing_ok=True)
        for tmp, _path in written:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
        raise
