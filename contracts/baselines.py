"""The baseline of one metric: what production should look like, and when to look closer.

Shared by the HC4 reader (which extracts it), config overrides, the LLM extractor
(agents/llm/extract.py) and the signals engine (which scores against it). Pure data, no I/O.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Op = Literal["<", "<=", ">", ">="]
BaselineSource = Literal["hc4", "config", "llm", "description", "learned"]


class Baseline(BaseModel):
    """One metric's validated expectation.

    Units are as written by people ("%", "ms", "min", "/5", "per week", "count", ...).
    Percent bounds are kept in percent points (60-75% -> 60.0, 75.0); the signals engine
    reconciles series given as fractions.
    """

    model_config = ConfigDict(frozen=True)

    metric: str
    unit: str | None = None
    expected_low: float | None = None
    expected_high: float | None = None
    # The "investigate if" threshold: a breach of it (held for `persistence`) is Critical.
    investigate_op: Op | None = None
    investigate_value: float | None = None
    persistence: str | None = None  # as written: "for 2+ weeks", "2+ consecutive engagements"
    persistence_seconds: float | None = None  # time-based qualifiers
    persistence_count: int | None = None  # count-based qualifiers (consecutive observations)
    higher_is_better: bool | None = None
    text_threshold: str | None = None  # non-numeric thresholds, kept as text
    source: BaselineSource = "hc4"
    section: str | None = None  # provenance: the HC4 section the numbers came from
    line: int | None = None  # 1-based line in the HC4 file
    quote: str | None = None  # the span as written
    # source "learned": the first and last timestamps (ISO 8601) of the history it came from
    learned_from: str | None = None
    learned_to: str | None = None

    @property
    def numeric(self) -> bool:
        """True when scoring can use it (a band or a threshold)."""
        return (
            self.expected_low is not None
            or self.expected_high is not None
            or self.investigate_value is not None
        )
