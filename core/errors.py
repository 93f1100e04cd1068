"""User-facing errors: one clear line, a distinct exit code, never a traceback."""

from __future__ import annotations


class PulseError(Exception):
    """An error caused by the user's input; `str()` is the one line we print."""

    exit_code = 2


class ConfigError(PulseError):
    """config.yaml is missing, unreadable or has a bad key. Names the file and the key."""


class InputError(PulseError):
    """An input file (HC4, signal file) cannot be used."""


class ContractError(PulseError):
    """A produced or handed-off artifact failed its contract validation."""

    exit_code = 1
