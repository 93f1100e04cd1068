"""The monitor's one writable place: `.spec/reports/production-monitoring/**`.

SmartSpec's write guard for the production monitor allows nothing else and requires a hard
failure on any other path. Every file the monitor writes goes through `ReportsDir.write`,
which resolves the target (symbolic links included) and refuses it unless it lies inside.
"""

from __future__ import annotations

from pathlib import Path

from vortex_pulse.core.atomic import write_text
from vortex_pulse.core.errors import InputError, PulseError
from vortex_pulse.core.files import FileReadError, read_bytes

REPORTS = Path(".spec/reports/production-monitoring")


class WriteScopeError(PulseError):
    """A write outside the allowed folder was attempted; nothing is written."""


class ReportsDir:
    def __init__(self, project: Path) -> None:
        self.project = project.resolve()
        self.root = self.project / REPORTS

    def check(self, path: Path) -> Path:
        target = path if path.is_absolute() else self.root / path
        # `..` parts and symbolic links (the reports folder itself may be one) are followed
        # before the check; the allowed folder is the lexical one under the project.
        try:
            target.resolve().relative_to(self.root)
        except ValueError:
            raise WriteScopeError(
                f"refusing to write {path}: outside {REPORTS}/ (SmartSpec write scope)"
            ) from None
        return target

    def write(self, rel: Path | str, text: str) -> Path:
        target = self.check(Path(rel))
        self.root.mkdir(parents=True, exist_ok=True)
        self.check(Path(rel))  # again, now that the folder exists (it may be a link)
        return write_text(target, text)

    def read(self, rel: Path | str) -> str | None:
        """The file's text (a bounded read: a FIFO or a huge file is one line, exit 2), or
        None when there is none yet."""
        target = self.check(Path(rel))
        if not target.exists():
            return None
        try:
            return read_bytes(target, "markdown").decode("utf-8", errors="replace")
        except FileReadError as exc:
            raise InputError(str(exc)) from None
