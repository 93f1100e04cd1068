"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Every file the product writes goes through here, so this is also where the redaction layer
(core/redact.py) sees every byte: a secret echoed by a server or a model never lands on disk.
"""

from __future__ import annotations

import os
import tempfile
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
    text = redact(text)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        # Name the file the user asked for, not our temporary one.
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
