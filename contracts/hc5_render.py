"""Render an HC5Report to markdown with the Jinja2 template `prompts/hc5.md.j2`.

Autoescape is off (the output is markdown, not HTML); table cells are neutralised
instead: `|` is escaped and newlines become `<br>`, which `parse_hc5` reverses, so
`parse_hc5(render_hc5(r)) == r` for reports whose values carry no literal `<br>` (the
full conditions are in docs/contracts.md, "HC5 model, template and parser").
"""

from __future__ import annotations

import functools
import re
from typing import Final

from jinja2 import Template
from pydantic import BaseModel
from vortex_pulse.contracts.hc5 import (
    HISTORY_FIELDS,
    LABELS,
    LINEAGE_FIELDS,
    ExperimentContext,
    HC5Report,
)
from vortex_pulse.contracts.hc5_parse import parse_hc5
from vortex_pulse.core.templates import environment
from vortex_pulse.core.yamlsafe import safe_dump

_NEWLINE: Final = re.compile(r"[ \t]*\n[ \t]*")
# Three newlines or more (`\n{3,}`), spelled to open with a literal: the regex engine
# then searches for the literal instead of trying the repeat at every character of a
# 3 MB report (decision 2223).
_BLANK_LINES: Final = re.compile(r"\n\n\n+")
_SPACES: Final = re.compile(r"\s+")


def cell(value: object) -> str:
    """A value safe inside a markdown table cell (and reversible by the parser)."""
    text = "" if value is None else str(value)
    if "\r" in text:  # (30,000 cells at 1,000 experiments: replace only what is there)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip()
    if "|" in text:
        text = text.replace("|", "\\|")
    return _NEWLINE.sub("<br>", text) if "\n" in text else text


def line(value: object) -> str:
    """A value on one line (headings): newlines and runs of spaces become one space."""
    text = "" if value is None else str(value)
    # Every character `\s` matches but the ASCII space is a control or a separator, which
    # `isprintable` refuses: in a printable text without two spaces in a row, each run is
    # one space, which the substitution would give back as it is (a pass writes ~3,000
    # headings and questions; tests/contracts/test_contracts_hc10_line.py checks it).
    if text.isprintable() and "  " not in text:
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def fields(model: BaseModel, names: tuple[str, ...] | None = None) -> str:
    """A `Field | Details` table of a block; optional fields that are None are left out."""
    labels = LABELS[type(model)]
    rows = ["| Field | Details |", "|-------|---------|"]
    for name in names or tuple(labels):
        value = getattr(model, name)
        if value is None:
            continue
        rows.append(f"| **{labels[name]}** | {cell(value)} |")
    return "\n".join(rows)


def _history_present(ctx: ExperimentContext) -> bool:
    return any(getattr(ctx, n) is not None for n in HISTORY_FIELDS)


@functools.cache
def _template() -> Template:
    env = environment("markdown", {"cell": cell, "line": line})
    env.globals.update(
        fields=fields,
        history_present=_history_present,
        lineage=LINEAGE_FIELDS,
        history=HISTORY_FIELDS,
    )
    return env.get_template("hc5.md.j2")


def render_frontmatter(report: HC5Report) -> str:
    data = report.frontmatter.model_dump(mode="json")
    return safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def render_hc5(report: HC5Report) -> str:
    """The HC5 markdown: YAML frontmatter, then the sections in contract order."""
    text = _template().render(
        report=report,
        frontmatter=render_frontmatter(report),
        sub="####" if any(c.experiment is not None for c in report.contexts) else "###",
    )
    return _BLANK_LINES.sub("\n\n", text).rstrip("\n") + "\n"


# What `cell` writes and the parser reads back unchanged (docs/contracts.md, "HC5 model,
# template and parser"): no control character but the newline, no surrogate, no literal
# <br, no space or tab around a newline; a value is stripped.
_UNREADABLE: Final = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]|<br|[^\S\n]\n|\n[^\S\n]", re.IGNORECASE
)
# The same over many values joined by NUL (a control character no readable value holds):
# a control character or a surrogate, a "<br", a space next to a newline, any whitespace
# next to a NUL (a value not stripped); the two ends are checked apart. Every match starts
# at one of a few rare characters, so the pattern opens with that class (the regex engine
# then skips ahead to them, three times faster than trying each branch at every
# character) and the branches, as lookarounds, say which one it was and what is around it:
# `<(?=br)` is `[…](?<=<)(?=br)`, `\n(?<=\s\n)` is `[…](?<=\s\n)` (decision 2223).
_SEP: Final = "\x00"
_UNREADABLE_JOINED: Final = re.compile(
    r"[\x00-\x1f<\x7f-\x9f\ud800-\udfff]"
    r"(?:(?<=[\x01-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff])|(?<=<)(?=[bB][rR])|(?<=\n)(?=[^\S\n])"
    r"|(?<=[^\S\n]\n)|(?<=\x00)(?=\s)|(?<=\s\x00))"
)


def _readable(value: str) -> bool:
    return value == value.strip() and not _UNREADABLE.search(value)


def _all_readable(values: list[str]) -> bool:
    """`_readable` of every value, in one scan of their join."""
    try:
        joined = _SEP.join(values)
    except TypeError:  # a value that is not a string
        return False
    return (
        joined.count(_SEP) == len(values) - 1
        and not (joined[:1].isspace() or joined[-1:].isspace())
        and not _UNREADABLE_JOINED.search(joined)
    )


def _heading_name(value: str | None) -> bool:
    """A heading reads back as written: one non-empty, single-spaced line not ending in #,
    and a readable value."""
    return (
        value is not None
        and value == " ".join(value.split()) != ""
        and not value.endswith("#")
        and _readable(value)
    )


def round_trips(report: HC5Report) -> bool:
    """True when `parse_hc5(render_hc5(report)) == report` is known to hold, frontmatter
    aside: every value readable (above), every per-experiment block named, a title that is
    not itself a section name. Hypothesis-tested over whole reports
    (tests/contracts/test_contracts_hc5_roundtrip.py); the conditions the property test's
    reports are drawn from, checked value by value."""
    if not _heading_name(report.title):
        return False
    if parse_hc5(f"# {report.title}\n").title != report.title:
        return False
    if not all(report.portfolio_patterns):
        return False
    values: list[str] = list(report.portfolio_patterns)
    blocks: list[BaseModel] = [*report.contexts, *report.trends, *report.anomalies]
    blocks += report.data_quality
    for block in blocks:
        if not _heading_name(getattr(block, "experiment", None)):
            return False
    models: list[BaseModel] = [report.signal_description, *report.portfolio_signal_summary]
    models += blocks
    models += report.compass
    if report.portfolio_quality is not None:
        models.append(report.portfolio_quality)
    for model in models:
        given = model.__dict__
        if None in given.values():  # left out of its table: reads back as None if optional
            fields = type(model).model_fields
            if any(v is None and fields[k].default is not None for k, v in given.items()):
                return False
            values += [v for v in given.values() if v is not None]
        else:
            values += given.values()
    return _all_readable(values)
