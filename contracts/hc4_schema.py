"""The HC4 schema as data: sections, their required fields, aliases and allowed values.

Restates the HC4 contract (docs/contracts.md). Matching is on `markdown.normalize`d
text, so numbering, emphasis, case and punctuation never matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final


@dataclass(frozen=True)
class FieldSpec:
    name: str
    required: bool = True
    aliases: tuple[str, ...] = ()  # other labels people use, normalized form
    allowed: tuple[str, ...] = ()  # leading word(s) the value must start with


@dataclass(frozen=True)
class SectionSpec:
    name: str
    keys: tuple[str, ...]  # normalized title fragments that identify the section
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)
    required: bool = True
    table: bool = False  # fields are the columns of a table (Success Criteria)


SOURCE_WORKFLOWS: Final = ("lean-experiment", "proof-of-concept", "proof-of-value", "mvp")

EXPERIMENT_TYPES: Final = ("Lean Experiment", "Proof of Concept", "Proof of Value", "MVP")
GRADUATION: Final = ("Graduated", "Completed", "Terminated")
HYPOTHESIS_STATUS: Final = ("Confirmed", "Rejected", "Partially Confirmed", "Inconclusive")
MET: Final = ("Yes", "No", "Partially", "Partial")

SUMMARY: Final = "Experiment Summary"
HYPOTHESIS: Final = "Hypothesis Tested"
METHOD: Final = "Experiment Method"
CRITERIA: Final = "Pre-Defined Success Criteria"
ADDITIONAL: Final = "Additional Results"
CONFIRMED: Final = "Confirmed/Rejected Hypotheses"
STRATEGIC: Final = "Strategic Context"
READINESS: Final = "Production Readiness"

# Order matters: the first section whose key occurs in a heading wins, so the more
# specific keys come first ("confirmed rejected hypotheses" before "hypothesis").
SECTIONS: Final = (
    SectionSpec(
        SUMMARY,
        ("experiment summary", "summary"),
        (
            FieldSpec("Experiment Name", aliases=("name", "experiment", "title")),
            FieldSpec(
                "One-Sentence Description",
                aliases=("description", "one sentence summary", "summary"),
            ),
            FieldSpec("Experiment Type", aliases=("type",), allowed=EXPERIMENT_TYPES),
            FieldSpec("Actual Duration", aliases=("duration",)),
            FieldSpec("Graduation Status", aliases=("graduation", "status"), allowed=GRADUATION),
        ),
    ),
    SectionSpec(
        CONFIRMED,
        (
            "confirmed rejected",
            "confirmed",
            "rejected",
            "hypothesis status",
            "hypotheses outcome",
            "learnings",
            "outcome",
        ),
        (
            FieldSpec("Hypothesis Status", aliases=("status",), allowed=HYPOTHESIS_STATUS),
            FieldSpec("Assumption Status", aliases=("assumptions",)),
            FieldSpec("Core Learning", aliases=("learning", "key learning", "core learnings")),
            FieldSpec("Conditions", required=False),
        ),
    ),
    SectionSpec(
        HYPOTHESIS,
        ("hypothesis tested", "hypothesis"),
        (
            FieldSpec("Hypothesis Statement", aliases=("hypothesis", "statement")),
            FieldSpec("Riskiest Assumption", aliases=("assumption", "key assumption")),
            FieldSpec("Original Expected Outcome", aliases=("expected outcome",)),
            FieldSpec(
                "Original Target Behavior Change",
                aliases=("target behavior change", "behavior change", "target behaviour change"),
            ),
        ),
    ),
    SectionSpec(
        METHOD,
        ("experiment method", "method", "methodology"),
        (
            FieldSpec("Method Type", aliases=("method", "type")),
            FieldSpec("Sample Size", aliases=("sample", "participants")),
            FieldSpec("Planned Duration", aliases=("duration",)),
            FieldSpec("Recruitment/Selection", required=False, aliases=("recruitment",)),
            FieldSpec("Controls", required=False, aliases=("control",)),
        ),
    ),
    SectionSpec(
        CRITERIA,
        ("success criteria", "success metrics"),
        (
            FieldSpec("Metric", aliases=("criterion", "kpi", "measure")),
            FieldSpec("Target Threshold", aliases=("target", "threshold")),
            FieldSpec("Actual Result", aliases=("actual", "result")),
            FieldSpec("Met?", aliases=("met", "achieved", "passed"), allowed=MET),
        ),
        table=True,
    ),
    SectionSpec(ADDITIONAL, ("additional results", "additional"), (), required=False),
    SectionSpec(
        STRATEGIC,
        ("strategic context", "strategy", "strategic"),
        (
            FieldSpec("Vortex Stream", aliases=("stream",)),
            FieldSpec("Assumption Tested", aliases=("assumptions tested",)),
            FieldSpec("Decision It Informs", aliases=("decision informed", "decision")),
            FieldSpec("Implications", aliases=("implication",)),
        ),
    ),
    SectionSpec(
        READINESS,
        ("production readiness", "readiness", "production monitoring", "monitoring plan"),
        (
            FieldSpec("Metrics to Monitor", aliases=("metrics", "monitor", "metrics to watch")),
            FieldSpec(
                "Expected Production Behavior",
                aliases=("expected behavior", "expected production behaviour", "expected"),
            ),
            FieldSpec(
                "Signal Thresholds",
                aliases=("thresholds", "alert thresholds", "investigate thresholds"),
            ),
            FieldSpec("Monitoring Duration", required=False, aliases=("duration",)),
        ),
    ),
)

# Sections people write outside section 8 that carry baselines. Their body counts as
# the matching Production Readiness field when section 8 does not have it.
BASELINE_SECTIONS: Final = {
    "expected production behavior": "Expected Production Behavior",
    "expected production behaviour": "Expected Production Behavior",
    "signal thresholds": "Signal Thresholds",
    "metrics to monitor": "Metrics to Monitor",
    "guardrail metrics": "Guardrail Metrics",
    "guardrails": "Guardrail Metrics",
}
