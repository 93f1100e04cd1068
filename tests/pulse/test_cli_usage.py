"""The console script: usage mistakes are one line on stderr and exit 2, not a usage box."""

from __future__ import annotations

import pytest
from vortex_pulse.pulse.cli import main


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["run", "--bogus"], "No such option: --bogus (see 'pulse run --help')"),
        (["watch", "--port", "abc"], "Invalid value for '--port'"),
        (["validate"], "Missing argument 'files'"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_mistakes_are_one_line_and_exit_2(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.count("\n") == 1 and err.startswith("pulse: ") and needle in err


def test_no_arguments_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([])
    assert exit_.value.code == 0
    assert "Usage: pulse" in capsys.readouterr().out


def test_command_exit_codes_pass_through(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "/definitely/not/here.md"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip() == "pulse: /definitely/not/here.md: no such file"
