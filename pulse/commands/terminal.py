"""What the commands share on the terminal: a date option read one way, a document written to
stdout or to `-o FILE`, and one progress bar (a live bar on a terminal, nothing when stderr
is piped)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date as Date
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from vortex_pulse.core.atomic import write_text
from vortex_pulse.core.errors import InputError

Update = Callable[..., None]  # rich's Progress.update for the bar's one task


def day_option(option: str, text: str | None) -> Date | None:
    """A YYYY-MM-DD option (`--date`, `--from`, ...); a mistake names the option."""
    if text is None:
        return None
    try:
        return Date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option}: expected YYYY-MM-DD, got {text!r}") from None


def emit(text: str, output: Path | None) -> None:
    """A generated document (rules, a dashboard): on stdout, or written atomically to
    `output` and its path printed."""
    if output is None:
        sys.stdout.write(text)
    else:
        print(write_text(output, text))


@contextmanager
def progress_bar(console: Console, title: str, total: int | None = None) -> Iterator[Update | None]:
    """A transient bar titled `title`; with a `total` known up front, a count and an ETA.
    Yields the task's update (description=, completed=, total=, advance=), or None when
    `console` is not a terminal."""
    if not console.is_terminal:
        yield None
        return
    counted: list[ProgressColumn] = [MofNCompleteColumn()] if total else []
    eta: list[ProgressColumn] = [TextColumn("ETA"), TimeRemainingColumn()] if total else []
    with Progress(
        TextColumn(f"[bold]{title}[/]"),
        BarColumn(),
        *counted,
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        *eta,
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=total)
        update: Callable[..., Any] = partial(bar.update, task)
        yield update
