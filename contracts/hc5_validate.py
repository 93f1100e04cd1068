"""Validate HC5 markdown against the contract: sections, fields, enum values, the
portfolio addendum (production-monitoring only) and the intelligence-not-strategy rule.

Compliance (docs/contracts.md, "HC5 compliance"): "No" when the frontmatter does not
declare an HC5, when any sentence is strategy, or when most required sections are absent;
"Partial" when anything else is missing or invalid; "Yes" otherwise.
"""

from __future__ import annotations

import re
import threading
from typing import Final

from pydantic import BaseModel
from vortex_pulse.contracts.checks import Checker, FrontmatterRules, check_frontmatter
from vortex_pulse.contracts.hc5 import (
    CONFIDENCES,
    DISCOVERY_NEEDED,
    LABELS,
    LINEAGE_FIELDS,
    PRIORITIES,
    SEVERITIES,
    SIGNAL_TYPES,
    TREND_DIRECTIONS,
    WORKFLOWS,
    AnomalyBlock,
    DataQualityBlock,
    ExperimentContext,
    HC5Report,
    PortfolioDataQuality,
    SignalDescription,
    TrendAnalysis,
)
from vortex_pulse.contracts.hc5_parse import frontmatter_of, parse_hc5_lines
from vortex_pulse.contracts.hc5_render import render_hc5, round_trips
from vortex_pulse.contracts.markdown import leading_value, split_frontmatter, split_lines
from vortex_pulse.contracts.result import ContractResult
from vortex_pulse.contracts.strategy import StrategyFinding, StrategyMemo

_RULES: Final = FrontmatterRules(
    contract="HC5", target="max", workflows=WORKFLOWS, source_agent="noah"
)
_REQUIRED: Final[dict[type[BaseModel], tuple[str, ...]]] = {
    SignalDescription: tuple(LABELS[SignalDescription]),
    ExperimentContext: LINEAGE_FIELDS,
    TrendAnalysis: tuple(LABELS[TrendAnalysis]),
    AnomalyBlock: (
        "anomaly_description",
        "deviation_from_expected",
        "potential_explanations",
        "discovery_needed",
    ),
    DataQualityBlock: ("sample_size", "data_completeness", "confidence_level"),
    PortfolioDataQuality: tuple(LABELS[PortfolioDataQuality]),
}
_SECTION: Final[dict[type[BaseModel], str]] = {
    SignalDescription: "Signal Description",
    ExperimentContext: "Context",
    TrendAnalysis: "Trend Analysis",
    AnomalyBlock: "Anomaly Detection",
    DataQualityBlock: "Data Quality",
    PortfolioDataQuality: "Data Quality",
}
_ENUMS: Final[dict[tuple[type[BaseModel], str], tuple[str, ...]]] = {
    (SignalDescription, "signal_type"): SIGNAL_TYPES,
    (SignalDescription, "severity"): SEVERITIES,
    (TrendAnalysis, "trend_direction"): TREND_DIRECTIONS,
    (TrendAnalysis, "confidence"): CONFIDENCES,
    (AnomalyBlock, "discovery_needed"): DISCOVERY_NEEDED,
    (DataQualityBlock, "confidence_level"): CONFIDENCES,
    (PortfolioDataQuality, "overall_portfolio_confidence"): CONFIDENCES,
}
_DATE: Final = re.compile(r"\b\d{4}-\d{2}-\d{2}")
# Quoted from the HC4 / HC3: data, not Noah's words, so not checked for strategy.
_QUOTED_FIELDS: Final = frozenset({"original_hypothesis"})


class _Checker(Checker):
    """HC5 checks: required fields, enum values and the strategy rule, per block."""

    def __init__(self) -> None:
        super().__init__()
        self.strategic = False  # any sentence broke the intelligence-not-strategy rule
        # The same text recurs across fields and experiments ("Route to Isla …", units,
        # dates); it is judged once per validation, every occurrence still reported.
        self._judged: dict[str, list[StrategyFinding]] = {}
        # Texts and sentences that differ only in their digits share one verdict.
        self._memo = StrategyMemo()
        # Enum cells repeat ("Stable", "No", "P2"): each value read once per validation.
        self._leading: dict[tuple[str, tuple[str, ...]], str | None] = {}

    def leading(self, value: str, allowed: tuple[str, ...]) -> str | None:
        """`leading_value(value, allowed)`, remembered for this validation (it is pure)."""
        key = (value, allowed)
        if key not in self._leading:
            self._leading[key] = leading_value(value, allowed)
        return self._leading[key]

    def block(self, model: BaseModel, where: str = "") -> None:
        kind = type(model)
        section = _SECTION[kind]
        labels = LABELS[kind]
        for name in _REQUIRED[kind]:
            value = getattr(model, name)
            field = f"{section}.{labels[name]}"
            if value is None or not str(value).strip():
                self.need(field, f"required field is missing or empty{where}")
                continue
            allowed = _ENUMS.get((kind, name))
            if allowed is not None:
                self.enum(field, str(value), allowed, where)
        for name, label in labels.items():
            value = getattr(model, name)
            if value and name not in _QUOTED_FIELDS:
                self.strategy(f"{section}.{label}", str(value))

    def enum(self, field: str, value: str, allowed: tuple[str, ...], where: str) -> None:
        parts = [p for p in value.split(";") if p.strip()] or [value]  # ";" alone is a value
        if self.leading(parts[0], allowed) is None:
            self.add(
                "error",
                field,
                f"{_short(parts[0])!r} is not one of {', '.join(allowed)}{where}",
            )
            return
        for extra in parts[1:]:
            if self.leading(extra, allowed) is None:
                self.add(
                    "warning",
                    field,
                    f"{_short(extra)!r} is not one of {', '.join(allowed)}{where}",
                )

    def strategy(self, field: str, text: str) -> None:
        found = self._judged.get(text)
        if found is None:
            found = self._judged[text] = self._memo.find(text)
        for f in found:
            self.strategic = True
            self.add("error", field, f'strategy ({f.reason}): "{f.sentence}"')


def _short(text: str, n: int = 60) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _portfolio(report: HC5Report, check: _Checker) -> None:
    rows = report.portfolio_signal_summary
    if not rows:
        check.need(
            "Portfolio Signal Summary",
            "production-monitoring reports need the Portfolio Signal Summary table",
        )
    ranks = []
    for row in rows:
        where = f" (experiment {row.experiment!r})"
        if row.priority.strip() not in PRIORITIES:
            check.add(
                "error",
                "Portfolio Signal Summary.Priority",
                f"{row.priority!r} is not P1, P2 or P3{where}",
            )
        else:
            ranks.append(PRIORITIES.index(row.priority.strip()))
        if not row.divergence.strip():
            check.need("Portfolio Signal Summary.Divergence", f"divergence not quantified{where}")
        if check.leading(row.trajectory, TREND_DIRECTIONS) is None:
            check.add(
                "error",
                "Portfolio Signal Summary.Trajectory",
                f"{row.trajectory!r} is not one of {', '.join(TREND_DIRECTIONS)}{where}",
            )
        if check.leading(row.anomaly, DISCOVERY_NEEDED) is None:
            check.add(
                "error",
                "Portfolio Signal Summary.Anomaly?",
                f"{row.anomaly!r} is not Yes or No{where}",
            )
        for name in ("signal_status", "divergence"):
            check.strategy("Portfolio Signal Summary", getattr(row, name))
    if ranks != sorted(ranks):
        check.add("error", "Portfolio Signal Summary.Priority", "rows are not ranked P1 first")
    _portfolio_severity(report, check)
    for line in report.portfolio_patterns:
        check.strategy("Portfolio Signal Summary.Cross-Experiment Patterns", line)
    if report.portfolio_quality is None:
        for label in LABELS[PortfolioDataQuality].values():
            check.need(f"Data Quality.{label}", "portfolio-level data quality is missing")
    else:
        check.block(report.portfolio_quality, " (portfolio)")
    if not report.compass:
        check.need("Compass Routing", "production-monitoring reports end with the Compass table")
    for route in report.compass:
        check.strategy("Compass Routing.Reason", route.reason)
    names = {r.experiment.strip() for r in rows}
    for section, blocks in (
        ("Context", report.contexts),
        ("Trend Analysis", report.trends),
        ("Data Quality", report.data_quality),
    ):
        covered = {(b.experiment or "").strip() for b in blocks}
        for name in sorted(names - covered):
            check.need(f"{section}.Experiment: {name}", f"no {section} block for {name!r}")
    flagged = {r.experiment.strip() for r in rows if check.leading(r.anomaly, ("Yes",))}
    with_block = {(a.experiment or "").strip() for a in report.anomalies}
    for name in sorted(flagged - with_block):
        check.need(
            f"Anomaly Detection.Experiment: {name}",
            f"anomaly flagged for {name!r} in the summary but not described",
        )


def _portfolio_severity(report: HC5Report, check: _Checker) -> None:
    """The report's severity is the highest severity among the highest-priority rows."""
    rows = [r for r in report.portfolio_signal_summary if r.priority.strip() in PRIORITIES]
    if not rows:
        return
    best = min(r.priority.strip() for r in rows)
    severities = [
        check.leading(r.signal_status, SEVERITIES) for r in rows if r.priority.strip() == best
    ]
    known = [s for s in severities if s is not None]
    declared = check.leading(report.signal_description.severity, SEVERITIES)
    if not known or declared is None:
        return
    expected = min(known, key=SEVERITIES.index)
    if declared != expected:
        check.add(
            "error",
            "Signal Description.Severity",
            f"is {declared} but the highest-priority ({best}) signal is {expected}",
        )


def _blocks(report: HC5Report, check: _Checker) -> int:
    """Check the per-experiment sections; return how many required sections are absent."""
    absent = 0
    sd = report.signal_description
    if not any(getattr(sd, n) for n in LABELS[SignalDescription]):
        absent += 1
    check.block(sd)
    for blocks, model in (
        (report.contexts, ExperimentContext),
        (report.trends, TrendAnalysis),
        (report.data_quality, DataQualityBlock),
    ):
        if not blocks:
            absent += 1
            check.block(model())
        for b in blocks:
            check.block(b, f" (experiment {b.experiment!r})" if b.experiment else "")
    if sd.time_window.strip() and len(_DATE.findall(sd.time_window)) < 2:
        check.add(
            "warning",
            "Signal Description.Time Window",
            f"{_short(sd.time_window)!r} is not a date range (YYYY-MM-DD to YYYY-MM-DD)",
        )
    flagged = check.leading(sd.signal_type, ("Anomaly",)) is not None or any(
        check.leading(r.anomaly, ("Yes",)) for r in report.portfolio_signal_summary
    )
    if flagged and not report.anomalies:
        check.block(AnomalyBlock())
    for a in report.anomalies:
        where = f" (experiment {a.experiment!r})" if a.experiment else ""
        check.block(a, where)
        if check.leading(a.discovery_needed, ("Yes",)) and not (a.discovery_focus or "").strip():
            check.add(
                "warning",
                "Anomaly Detection.Discovery Focus",
                f"discovery needed but no focus questions{where}",
            )
    if report.title:
        check.strategy("Title", report.title)
    return absent


def validate_hc5(text: str, path: str | None = None) -> ContractResult:
    """Check one HC5 document. Never raises."""
    return _validate(text, path)[0]


def _validate(text: str, path: str | None = None) -> tuple[ContractResult, HC5Report]:
    check = _Checker()
    lines = split_lines(text)
    fm = split_frontmatter(lines)
    declared = check_frontmatter(fm, _RULES, check)
    report = parse_hc5_lines(lines, fm)
    return _checked(report, check, declared, path), report


def _checked(
    report: HC5Report, check: _Checker, declared: bool, path: str | None = None
) -> ContractResult:
    """The body's checks on a report read from the text (or known to read back as it)."""
    absent = _blocks(report, check)
    if report.is_portfolio:
        _portfolio(report, check)
    return ContractResult(
        path=path,
        contract="HC5",
        compliant=check.compliance(not declared or check.strategic or absent >= 3),
        missing=check.missing,
        findings=check.findings,
    )


class _Recent:
    """`validate_hc5` and the report it parsed, memoised on the exact text (the last four
    texts): step 5 validates the HC5 it writes and Max validates and parses the HC5 it
    reads at the handoff; when Max reads back byte-for-byte what step 5 validated, Max
    reuses both (for large portfolios this halves the contract-checking time). Any other
    text is validated afresh. The report is shared between callers: read it, do not
    change it."""

    _SIZE: Final = 4

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done: dict[str, tuple[ContractResult, HC5Report]] = {}

    def __call__(self, text: str) -> tuple[ContractResult, HC5Report]:
        with self._lock:
            done = self._done.get(text)
        if done is None:
            done = _validate(text)
            self.remember(text, done)
        return done

    def remember(self, text: str, done: tuple[ContractResult, HC5Report]) -> None:
        with self._lock:
            self._done.pop(text, None)
            self._done[text] = done
            while len(self._done) > self._SIZE:
                del self._done[next(iter(self._done))]

    def cache_clear(self) -> None:
        with self._lock:
            self._done.clear()


validated_hc5_text: Final = _Recent()


def validate_hc5_text(text: str) -> ContractResult:
    """`validated_hc5_text` without the parsed report."""
    return validated_hc5_text(text)[0]


def render_validated(report: HC5Report) -> tuple[str, ContractResult]:
    """`render_hc5(report)` and the validation of exactly that text (decision 2041).

    When the report is one `parse_hc5` reads back unchanged from its rendering
    (`round_trips`) and the text's frontmatter reads back as the report's, the body's
    checks run on `report` itself: it *is* what parsing the text would give, so the
    result is the text's, without parsing 40,000 lines back. Anything else is validated
    from the text. Either way the pair is remembered, so Max, reading the file back, reuses
    it (`validated_hc5_text`)."""
    text = render_hc5(report)
    if not round_trips(report):
        return text, validated_hc5_text(text)[0]
    check = _Checker()
    # The frontmatter only: render_hc5 opens with it, so the 40,000 lines after its closing
    # "---" need not be split (the whole text when that line is not where it should be).
    end = text.find("\n---\n", 4) if text.startswith("---\n") else -1
    fm = split_frontmatter(split_lines(text[: end + 5] if end > 0 else text))
    declared = check_frontmatter(fm, _RULES, check)
    if frontmatter_of(fm.data) != report.frontmatter:
        return text, validated_hc5_text(text)[0]
    result = _checked(report, check, declared)
    validated_hc5_text.remember(text, (result, report))
    return text, result


def problems(result: ContractResult, limit: int = 5) -> str:
    """The first errors (or missing fields) of a failed validation, on one line."""
    errors = [f"{f.field}: {f.message}" for f in result.errors[:limit]]
    return "; ".join(errors or result.missing[:limit])
