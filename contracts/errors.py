"""Errors raised by the contract readers. Pulse-independent: the CLI maps them to exit 2."""

from __future__ import annotations


class ContractInputError(Exception):
    """A contract file cannot be read at all (missing, binary, undecodable, broken YAML).

    `str()` is one line that names the file and what was expected.
    """
