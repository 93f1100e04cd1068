"""What a narrator writes and what it is given: typed, so every output builder takes these,
never the graph state. Narrators never compute numbers: they only phrase the facts."""

from __future__ import annotations

from pydantic import BaseModel, Field
from vortex_pulse.report.model import NarrativeMeta, Route
from vortex_pulse.signals.facts import PortfolioFacts


class ExperimentNarrative(BaseModel):
    signal_summary: str
    actual_vs_expected: str
    potential_explanations: str
    discovery_focus: str | None = None  # only for experiments routed to Isla


class Narrative(BaseModel):
    portfolio_summary: str
    experiments: dict[str, ExperimentNarrative] = Field(default_factory=dict)
    meta: NarrativeMeta = Field(default_factory=NarrativeMeta)


class HC4Excerpt(BaseModel):
    """The parts of an experiment's HC4 a narrator may quote. Untrusted text."""

    name: str
    hypothesis: str | None = None
    outcome: str | None = None
    expected_behavior: str | None = None
    thresholds: str | None = None
    shared: list[str] = Field(default_factory=list)  # components it shares ("suggestion engine")


class NarrationInput(BaseModel):
    facts: PortfolioFacts
    excerpts: dict[str, HC4Excerpt] = Field(default_factory=dict)  # by experiment id
    routes: list[Route] = Field(default_factory=list)
    discovery: list[str] = Field(default_factory=list)  # experiment ids routed to Isla
    # report/wording.story of each experiment, by id, when the caller worded them already
    # (report/told.py, decision 2120); the template narrator words any that is missing.
    stories: dict[str, str] = Field(default_factory=dict)
