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

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from vortex_pulse.core.redact import redact


def _read_umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before threads start.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_read_umask()  # what open() would give a new file; mkstemp gives 0600


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
    try:
        for path, blob in data:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            except OSError as exc:
                # Name the file the user asked for, not our temporary one.
                raise type(exc)(exc.errno, exc.strerror, str(path)) from None
            opened.append((fd, tmp, path))
            view = memoryview(blob)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, _MODE)
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
