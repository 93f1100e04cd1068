"""Markdown structure as people write it: frontmatter, headings, tables, labelled lines.

Shared by the HC4 reader and the HC5 parser. Lenient about form: ATX headings of any
level, bold pseudo-headings on a line of their own (`**8. Production Readiness**`),
italic sub-labels (`*Experiment Lineage:*`), pipe tables with or without outer pipes.
Never raises on any text. Line numbers are 1-based in the whole file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

import yaml
from vortex_pulse.contracts import memo
from vortex_pulse.core import yamlsafe

_FENCE: Final = re.compile(r"^\s*(```|~~~)")
_ATX: Final = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_BOLD_LINE: Final = re.compile(r"^\s{0,3}(?:\*\*|__)(?P<t>[^*_].*?)(?:\*\*|__)\s*:?\s*$")
_ITALIC_LINE: Final = re.compile(r"^\s{0,3}[*_](?P<t>[^*_\s][^*_]*?)[*_]\s*$")
_TABLE_RULE: Final = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CELL_SPLIT: Final = re.compile(r"(?<!\\)\|")
_EMPHASIS: Final = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_LABEL_LINE: Final = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)(?P<label>[^*_:]{1,80}?)(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)"
    r"\s*(?P<value>.*)$"
)
_PLAIN_LABEL_LINE: Final = re.compile(
    r"^\s*[-*+]\s+(?P<label>[A-Za-z][\w /&?()'-]{0,60}?):\s+(?P<value>\S.*)$"
)

HEADING_ATX_MAX: Final = 6
LEVEL_BOLD: Final = 7  # a bold line standing alone
LEVEL_ITALIC: Final = 8  # an italic line standing alone (a sub-label)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # the line of each row
    line: int  # the header line


@dataclass
class Labelled:
    """A `Field | Details` row, or a `**Field:** value` line."""

    label: str
    value: str
    line: int


@dataclass
class Block:
    """A heading and what follows it up to the next heading."""

    title: str
    level: int  # 1-6 for `#`, LEVEL_BOLD, LEVEL_ITALIC; 0 for text before any heading
    line: int
    raw: str = ""  # the heading text as written (emphasis kept)
    text: list[tuple[int, str]] = field(default_factory=list)  # non-table lines
    tables: list[Table] = field(default_factory=list)
    labelled: list[Labelled] = field(default_factory=list)


@dataclass
class Frontmatter:
    data: dict[str, Any]
    error: str | None  # why the YAML could not be used, if it could not
    present: bool
    body_start: int  # 0-based index of the first body line


def split_lines(text: str) -> list[str]:
    """Lines of a document whatever its newlines (LF, CRLF, CR) and without a BOM."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def split_frontmatter(lines: list[str]) -> Frontmatter:
    """YAML between a first line `---` and the next `---` / `...` line (yaml.safe_load)."""
    if not lines or lines[0].strip() != "---":
        return Frontmatter({}, None, False, 0)
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            raw = "\n".join(lines[1:i])
            try:
                data = yamlsafe.load(raw) if raw.strip() else {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" at line {mark.line + 2}" if mark is not None else ""
                problem = getattr(exc, "problem", None) or "invalid YAML"
                return Frontmatter({}, f"invalid YAML{where}: {problem}", True, i + 1)
            except (RecursionError, ValueError, TypeError) as exc:  # pathological YAML
                return Frontmatter({}, f"invalid YAML: {type(exc).__name__}", True, i + 1)
            if data is None:
                data = {}
            if not isinstance(data, dict):
                return Frontmatter({}, "frontmatter is not a mapping of keys", True, i + 1)
            return Frontmatter({str(k): v for k, v in data.items()}, None, True, i + 1)
    return Frontmatter({}, "frontmatter opened with --- but never closed", True, 0)


def strip_emphasis(text: str) -> str:
    # Every emphasis marker has a `*` or a `__`: most lines have neither (called per line
    # and per cell of every HC4, so the regex only runs where it can match).
    if "*" not in text and "__" not in text:
        return text.strip()
    return _EMPHASIS.sub("", text).strip()


# The only non-ASCII letters re.IGNORECASE matches to ASCII ones (ı İ -> i, ſ -> s, K -> k).
_FOLDED: Final = ("\u0131", "\u0130", "\u017f", "\u212a")


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """False only when no case-insensitive match of any of `words` (lowercase ASCII) can
    be in `text`: a cheap test before a whole-text regex scan."""
    low = text.lower()
    for w in words:
        if w in low:
            return True
    # An ASCII text (known without a scan) holds none of the folded letters.
    return not text.isascii() and any(c in text for c in _FOLDED)


_BR: Final = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)


def unescape_cell(cell: str) -> str:
    """A table cell as text: `\\|` back to `|`, `<br>` back to a newline."""
    value = cell.strip()
    if "<" in value:  # a `<br>` needs one
        value = _BR.sub("\n", value)
    return value.replace("\\|", "|")


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip() for c in _CELL_SPLIT.split(s)]


def _row_cells(line: str) -> tuple[str, ...]:
    """A table row's cells as text (rows recur across a portfolio's documents)."""
    return tuple(unescape_cell(c) for c in _cells(line))


def _is_table_start(lines: list[str], i: int) -> bool:
    return (
        "|" in lines[i]
        and i + 1 < len(lines)
        and bool(_TABLE_RULE.match(lines[i + 1]))
        and "-" in lines[i + 1]
    )


def _heading(line: str) -> tuple[int, str] | None:
    # Each pattern needs its marker character: most lines skip the regexes.
    if "#" in line:
        m = _ATX.match(line)
        if m:
            return len(m.group(1)), m.group(2)
    if "*" not in line and "_" not in line:
        return None
    m = _BOLD_LINE.match(line)
    if m and "**" not in m.group("t") and len(m.group("t")) <= 120:
        return LEVEL_BOLD, m.group("t").strip().rstrip(":").strip()
    m = _ITALIC_LINE.match(line)
    if m and len(m.group("t")) <= 80:
        return LEVEL_ITALIC, m.group("t").strip().rstrip(":").strip()
    return None


def parse_blocks(lines: list[str], start: int = 0) -> list[Block]:
    """Blocks of `lines[start:]`, in order. Headings inside code fences are text."""
    blocks = [Block(title="", level=0, line=start + 1)]
    i = start
    in_fence = False
    while i < len(lines):
        line = lines[i]
        n = i + 1
        if ("`" in line or "~" in line) and _FENCE.match(line):
            in_fence = not in_fence
            blocks[-1].text.append((n, line))
            i += 1
            continue
        if not in_fence:
            # A heading needs a `#`, `*` or `_`, a labelled line a `:` (as `_heading` and
            # `_label_line` test first): most lines skip the memo's lookup.
            marked = "#" in line or "*" in line or "_" in line
            head = memo.call(_heading_of, line) if marked else None  # headings recur
            if head is not None:
                title, level, raw = head
                blocks.append(Block(title=title, level=level, line=n, raw=raw))
                i += 1
                continue
            if _is_table_start(lines, i):
                header = list(memo.call(_header_cells, line))
                table = Table(header=header, rows=[], lines=[], line=n)
                i += 2
                while i < len(lines) and "|" in lines[i] and lines[i].strip():
                    table.rows.append(list(memo.call(_row_cells, lines[i])))
                    table.lines.append(i + 1)
                    i += 1
                blocks[-1].tables.append(table)
                _label_rows(blocks[-1], table)
                continue
            label = memo.call(_label_of, line) if ":" in line else None
            if label is not None:
                blocks[-1].labelled.append(Labelled(label[0], label[1], n))
        blocks[-1].text.append((n, line))
        i += 1
    return blocks


def _heading_of(line: str) -> tuple[str, int, str] | None:
    """A heading line's (title, level, text as written), or None."""
    head = _heading(line)
    if head is None:
        return None
    level, raw = head
    return (strip_emphasis(raw) if level <= HEADING_ATX_MAX else raw), level, raw


def _header_cells(line: str) -> tuple[str, ...]:
    return tuple(strip_emphasis(c) for c in _cells(line))


def _label_of(line: str) -> tuple[str, str] | None:
    """A labelled line's (label, value), or None."""
    m = _label_line(line)
    return (strip_emphasis(m.group("label")), m.group("value").strip()) if m else None


def _label_line(line: str) -> re.Match[str] | None:
    """A `**Label:** value` or `- Label: value` line (each needs its marker: `**`/`__`,
    then a `:`), or None."""
    if ("*" in line or "_" in line) and (m := _LABEL_LINE.match(line)):
        return m
    return _PLAIN_LABEL_LINE.match(line) if ":" in line else None


_FIELD_HEADERS: Final = {"field", "item", "attribute", "key", "parameter", "property", "aspect"}


def _label_rows(block: Block, table: Table) -> None:
    """Two-column `Field | Details` tables (or bold first cells) are labelled values."""
    first = table.header[0].strip().lower() if table.header else ""
    field_table = first in _FIELD_HEADERS or (
        len(table.header) == 2
        and table.rows
        and all(r and r[0].startswith("**") for r in table.rows)
    )
    if not field_table:
        return
    for row, n in zip(table.rows, table.lines, strict=True):
        if len(row) >= 2 and row[0].strip():
            value = " | ".join(c for c in row[1:] if c)
            block.labelled.append(Labelled(strip_emphasis(row[0]), value, n))


@functools.lru_cache(maxsize=4096)  # labels and titles repeat across a document
def normalize(label: str) -> str:
    """A label as a comparable key: lowercase words, no numbering, emphasis or punctuation."""
    s = strip_emphasis(label).lower()
    s = re.sub(r"^\s*(?:section\s+)?\d+[.)]?\s*[:.-]?\s*", "", s)
    s = re.sub(r"[^a-z0-9?]+", " ", s)
    return s.strip()


def leading_value(value: str, allowed: Iterable[str]) -> str | None:
    """The allowed value a field starts with ("High — 520 users" -> "High"), if any."""
    v = value.strip().lstrip("*_ ").lower()
    for option in sorted(allowed, key=len, reverse=True):
        o = option.lower()
        if v.startswith(o) and (len(v) == len(o) or not v[len(o)].isalnum()):
            return option
    return None
