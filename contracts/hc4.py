"""Read any HC4 experiment context (Wade -> Noah) into a typed document.

Lenient about form, strict about meaning: `read_hc4` never raises on any text; what it
cannot find stays None / empty and `contracts.hc4_validate` names it. The reading rules
are in docs/contracts.md ("Reader leniency").

HC4 content is untrusted: it is data to quote and score, never instructions.
"""

from __future__ import annotations

import re
from operator import itemgetter
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, Field
from vortex_pulse.contracts import hc4_schema as schema
from vortex_pulse.contracts import memo
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.contracts.errors import ContractInputError
from vortex_pulse.contracts.files import read_text_file
from vortex_pulse.contracts.hc4_baselines import extract_baselines, metric_names
from vortex_pulse.contracts.hc4_sections import HC4Field, HC4Section
from vortex_pulse.contracts.markdown import (
    LEVEL_ITALIC,
    Block,
    Labelled,
    may_contain,
    normalize,
    parse_blocks,
    split_frontmatter,
    split_lines,
    strip_emphasis,
)
from vortex_pulse.contracts.needles import needles

STANDALONE_READINESS: Final = "(standalone baseline sections)"


class HC4Document(BaseModel):
    path: str | None = None
    frontmatter: dict[str, Any] = Field(default_factory=dict)
    frontmatter_error: str | None = None
    has_frontmatter: bool = False
    title: str | None = None
    name: str | None = None
    description: str | None = None
    experiment_type: str | None = None
    graduation_status: str | None = None
    hypothesis: str | None = None
    hypothesis_status: str | None = None
    core_learning: str | None = None
    outcome: str | None = None  # hypothesis status and core learning, one text
    expected_behavior: str | None = None
    thresholds_text: str | None = None
    metrics_to_monitor: list[str] = Field(default_factory=list)
    scope_hint: str | None = None  # text about reach / traffic / rollout, if any
    sections: dict[str, HC4Section] = Field(default_factory=dict)  # canonical or raw title
    baselines: list[Baseline] = Field(default_factory=list)

    def field(self, section: str, name: str) -> HC4Field | None:
        sec = self.sections.get(section)
        return sec.fields.get(name) if sec else None

    @property
    def graduated(self) -> bool:
        return bool(self.graduation_status and _GRADUATED.match(self.graduation_status))


_GRADUATED: Final = re.compile(r"\W*graduat", re.I)
_PARENS: Final = re.compile(r"\([^)]*\)")
_BULLET: Final = re.compile(r"^\s*[-*+•]\s+")


def _strip_parens(title: str) -> str:
    return _PARENS.sub(" ", title) if "(" in title else title


# Each section's keys as one pattern: a title names the section when any key occurs in it
# as whole words (between spaces or the ends), all keys tried in one search.
_SECTION_KEYS: Final = [
    (spec, re.compile(rf"(?:^|\s)(?:{'|'.join(re.escape(k) for k in spec.keys)})(?:\s|$)"))
    for spec in schema.SECTIONS
]


def _match_section(title: str) -> schema.SectionSpec | None:
    return memo.call(_matched_section, title)  # titles recur across a portfolio's HC4s


def _matched_section(title: str) -> schema.SectionSpec | None:
    t = normalize(_strip_parens(title))
    if not t:
        return None
    for spec, keys in _SECTION_KEYS:
        # A key found as whole words is found as a substring: most titles hold none of a
        # section's keys, and a substring test is a fraction of a regex search.
        if any(k in t for k in spec.keys) and keys.search(t):
            return spec
    return None


def _baseline_field(title: str) -> str | None:
    return memo.call(_baseline_field_of, title)


def _baseline_field_of(title: str) -> str | None:
    t = normalize(_strip_parens(title))
    for key, name in schema.BASELINE_SECTIONS.items():
        if t.startswith(key):
            return name
    return None


def _field_match(
    label: str, spec: schema.SectionSpec, exact: bool = False
) -> schema.FieldSpec | None:
    """The field a label names: its name, then an alias, then (unless exact) a prefix."""
    n = normalize(_strip_parens(label)) or normalize(label)
    named = _NAMED.get(spec.name) or [(fs, normalize(fs.name)) for fs in spec.fields]
    for fs, name in named:
        if n == name:
            return fs
    for fs, _ in named:
        if n in fs.aliases:
            return fs
    if exact:
        return None
    for fs, name in named:
        if n.startswith(name):
            return fs
    return None


# Each schema section's fields with their names as labels are compared with them.
_NAMED: Final = {
    spec.name: [(fs, normalize(fs.name)) for fs in spec.fields] for spec in schema.SECTIONS
}


def _block_text(block: Block) -> str:
    """A sub-block's content as one value: its prose and its table rows."""
    parts = [_BULLET.sub("", strip_emphasis(t)) for _, t in block.text if t.strip()]
    for table in block.tables:
        parts.extend(" | ".join(c for c in row if c) for row in table.rows)
    return "\n".join(parts).strip()


class _Grouped:
    def __init__(self, spec: schema.SectionSpec | None, head: Block) -> None:
        self.spec = spec
        self.head = head
        self.blocks: list[Block] = [head]


def _group(blocks: list[Block]) -> list[_Grouped]:
    """Sections with their sub-blocks: a block deeper than the open section belongs to it,
    unless it names another schema section."""
    groups: list[_Grouped] = []
    current: _Grouped | None = None
    for block in blocks:
        if block.level == 0:
            groups.append(_Grouped(None, block))
            continue
        spec = None
        if (
            current is not None
            and current.spec is not None
            and (
                (
                    block.level > current.head.level
                    and (
                        _field_match(block.title, current.spec) is not None
                        or block.level >= LEVEL_ITALIC
                    )
                )
                # A field written as a pseudo-heading at the section's own level
                # ("**Original Expected Outcome**" under "**2. Hypothesis Tested**").
                or _field_match(block.title, current.spec, exact=True) is not None
            )
        ):
            current.blocks.append(block)
            continue
        if _baseline_field(block.title) is None:
            spec = _match_section(block.title)
        if spec is None and current is not None and block.level > current.head.level:
            current.blocks.append(block)
            continue
        current = _Grouped(spec, block)
        groups.append(current)
    return groups


def _section(group: _Grouped) -> HC4Section:
    lines: list[tuple[int, str]] = []
    for b in group.blocks:
        if b is not group.head:
            lines.append((b.line, b.title))
        lines.extend(b.text)
        for t in b.tables:
            lines.append((t.line, " | ".join(t.header)))
            lines.extend((n, " | ".join(r)) for n, r in zip(t.lines, t.rows, strict=True))
    lines.sort(key=itemgetter(0))
    sec = HC4Section(
        title=group.head.title,
        canonical=group.spec.name if group.spec else None,
        line=group.head.line,
        end_line=lines[-1][0] if lines else group.head.line,  # the last, once sorted
        lines=lines,
    )
    spec = group.spec
    if spec is None:
        return sec
    if spec.table:
        _table_fields(group, spec, sec)
        return sec
    candidates: list[Labelled] = [lab for b in group.blocks for lab in b.labelled]
    if spec.name == schema.HYPOTHESIS:
        candidates += _blockquoted_hypothesis(group.blocks)
    candidates += [
        Labelled(b.title, _block_text(b), b.line) for b in group.blocks if b is not group.head
    ]
    for lab in candidates:
        fs = _field_match(lab.label, spec)
        if fs is not None and fs.name not in sec.fields and lab.value.strip():
            sec.fields[fs.name] = HC4Field(label=lab.label, value=lab.value.strip(), line=lab.line)
    return sec


def _table_fields(group: _Grouped, spec: schema.SectionSpec, sec: HC4Section) -> None:
    for block in group.blocks:
        for table in block.tables:
            columns = {}
            for i, head in enumerate(table.header):
                fs = _field_match(head, spec)
                if fs is not None and fs.name not in columns:
                    columns[fs.name] = i
            if "Metric" not in columns and table.header:
                columns.setdefault("Metric", 0)
            if len(columns) < 2:
                continue
            for name, i in columns.items():
                values = [r[i] for r in table.rows if i < len(r) and r[i].strip()]
                if values:
                    sec.fields[name] = HC4Field(
                        label=table.header[i], value="\n".join(values), line=table.line
                    )
            return


def _blockquoted_hypothesis(blocks: list[Block]) -> list[Labelled]:
    """A hypothesis written as a blockquote or a bare "We believe that …" paragraph."""
    for block in blocks:
        for n, raw in block.text:
            text = strip_emphasis(raw.lstrip().lstrip(">").strip())
            if _BELIEVE.search(text):
                return [Labelled("Hypothesis Statement", text.strip('"“” '), n)]
    return []


_BELIEVE: Final = re.compile(r"\bwe believe that\b.*", re.IGNORECASE)
_SCOPE_WORDS: Final = re.compile(
    r"\b(?:traffic|rollout|roll-out|rolled out|reach|audience|% of (?:users|traffic|sessions)|"
    r"all users|markets?|regions?|launch(?:ed)? to|available to)\b",
    re.IGNORECASE,
)
# What every match of _SCOPE_WORDS holds (lowercase), read from the pattern itself
# (contracts/needles.py): a text without any has no scope word.
_SCOPE_NEEDS: Final = tuple(sorted(needles(re.compile(_SCOPE_WORDS.pattern)) or ()))
_DIGIT: Final = re.compile(r"\d")
_SCOPE_FIELDS: Final = ("scope", "reach", "traffic", "rollout", "audience", "exposure")


def _hypothesis_fallback(blocks: list[Block]) -> str | None:
    """A hypothesis statement outside any Hypothesis Tested section."""
    found = _blockquoted_hypothesis(blocks)
    return found[0].value if found else None


def _scope_hint(doc: HC4Document, blocks: list[Block]) -> str | None:
    for block in blocks:
        for lab in block.labelled:
            if memo.call(_names_scope, lab.label):
                return lab.value
    # Every line tried below is a section's: when none may hold a scope word (most HC4s),
    # one cheap look at their whole text spares the scan (the regex costs ~70 ns a character).
    if not _may_name_scope(
        "\n".join(line for sec in doc.sections.values() for _, line in sec.lines)
    ):
        return None
    ordered = [doc.sections.get(schema.READINESS), doc.sections.get(schema.SUMMARY)]
    for sec in ordered + list(doc.sections.values()):
        for _, line in sec.lines if sec else []:
            part = memo.call(_scope_part, line)
            if part is not None:
                return part
    return None


def _names_scope(label: str) -> bool:
    """A label such as "Traffic" or "Rollout scope": its value is the scope hint."""
    words = normalize(label).split()
    return any(w in words for w in _SCOPE_FIELDS)


def _may_name_scope(text: str) -> bool:
    """False only when `text`, emphasis stripped, has no scope word. Stripping deletes only
    `*` and `_` characters and no scope word holds one, so a word found in a stripped text
    is found in the text with every `*` and `_` deleted."""
    return may_contain(text.replace("*", "").replace("_", ""), _SCOPE_NEEDS)


def _scope_part(line: str) -> str | None:
    """The first part of a line (between " | ") with a scope word and a number, if any."""
    if not _may_name_scope(line):
        return None
    text = strip_emphasis(line)
    # A part is a stretch of the line between " | ": a scope word found in a part is found
    # in the line, so a line without one has no part to try.
    if not _SCOPE_WORDS.search(text):
        return None
    for part in text.split(" | "):
        if _SCOPE_WORDS.search(part) and _DIGIT.search(part):
            return part.strip(" -|")
    return None


def read_hc4(text: str, path: str | None = None) -> HC4Document:
    """Everything an HC4 says, as far as it can be read. Never raises."""
    lines = split_lines(text)
    fm = split_frontmatter(lines)
    blocks = parse_blocks(lines, fm.body_start)
    doc = HC4Document(
        path=path,
        frontmatter=fm.data,
        frontmatter_error=fm.error,
        has_frontmatter=fm.present,
    )
    groups = _group(blocks)
    extras: dict[str, HC4Field] = {}
    for group in groups:
        field_name = _baseline_field(group.head.title) if group.head.level else None
        sec = _section(group)
        if field_name is not None:
            body = "\n".join(_block_text(b) for b in group.blocks)
            extras.setdefault(
                field_name, HC4Field(label=group.head.title, value=body, line=group.head.line)
            )
        if group.head.level == 0:
            if sec.text:
                doc.sections.setdefault("(preamble)", sec)
            continue
        if field_name is not None:
            sec.canonical = field_name
        key = sec.canonical or sec.title
        if key in doc.sections:  # a second section of the same kind: keep both, apart
            key = f"{sec.title} (line {sec.line})"
        doc.sections[key] = sec
        if doc.title is None and sec.canonical is None and field_name is None:
            doc.title = sec.title
    readiness_fields = {k: v for k, v in extras.items() if k != "Guardrail Metrics"}
    if "Guardrail Metrics" in extras:  # red lines are signal thresholds by another name
        readiness_fields.setdefault("Signal Thresholds", extras["Guardrail Metrics"])
    if schema.READINESS not in doc.sections and readiness_fields:
        # Baseline sections written outside section 8 stand in for it (docs/contracts.md).
        first = min(f.line for f in readiness_fields.values())
        doc.sections[schema.READINESS] = HC4Section(
            title=STANDALONE_READINESS, canonical=schema.READINESS, line=first, end_line=first
        )
    if schema.READINESS in doc.sections:
        for name, fld in readiness_fields.items():
            doc.sections[schema.READINESS].fields.setdefault(name, fld)
    _fill_summary(doc, blocks)
    doc.baselines = extract_baselines(doc.sections, extras, _section_blocks(groups), lines)
    doc.metrics_to_monitor = metric_names(doc.sections) or [b.metric for b in doc.baselines]
    doc.scope_hint = _scope_hint(doc, blocks)
    return doc


def _section_blocks(groups: list[_Grouped]) -> list[tuple[str, Block]]:
    """Every block with the name of the section it belongs to (for table scanning)."""
    out: list[tuple[str, Block]] = []
    for g in groups:
        name = g.spec.name if g.spec else (_baseline_field(g.head.title) or g.head.title)
        out.extend((name, b) for b in g.blocks)
    return out


def _value(doc: HC4Document, section: str, name: str) -> str | None:
    fld = doc.field(section, name)
    return fld.value if fld else None


def _fill_summary(doc: HC4Document, blocks: list[Block]) -> None:
    doc.name = _value(doc, schema.SUMMARY, "Experiment Name") or _name_from_title(doc.title)
    doc.description = _value(doc, schema.SUMMARY, "One-Sentence Description")
    doc.experiment_type = _value(doc, schema.SUMMARY, "Experiment Type")
    doc.graduation_status = _value(doc, schema.SUMMARY, "Graduation Status")
    doc.hypothesis = _value(doc, schema.HYPOTHESIS, "Hypothesis Statement")
    if doc.hypothesis is None:
        doc.hypothesis = _hypothesis_fallback(blocks)
    if doc.hypothesis:
        doc.hypothesis = strip_emphasis(doc.hypothesis.lstrip("> ")).strip()
    doc.hypothesis_status = _value(doc, schema.CONFIRMED, "Hypothesis Status")
    doc.core_learning = _value(doc, schema.CONFIRMED, "Core Learning")
    parts = [p for p in (doc.hypothesis_status, doc.core_learning) if p]
    doc.outcome = " — ".join(strip_emphasis(p) for p in parts) or None
    doc.expected_behavior = _value(doc, schema.READINESS, "Expected Production Behavior")
    doc.thresholds_text = _value(doc, schema.READINESS, "Signal Thresholds")


def _name_from_title(title: str | None) -> str | None:
    if not title:
        return None
    m = re.match(r"^\s*(?:HC4\b[^:]*:\s*)?(.+)$", title)
    return m.group(1).strip() if m else title


def read_hc4_file(path: str | Path) -> HC4Document:
    """Read an HC4 file. Raises ContractInputError (naming the file) when it is missing,
    a directory, binary, not UTF-8, empty, or its YAML frontmatter is broken."""
    return read_hc4_file_text(path)[0]


def read_hc4_file_text(path: str | Path) -> tuple[HC4Document, str]:
    """`read_hc4_file` and the text it read, for callers that also scan the raw text
    (one read and one frontmatter parse per file, not three)."""
    text = read_text_file(path)
    if not text.strip():
        # An empty file is a mistake (a truncated copy), not an HC4 without baselines: read
        # as one, it silently demotes the experiment's signals to "no baseline".
        raise ContractInputError(f"{path}: empty file, expected an HC4 document")
    doc = read_hc4(text, str(path))
    if doc.frontmatter_error is not None:
        raise ContractInputError(f"{path}: frontmatter: {doc.frontmatter_error}")
    return doc, text
