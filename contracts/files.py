"""Reading a contract file as text, with one clear line when it cannot be read."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from vortex_pulse.contracts.errors import ContractInputError

MAX_BYTES: Final = 5_000_000  # an HC4 or HC5 is a few KB; anything this big is not one


def read_text_file(path: str | Path) -> str:
    """A contract file as text, or ContractInputError with one clear line."""
    p = Path(path)
    try:
        if p.is_dir():
            raise ContractInputError(f"{p}: is a directory, expected a markdown file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ContractInputError(f"{p}: {size} bytes, expected a markdown file under 5 MB")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ContractInputError(f"{p}: no such file") from None
    except PermissionError:
        raise ContractInputError(f"{p}: permission denied") from None
    except OSError as exc:
        raise ContractInputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in raw:
        raise ContractInputError(f"{p}: binary file, expected UTF-8 markdown text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContractInputError(
            f"{p}: not UTF-8 text (byte {exc.start}), expected UTF-8 markdown"
        ) from None
