"""The batch index: `batch-index.jsonl` (one line per report written, or where a batch
stopped) and `batch-index.md`, the same as a page people read."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel
from vortex_pulse.core.atomic import write_text
from vortex_pulse.core.paths import display_path

JSONL = "batch-index.jsonl"
MARKDOWN = "batch-index.md"


class Entry(BaseModel):
    status: str  # "written" | "stopped"
    date: str
    portfolio: str
    inputs: str = ""
    p1: int = 0
    p2: int = 0
    p3: int = 0
    severity: str = ""
    summary: str = ""
    hc5: str = ""
    json_report: str = ""
    html: str | None = None
    tokens: int = 0
    reason: str = ""


def read(folder: Path) -> list[Entry]:
    path = folder / JSONL
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(Entry.model_validate(json.loads(line)))
        except ValueError:
            continue  # a line cut by a kill mid-write: that report is simply run again
    return out


def append(folder: Path, entry: Entry) -> None:
    """One line, flushed to disk before the next job starts: a killed batch loses nothing
    it reported as written."""
    import os

    folder.mkdir(parents=True, exist_ok=True)
    with (folder / JSONL).open("a", encoding="utf-8") as fh:
        fh.write(entry.model_dump_json() + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def latest(entries: list[Entry]) -> dict[tuple[str, str], Entry]:
    """The newest written entry per (portfolio, date)."""
    out: dict[tuple[str, str], Entry] = {}
    for e in entries:
        if e.status == "written":
            out[(e.portfolio, e.date)] = e
    return out


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def render(folder: Path, entries: list[Entry]) -> str:
    rows = sorted(latest(entries).values(), key=lambda e: (e.date, e.portfolio))
    lines = [
        "# Batch index",
        "",
        "| Date | Portfolio | P1 | P2 | P3 | Summary | HC5 | JSON |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for e in rows:
        hc5, js = display_path(e.hc5, folder), display_path(e.json_report, folder)
        lines.append(
            f"| {e.date} | {_cell(e.portfolio)} | {e.p1} | {e.p2} | {e.p3} | {_cell(e.summary)}"
            f" | [{Path(e.hc5).name}]({hc5}) | [{Path(e.json_report).name}]({js}) |"
        )
    if entries and entries[-1].status == "stopped":
        stop = entries[-1]
        lines += ["", f"**Stopped** before {stop.portfolio} {stop.date}: {stop.reason}."]
    return "\n".join(lines) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Write only when the content differs: a batch with nothing new writes nothing."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_text(path, text)
    return True
