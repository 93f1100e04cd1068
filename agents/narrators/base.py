"""The narrator seam: who writes the prose of a report from the computed facts.

The template narrator (offline, default) and the LLM narrator (agents/llm) both implement
`Narrator`. Narrators never compute numbers: they only phrase the facts they are given.
"""

from __future__ import annotations

from typing import Protocol

from vortex_pulse.report.narrative import NarrationInput, Narrative


class Narrator(Protocol):
    def narrate(self, inp: NarrationInput) -> Narrative: ...
