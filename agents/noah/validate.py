"""Step 1: read every HC4 leniently and summarise its compliance (Yes / Partial / No).

One `HC4Read` per portfolio entry holds everything later steps take from its HC4 (or its
plain description): the validation summary, the narrator's excerpt, the baselines and the
document fields assemble needs. It is checkpointed as plain data (`model_dump(mode="json")`)
and rebuilt by experiment id (graphs/state.py: `hc4_of`).
"""

from __future__ import annotations

import re
from typing import Any, Final, Literal, cast

from pydantic import BaseModel, Field, TypeAdapter
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.contracts.markdown import may_contain
from vortex_pulse.core.config import ExperimentConfig
from vortex_pulse.core.errors import InputError
from vortex_pulse.report.narrative import HC4Excerpt

NO_HC4 = "HC4 file (service monitoring: baselines come from config)"
NO_DESCRIBED = "HC4 file (a plain description: baselines from its numbers, confidence lowered)"


class ValidationSummary(BaseModel):
    """Step 1's verdict on one HC4 (or on its absence)."""

    path: str | None = None
    compliant: Literal["Yes", "Partial", "No"] = "No"
    readiness: str = "Needs Attention"
    missing: list[str] = Field(default_factory=list)
    findings: list[str] = Field(default_factory=list)


class HC4Read(BaseModel):
    """One portfolio entry's HC4 as read: document fields, validation, excerpt, baselines."""

    id: str
    name: str
    validation: ValidationSummary
    excerpt: HC4Excerpt
    scope_hint: str | None = None
    metrics: list[str] = Field(default_factory=list)
    baselines: list[Baseline] = Field(default_factory=list)
    refs: dict[str, list[str]] = Field(default_factory=dict)  # HC2/HC3 paths the HC4 names
    shared: list[str] = Field(default_factory=list)  # components it shares ("suggestion engine")
    validated: str | None = None  # what the experiment validated, as the HC4 writes it

    def row(self) -> dict[str, Any]:
        """The validation summary as the report builders read it (with the id)."""
        return {"id": self.id, **self.validation.model_dump(mode="json")}


_READS: Final = TypeAdapter(dict[str, HC4Read])


def dump_reads(reads: dict[str, HC4Read]) -> dict[str, Any]:
    """The reads as the state holds them: each `model_dump(mode="json")`, by id, in one
    serializer call for the whole portfolio instead of one per experiment."""
    return cast(dict[str, Any], _READS.dump_python(reads, mode="json"))


def _described(text: str, known: list[str]) -> list[Baseline]:
    from vortex_pulse.contracts.hc4_baselines import description_baselines

    return [b for b in description_baselines(text, known) if b.numeric]


def _is_hc4(fm: dict[str, Any]) -> bool:
    return str(fm.get("contract", "")).strip().upper() == "HC4"


def read_experiment(exp: ExperimentConfig) -> HC4Read:
    """The HC4 of one portfolio entry, read and validated; a described entry has none."""
    if exp.hc4 is None:
        name = exp.name or exp.id
        described = _described(exp.description or "", list(exp.metrics))
        return HC4Read(
            id=exp.id,
            name=name,
            validation=ValidationSummary(
                readiness="Ready" if exp.baselines or described else "Needs Attention",
                missing=[NO_DESCRIBED if exp.description else NO_HC4],
            ),
            excerpt=HC4Excerpt(name=name, expected_behavior=exp.description),
            baselines=described,
        )

    from vortex_pulse.contracts.errors import ContractInputError
    from vortex_pulse.contracts.hc4 import read_hc4_file_text
    from vortex_pulse.contracts.hc4_validate import hc4_verdict

    try:
        hc4, text = read_hc4_file_text(exp.hc4)
    except ContractInputError as exc:  # name the config key that pointed at the file
        raise InputError(f"portfolio entry {exp.id!r}: hc4: {exc}") from None
    result = hc4_verdict(hc4)
    name = exp.name or hc4.name or exp.id
    baselines = list(hc4.baselines)
    # The text as read once above (newlines as a text-mode read gives them); the
    # frontmatter as parsed once by read_hc4 (a broken one has already raised).
    raw = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _is_hc4(hc4.frontmatter):  # a plain description in a markdown file
        known = list(exp.metrics) or list(hc4.metrics_to_monitor)
        described = _described(raw, known)
        if described and not any(b.numeric for b in baselines):
            baselines = described
    shared = shared_components(raw)
    return HC4Read(
        id=exp.id,
        name=name,
        validation=ValidationSummary(
            path=str(exp.hc4),
            compliant=result.compliant,
            readiness=result.readiness,
            missing=list(result.missing),
            findings=result.findings,
        ),
        excerpt=HC4Excerpt(
            name=name,
            hypothesis=hc4.hypothesis,
            outcome=hc4.outcome,
            expected_behavior=hc4.expected_behavior,
            thresholds=hc4.thresholds_text,
            shared=shared,
        ),
        shared=shared,
        validated=validated_result(raw),
        scope_hint=hc4.scope_hint,
        metrics=list(hc4.metrics_to_monitor),
        baselines=baselines,
        refs=vortex_refs(hc4.frontmatter),
    )


# "The meal planner shares the suggestion engine and its users." -> "suggestion engine"
_SHARES = re.compile(
    r"\bshares?\s+(?:the\s+|a\s+|its\s+)?([a-z][a-z0-9 -]{2,40}?)(?=\s+(?:and|with)\b|[.,;)|]|$)",
    re.IGNORECASE | re.MULTILINE,
)
_FIELD = r"(?im)^[\s>*|-]*\**{label}\**\s*(?:\||:)\s*\**\s*([^|\n]+?)\s*(?:\||$)"
_FIELDS = [re.compile(_FIELD.format(label=label)) for label in ("Assumption Status", "Sample Size")]


def shared_components(text: str) -> list[str]:
    """Production components the HC4 says the experiment shares with others."""
    if not may_contain(text, ("share",)):
        return []
    found = [m.group(1).strip().lower() for m in _SHARES.finditer(text)]
    return list(dict.fromkeys(f for f in found if f))


def validated_result(text: str) -> str | None:
    """What the experiment itself validated: its assumption status and sample size, as
    written in the HC4 ("A1 validated: 71% act on the first suggestion; 1,240 households")."""
    parts = []
    if not may_contain(text, ("assumption status", "sample size")):
        return None
    for field in _FIELDS:
        m = field.search(text)
        if m and m.group(1).strip():
            parts.append(m.group(1).strip().rstrip("."))
    return "; ".join(parts) or None


def vortex_refs(frontmatter: Any) -> dict[str, list[str]]:
    """Earlier Vortex artifacts the HC4 names (HC2 problem, HC3 hypothesis), by contract."""
    refs: dict[str, list[str]] = {}
    items = frontmatter.get("input_artifacts") if isinstance(frontmatter, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("path") and item.get("contract"):
            refs.setdefault(str(item["contract"]).upper(), []).append(str(item["path"]))
    return refs
