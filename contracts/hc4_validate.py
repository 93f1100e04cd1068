"""Validate an HC4 document against the schema: what is missing, what is wrong, and
whether the experiment is ready for production monitoring.

Rules (docs/contracts.md, "HC4 compliance"): "Yes" when every required frontmatter key
and body field is present and no finding is an error; "No" when the frontmatter does
not declare an HC4 (absent, broken, or another contract) or fewer than half of the
required body fields are present; "Partial" otherwise. Readiness answers "can Noah
monitor it?", apart from form: "Ready" when the experiment graduated and at least one
metric has a numeric baseline from production-readiness text (not only success criteria);
otherwise "Needs Attention", with the reason as a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from vortex_pulse.contracts import hc4_schema as schema
from vortex_pulse.contracts.checks import Checker, FrontmatterRules, check_frontmatter
from vortex_pulse.contracts.hc4 import STANDALONE_READINESS, HC4Document
from vortex_pulse.contracts.markdown import Frontmatter, leading_value
from vortex_pulse.contracts.result import Compliance, ContractResult, Readiness

_RULES: Final = FrontmatterRules(
    contract="HC4", target="noah", workflows=schema.SOURCE_WORKFLOWS, level="warning"
)


# Each section's required fields as findings name them ("Experiment Summary.Experiment Name").
_REQUIRED: Final = {
    spec.name: tuple(f"{spec.name}.{f.name}" for f in spec.fields if f.required)
    for spec in schema.SECTIONS
}


def _body(doc: HC4Document, check: Checker) -> tuple[int, int]:
    """Check sections and fields; return (required fields present, required fields)."""
    present = total = 0
    graduated = doc.graduated
    for spec in schema.SECTIONS:
        section = doc.sections.get(spec.name)
        required = spec.required or (spec.name == schema.READINESS)
        if spec.name == schema.READINESS and not graduated and section is None:
            required = False  # section 8 is required for graduated experiments
        if section is None:
            if required and spec.fields:
                names = _REQUIRED[spec.name]
                total += len(names)
                for name in names:
                    check.need(name, "section not found")
            continue
        if section.title == STANDALONE_READINESS:
            check.add(
                "info",
                spec.name,
                "no Production Readiness section; baselines read from standalone sections",
            )
        for f in spec.fields:
            value = section.fields.get(f.name)
            if f.required and required:
                total += 1
                if value is None:
                    check.need(f"{spec.name}.{f.name}", "required field not found")
                    continue
                present += 1
            if (
                value is not None
                and f.allowed
                and spec.name != schema.CRITERIA
                and leading_value(value.value, f.allowed) is None
            ):
                check.add(
                    "warning",
                    f"{spec.name}.{f.name}",
                    f"line {value.line}: {value.value[:60]!r} is not one of {', '.join(f.allowed)}",
                )
        if spec.name == schema.CRITERIA:
            met = section.fields.get("Met?")
            for v in met.value.splitlines() if met else []:
                if leading_value(v, schema.MET) is None:
                    check.add("warning", f"{spec.name}.Met?", f"{v[:40]!r} is not Yes/No/Partially")
    for name, section in doc.sections.items():
        if section.canonical is None and name not in ("(preamble)",) and section.title != doc.title:
            check.add("info", name, f"extra section at line {section.line} (kept, not required)")
    return present, total


def _readiness(doc: HC4Document, check: Checker) -> Readiness:
    # Success-criteria targets describe the experiment, not production: they are kept as
    # a fallback for scoring but do not make an experiment ready.
    numeric = [b for b in doc.baselines if b.numeric and b.section != schema.CRITERIA]
    if doc.baselines and not numeric and any(b.numeric for b in doc.baselines):
        check.add(
            "warning",
            schema.READINESS,
            "baselines come only from the success criteria (experiment targets)",
        )
    for b in doc.baselines:
        if not b.numeric and b.text_threshold is None:
            check.add(
                "info",
                f"{schema.READINESS}.Metrics to Monitor",
                f"{b.metric!r} has no numeric baseline (line {b.line})",
            )
        elif b.text_threshold is not None and not b.numeric:
            check.add(
                "info",
                f"{schema.READINESS}.Signal Thresholds",
                f"{b.metric!r}: non-numeric threshold kept as text (line {b.line})",
            )
    if not doc.graduated:
        status = doc.graduation_status or "not stated"
        check.add(
            "warning",
            f"{schema.SUMMARY}.Graduation Status",
            f"graduation status is {status[:40]!r}: production monitoring expects Graduated",
        )
    if numeric and doc.graduated:
        return "Ready"
    if not numeric:
        check.add("warning", schema.READINESS, "no usable numeric baseline for any metric")
    return "Needs Attention"


@dataclass(frozen=True)
class HC4Verdict:
    """`validate_hc4`'s verdict with the findings as lines (`str(Finding)`), for step 1,
    which keeps only those: one check, two forms of its result."""

    compliant: Compliance
    readiness: Readiness
    missing: list[str]
    findings: list[str]


def _check(doc: HC4Document) -> tuple[Checker, Compliance, Readiness]:
    check = Checker()
    fm = Frontmatter(doc.frontmatter, doc.frontmatter_error, doc.has_frontmatter, 0)
    declared = check_frontmatter(fm, _RULES, check)
    present, total = _body(doc, check)
    readiness = _readiness(doc, check)
    return check, check.compliance(not declared or present * 2 < total), readiness


def validate_hc4(doc: HC4Document) -> ContractResult:
    """The compliance summary Noah reports per experiment. Never raises."""
    check, compliant, readiness = _check(doc)
    return ContractResult(
        path=doc.path,
        contract="HC4",
        compliant=compliant,
        readiness=readiness,
        missing=check.missing,
        findings=check.findings,
        baselines=list(doc.baselines),
    )


def hc4_verdict(doc: HC4Document) -> HC4Verdict:
    """`validate_hc4(doc)` as step 1 keeps it. Never raises."""
    check, compliant, readiness = _check(doc)
    return HC4Verdict(compliant, readiness, check.missing, check.lines())
