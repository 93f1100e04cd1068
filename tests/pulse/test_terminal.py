"""The commands' shared terminal pieces: one date-option rule, one progress bar."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console
from vortex_pulse.core.errors import InputError
from vortex_pulse.pulse.commands.terminal import day_option, progress_bar


def test_a_date_option_is_read_one_way_and_a_mistake_names_the_option() -> None:
    assert day_option("--from", "2026-11-19") == date(2026, 11, 19)
    assert day_option("--to", None) is None
    with pytest.raises(InputError, match=r"^--to: expected YYYY-MM-DD, got '19/11/2026'$"):
        day_option("--to", "19/11/2026")


def _drawn(upfront: int | None, **update: object) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    with progress_bar(console, "pulse batch", upfront) as bar:
        assert bar is not None
        bar(**update)
    return out.getvalue()


def test_the_bar_counts_and_gives_an_eta_when_the_total_is_known() -> None:
    shown = _drawn(12, advance=3, description="example 2026-11-19: written")
    assert "pulse batch" in shown and "3/12" in shown and "ETA" in shown
    assert "example 2026-11-19: written" in shown
    steps = _drawn(None, description="scoring", completed=2, total=5)
    assert "scoring" in steps and "ETA" not in steps and "2/5" not in steps


def test_no_bar_when_the_output_is_not_a_terminal() -> None:
    with progress_bar(Console(file=io.StringIO()), "pulse run") as bar:
        assert bar is None
