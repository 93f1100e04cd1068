"""What a model must return: pydantic models for structured output.

Field descriptions reach the model as part of the schema, so they carry the HC5 rules.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

_FACTUAL = "Only numbers and dates from <facts>; no advice or strategy; plain sentences."


class ExperimentProse(BaseModel):
    """HC5 narrative fields for one experiment."""

    signal_summary: str = Field(description="One factual sentence. " + _FACTUAL)
    actual_vs_expected: str = Field(description="Observed vs expected per metric. " + _FACTUAL)
    potential_explanations: str = Field(
        description="Factual possibilities supported by the facts. " + _FACTUAL
    )


class ExperimentProseWithDiscovery(ExperimentProse):
    """HC5 narrative fields for an experiment routed to user discovery (Isla)."""

    discovery_focus: str = Field(description="Questions for user discovery. " + _FACTUAL)


class PortfolioProse(BaseModel):
    """The portfolio Signal Summary of an HC5 portfolio report."""

    portfolio_summary: str = Field(description="Two to four sentences. " + _FACTUAL)


class ProposedBaseline(BaseModel):
    """A numeric baseline for one metric, exactly as the document states it."""

    metric: str = Field(description="The metric name, as given in the request")
    unit: str | None = Field(None, description='As written: "%", "min", "ms", "/5", ...')
    expected_low: float | None = None
    expected_high: float | None = None
    investigate_op: Literal["<", "<=", ">", ">="] | None = None
    investigate_value: float | None = None
    higher_is_better: bool | None = None
    quote: str = Field(description="Verbatim span of the document holding these numbers")


class ProposedBaselines(BaseModel):
    """Baselines found in the document; metrics without a stated number are left out."""

    baselines: list[ProposedBaseline] = Field(default_factory=list)
