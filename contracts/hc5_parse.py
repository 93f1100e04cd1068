"""Parse HC5 markdown (ours or written by people) back into an HC5Report. Never raises.

Sections are found by title (any heading level, bold pseudo-headings, numbering
optional); `### Experiment: <name>` opens a per-experiment block inside Context, Trend
Analysis, Anomaly Detection and Data Quality. A section without such headings (the
single-signal reports people write) yields one block with `experiment=None`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel
from vortex_pulse.contracts.hc5 import (
    COMPASS_COLUMNS,
    LABELS,
    SUMMARY_COLUMNS,
    AnomalyBlock,
    ArtifactRef,
    CompassRouteRow,
    DataQualityBlock,
    ExperimentContext,
    HC5Frontmatter,
    HC5Report,
    PortfolioDataQuality,
    PortfolioSignalRow,
    SignalDescription,
    TrendAnalysis,
)
from vortex_pulse.contracts.markdown import (
    LEVEL_ITALIC,
    Block,
    Frontmatter,
    Table,
    normalize,
    parse_blocks,
    split_frontmatter,
    split_lines,
    unescape_cell,
)

_EXPERIMENT_HEADING: Final = re.compile(r"^\s*experiment\s*[:—-]\s*(?P<name>.+?)\s*$", re.I)
# Section keys, most specific first; matched against the normalized heading title.
_SECTIONS: Final = (
    ("portfolio data quality", "portfolio_quality"),
    ("portfolio signal summary", "summary"),
    ("cross experiment pattern", "patterns"),
    ("signal description", "signal"),
    ("context", "context"),
    ("trend analysis", "trend"),
    ("anomaly detection", "anomaly"),
    ("anomalies", "anomaly"),
    ("data quality", "quality"),
    ("compass", "compass"),
    ("routing", "compass"),
)
_PER_EXPERIMENT: Final[dict[str, type[BaseModel]]] = {
    "context": ExperimentContext,
    "trend": TrendAnalysis,
    "anomaly": AnomalyBlock,
    "quality": DataQualityBlock,
}


def _label_index(model: type[BaseModel]) -> dict[str, str]:
    return {normalize(label): name for name, label in LABELS[model].items()}


_SUBLABELS: Final = frozenset({"experiment lineage", "vortex history", "lineage", "history"})


@dataclass
class _Opened:
    experiment: str | None
    values: dict[str, str] = field(default_factory=dict)
    # Opened by a plain heading ("### Dinner Suggestions") rather than "Experiment: …":
    # dropped when nothing was read under it, so a stray heading adds no empty block.
    guessed: bool = False


@dataclass
class _State:
    section: str | None = None
    blocks: dict[str, list[_Opened]] = field(default_factory=dict)

    def open_block(self, section: str, experiment: str | None, guessed: bool = False) -> None:
        self.blocks.setdefault(section, []).append(_Opened(experiment, guessed=guessed))

    def current(self, section: str) -> dict[str, str]:
        if not self.blocks.get(section):
            self.open_block(section, None)
        return self.blocks[section][-1].values


def _section_of(title: str) -> str | None:
    t = normalize(title)
    for key, name in _SECTIONS:
        if key in t:
            return name
    return None


def _columns(table: Table, spec: tuple[tuple[str, str], ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, head in enumerate(table.header):
        h = normalize(head).replace("?", "").strip()
        for name, label in spec:
            key = normalize(label).replace("?", "").strip()
            if name not in found and (h == key or h.startswith(key.split()[0])):
                found[name] = i
                break
    return found


def _rows(table: Table, spec: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    cols = _columns(table, spec)
    if len(cols) < 2:
        return []
    # A column the table lacks is an empty value, for the validator to name.
    return [
        {
            name: (row[cols[name]] if name in cols and cols[name] < len(row) else "")
            for name, _ in spec
        }
        for row in table.rows
    ]


def frontmatter_of(data: dict[str, Any]) -> HC5Frontmatter:
    """The HC5 frontmatter model of a document's YAML mapping."""

    def text(key: str) -> str:
        value = data.get(key)
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        return "" if value is None else str(value)

    agents = data.get("target_agents")
    targets = (
        [str(a) for a in agents]
        if isinstance(agents, list)
        else ([] if agents is None else [str(agents)])
    )
    refs: list[ArtifactRef] = []
    artifacts = data.get("input_artifacts")
    for item in artifacts if isinstance(artifacts, list) else []:
        if isinstance(item, dict) and item.get("path") is not None:
            refs.append(ArtifactRef(path=str(item["path"]), contract=str(item.get("contract", ""))))
        elif isinstance(item, str):
            refs.append(ArtifactRef(path=item, contract=""))
    return HC5Frontmatter(
        contract=text("contract"),
        type=text("type"),
        source_agent=text("source_agent"),
        source_workflow=text("source_workflow"),
        target_agents=targets,
        input_artifacts=refs,
        created=text("created"),
    )


def _bullets(block: Block) -> list[str]:
    out = []
    for _, raw in block.text:
        m = re.match(r"^\s*[-*+]\s+(.*)$", raw)
        if m and m.group(1).strip():
            out.append(unescape_cell(m.group(1)))
    return out


def _block_model(kind: str, experiment: str | None, values: dict[str, str]) -> BaseModel:
    # Fields not read keep the model's defaults: "" when required, None when optional.
    return _PER_EXPERIMENT[kind].model_validate({"experiment": experiment, **values})


def parse_hc5(text: str) -> HC5Report:
    """The report as far as it can be read; missing values stay "" / None / []."""
    lines = split_lines(text)
    return parse_hc5_lines(lines, split_frontmatter(lines))


def parse_hc5_lines(lines: list[str], fm: Frontmatter) -> HC5Report:
    """`parse_hc5` of a document already split, so a caller that also checks the
    frontmatter (the validator) loads its YAML once; with one input artifact per
    experiment, that YAML grows with the portfolio."""
    blocks = parse_blocks(lines, fm.body_start)
    report = HC5Report(frontmatter=frontmatter_of(fm.data))
    state = _State()
    signal: dict[str, str] = {}
    portfolio: dict[str, str] | None = None
    indexes = {m: _label_index(m) for m in LABELS}
    for block in blocks:
        if block.level:
            exp = _EXPERIMENT_HEADING.match(block.raw) or _EXPERIMENT_HEADING.match(block.title)
            section = None if exp else _section_of(block.title)
            if exp and state.section in _PER_EXPERIMENT:
                state.open_block(state.section, exp.group("name").strip())
            elif section is not None:
                state.section = section
                if section == "portfolio_quality":
                    portfolio = {}
            elif (
                state.section in _PER_EXPERIMENT
                and block.level < LEVEL_ITALIC
                and normalize(block.title) not in _SUBLABELS
            ):
                state.open_block(state.section, block.title.strip(), guessed=True)
            elif state.section is None and not report.title:
                report.title = block.raw.strip()
        kind = state.section
        if kind is None:
            continue
        if kind == "summary":
            for table in block.tables:
                report.portfolio_signal_summary += [
                    PortfolioSignalRow(**r) for r in _rows(table, SUMMARY_COLUMNS)
                ]
        elif kind == "compass":
            for table in block.tables:
                report.compass += [CompassRouteRow(**r) for r in _rows(table, COMPASS_COLUMNS)]
        elif kind == "patterns":
            report.portfolio_patterns += _bullets(block)
        target: dict[str, str] | None
        model: type[BaseModel]
        if kind == "signal":
            target, model = signal, SignalDescription
        elif kind == "portfolio_quality" and portfolio is not None:
            target, model = portfolio, PortfolioDataQuality
        elif kind in _PER_EXPERIMENT:
            target, model = None, _PER_EXPERIMENT[kind]
        else:
            continue
        index = indexes[model]
        for lab in block.labelled:
            name = index.get(normalize(lab.label))
            if name is None:
                continue
            if target is None:
                target = state.current(kind)
            target.setdefault(name, lab.value)
    report.signal_description = SignalDescription(**signal)
    if portfolio is not None:
        report.portfolio_quality = PortfolioDataQuality(**portfolio)
    for kind, store in (
        ("context", report.contexts),
        ("trend", report.trends),
        ("anomaly", report.anomalies),
        ("quality", report.data_quality),
    ):
        for opened in state.blocks.get(kind, []):
            if opened.values or not opened.guessed:
                store.append(_block_model(kind, opened.experiment, opened.values))  # type: ignore[arg-type]
    return report
