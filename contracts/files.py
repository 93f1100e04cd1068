"""Reading a contract file as text, with one clear line when it cannot be read."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from vortex_pulse.contracts.errors import ContractInputError
from vortex_pulse.core.files import FileReadError, cap_for, read_bytes

MAX_BYTES: Final = cap_for("markdown")  # an HC4 or HC5 is a few KB; PULSE_MAX_MARKDOWN_BYTES


def read_text_file(path: str | Path) -> str:
    """A contract file as text, or ContractInputError with one clear line.

    Only regular files, at most the markdown cap (a symlink to /dev/zero or a FIFO is
    refused, never read)."""
    p = path if isinstance(path, Path) else Path(path)
    try:
        raw = read_bytes(p, "markdown")
    except FileReadError as exc:
        raise ContractInputError(str(exc)) from None
    if b"\x00" in raw:
        raise ContractInputError(f"{p}: binary file, expected UTF-8 markdown text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContractInputError(
            f"{p}: not UTF-8 text (byte {exc.start}), expected UTF-8 markdown"
        ) from None
