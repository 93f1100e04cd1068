"""Non-functional requirements of a SmartSpec spec.md, in its three written forms.

- a table with a Target column (`| Category | Requirement | Metric | Target |`, or
  `| ID | Requirement | Target | Notes |`);
- bullets under a measurable heading ("Authentication response time < 500ms",
  "99.9% uptime SLA");
- bold fields (`- **Recovery time:** < 5 minutes`).

Sections read: headings naming NFRs, SLA, SLO, Performance, Reliability, Availability or
UX Performance, and their sub-headings that are themselves measurable (Performance, ...);
qualitative sub-sections (Security, Scalability) are not monitored. Each NFR gets an id
(`NFR-...` as written, or a stable one derived from its category and wording), a category
(latency, throughput, error_rate, availability, ux, reliability, other) and a threshold.
A measurable-section line with no target that can be read is a finding, never an error.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from vortex_pulse.core.numbers import target_text

Category = Literal[
    "latency", "throughput", "error_rate", "availability", "ux", "reliability", "other"
]
Form = Literal["table", "bullet", "field"]
Op = Literal["<", "<=", ">", ">="]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_FIELD = re.compile(r"^\*\*(.+?)\*\*\s*:?\s*(?::\s*)?(.*)$")
_NFR_ID = re.compile(r"\b(NFR[-_][A-Za-z0-9][A-Za-z0-9_.\-]*)\b")
_FENCE = re.compile(r"^\s*(```|~~~)")

_NUM = r"(\d+(?:[.,]\d+)*(?:\.\d+)?)"
_UNIT = (
    r"(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|%|rps|qps|tps|"
    r"req/s|requests?/s(?:ec)?|requests? per second|users?|concurrent users?|/s)?"
)
_WORD_OPS: tuple[tuple[str, Op], ...] = (
    ("no more than", "<="),
    ("not more than", "<="),
    ("less than or equal to", "<="),
    ("at most", "<="),
    ("within", "<="),
    ("up to", "<="),
    ("less than", "<"),
    ("under", "<"),
    ("below", "<"),
    ("at least", ">="),
    ("minimum of", ">="),
    ("no less than", ">="),
    ("more than", ">"),
    ("greater than", ">"),
    ("above", ">"),
    ("over", ">"),
)
_SYMBOL_OPS: dict[str, Op] = {"<=": "<=", "≤": "<=", ">=": ">=", "≥": ">=", "<": "<", ">": ">"}
_OP_RE = "|".join(
    [re.escape(s) for s in sorted(_SYMBOL_OPS, key=len, reverse=True)]
    + [re.escape(w) for w, _ in _WORD_OPS]
)
_COMPARED = re.compile(rf"(?<![\w-])({_OP_RE})\s*{_NUM}\s*{_UNIT}(?![\w])", re.IGNORECASE)
# "99.9% uptime", "99.95 % availability": a bare percentage of something good is a floor
_PERCENT_FLOOR = re.compile(
    rf"{_NUM}\s*%\s*(?:uptime|availability|available|success|successful)", re.IGNORECASE
)
# "Support 1000 concurrent users", "handle 500 rps": capacity is a floor
_CAPACITY = re.compile(
    rf"\b(?:support|supports|handle|handles|sustain|sustains|serve|serves)\s+{_NUM}\s*{_UNIT}",
    re.IGNORECASE,
)

_SECTION_WORDS = re.compile(
    r"non[- ]functional|\bnfrs?\b|\bslas?\b|\bslos?\b|performance|reliability|availability"
    r"|latency|throughput",
    re.IGNORECASE,
)
_UNIT_NAMES = {
    "millisecond": "ms",
    "milliseconds": "ms",
    "sec": "s",
    "secs": "s",
    "second": "s",
    "seconds": "s",
    "min": "min",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "req/s": "rps",
    "/s": "rps",
    "qps": "rps",
    "tps": "rps",
    "user": "users",
    "concurrent user": "users",
    "concurrent users": "users",
}
_CATEGORY_WORDS: tuple[tuple[Category, re.Pattern[str]], ...] = (
    ("error_rate", re.compile(r"error|failure rate|failed request|5xx", re.I)),
    ("availability", re.compile(r"uptime|availab|success rate|pass rate", re.I)),
    (
        "ux",
        re.compile(
            r"\bux\b|page load|first (?:contentful )?paint|\blcp\b|\bfcp\b|\btti\b|"
            r"\bcls\b|interaction|render",
            re.I,
        ),
    ),
    (
        "latency",
        re.compile(
            r"latency|response time|duration|\bp\d{2,3}\b|percentile|"
            r"time to|round[- ]trip",
            re.I,
        ),
    ),
    (
        "throughput",
        re.compile(
            r"throughput|\brps\b|\bqps\b|\btps\b|per second|concurrent|"
            r"requests?/s",
            re.I,
        ),
    ),
    (
        "reliability",
        re.compile(
            r"recover|\bmttr\b|\bmtbf\b|failover|\brto\b|\brpo\b|"
            r"durab|reliab",
            re.I,
        ),
    ),
)
_PREFIX = {
    "latency": "LAT",
    "throughput": "THR",
    "error_rate": "ERR",
    "availability": "AVL",
    "ux": "UX",
    "reliability": "REL",
    "other": "OTH",
}


@dataclass(frozen=True, slots=True)
class Threshold:
    op: Op
    value: float
    unit: str | None  # "ms", "s", "min", "h", "%", "rps", "users" or None

    @property
    def text(self) -> str:
        return target_text(self.op, self.value, self.unit)


@dataclass(frozen=True, slots=True)
class Nfr:
    id: str
    category: Category
    requirement: str  # the requirement as written (bullet text, field name, table cell)
    metric: str | None  # the table's Metric column (names observability.yaml metrics[].name)
    threshold: Threshold
    threshold_text: str  # the target as written
    form: Form
    section: str
    line: int  # 1-based line in the spec
    id_derived: bool  # True when the spec gave no NFR-... id


@dataclass(frozen=True, slots=True)
class NfrFinding:
    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class NfrParse:
    nfrs: tuple[Nfr, ...]
    findings: tuple[NfrFinding, ...]


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _unit(raw: str | None) -> str | None:
    if not raw:
        return None
    u = raw.strip().lower()
    if u in ("requests per second", "request per second") or u.startswith("request"):
        return "rps"
    return _UNIT_NAMES.get(u, u)


def _find(plain: str) -> tuple[Threshold, re.Match[str], int] | None:
    """(threshold, match, group of the number) of the first measurable target."""
    m = _COMPARED.search(plain)
    if m:
        word = m.group(1).lower()
        op = _SYMBOL_OPS.get(word) or dict(_WORD_OPS)[word]
        return Threshold(op, _number(m.group(2)), _unit(m.group(3))), m, 2
    m = _PERCENT_FLOOR.search(plain)
    if m:
        return Threshold(">=", _number(m.group(1)), "%"), m, 1
    m = _CAPACITY.search(plain)
    if m:
        return Threshold(">=", _number(m.group(1)), _unit(m.group(2))), m, 1
    return None


def parse_threshold(text: str) -> Threshold | None:
    """The first measurable target in `text`, or None."""
    found = _find(_strip_md(text))
    return None if found is None else found[0]


def requirement_name(text: str) -> str:
    """A bullet's requirement without its target: "Authentication response time < 500ms" ->
    "Authentication response time"; "99.9% uptime SLA" -> "uptime SLA"."""
    plain = _strip_md(text)
    found = _find(plain)
    if found is None:
        return plain
    _, m, g = found
    before = plain[: m.start()].strip(" :-–—,")
    if before:
        return before
    rest = (plain[: m.start(g)] + plain[m.end(g) :]).replace("%", " ")
    return re.sub(r"\s+", " ", rest).strip(" :-–—,") or plain


def categorize(*texts: str, section: str = "", threshold: Threshold | None = None) -> Category:
    joined = " ".join(t for t in texts if t)
    for cat, pattern in _CATEGORY_WORDS:
        if pattern.search(joined):
            return cat
    if re.search(r"\bux\b", section, re.I):
        return "ux"
    if (
        threshold is not None
        and threshold.unit in ("ms", "s")
        and re.search(r"performance", section, re.I)
    ):
        return "latency"
    if threshold is not None and threshold.unit == "rps":
        return "throughput"
    if re.search(r"reliab", section, re.I):
        return "reliability"
    return "other"


def derived_id(category: Category, wording: str) -> str:
    """A stable id from the category and the wording (case, spacing and markup ignored)."""
    norm = re.sub(r"[^a-z0-9]+", " ", wording.lower()).strip()
    digest = hashlib.sha256(f"{category}:{norm}".encode()).hexdigest()[:6].upper()
    return f"NFR-{_PREFIX[category]}-{digest}"


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in body.split("|")]


def _is_separator(cells: list[str]) -> bool:
    return bool(cells) and all(re.fullmatch(r":?-{2,}:?", c.replace(" ", "")) for c in cells)


def _strip_md(text: str) -> str:
    # backticks and bold/italic stars; underscores stay (metric names have them)
    return re.sub(r"[`*]", "", text).strip()


@dataclass(slots=True)
class _Heading:
    level: int
    title: str
    measurable: bool


class _Parser:
    def __init__(self) -> None:
        self.nfrs: list[Nfr] = []
        self.findings: list[NfrFinding] = []
        self.stack: list[_Heading] = []
        self.seen: set[str] = set()

    # -- sections ---------------------------------------------------------------------------
    def heading(self, level: int, title: str) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        self.stack.append(_Heading(level, title, bool(_SECTION_WORDS.search(title))))

    def active(self) -> bool:
        """Inside a measurable section: the innermost heading decides (a Security
        sub-section of the NFR section is not monitored)."""
        return bool(self.stack) and self.stack[-1].measurable

    @property
    def section(self) -> str:
        return " / ".join(h.title for h in self.stack if h.measurable) or (
            self.stack[-1].title if self.stack else ""
        )

    # -- records ----------------------------------------------------------------------------
    def add(
        self,
        *,
        line: int,
        requirement: str,
        metric: str | None,
        target_text: str,
        form: Form,
        explicit_id: str | None,
        category_hint: str = "",
    ) -> None:
        th = parse_threshold(target_text)
        if th is None:
            self.findings.append(
                NfrFinding(line, requirement or target_text, "no measurable target")
            )
            return
        cat = categorize(
            category_hint, requirement, metric or "", section=self.section, threshold=th
        )
        if category_hint and cat == "other":
            cat = categorize(category_hint, section=self.section, threshold=th)
        nid = explicit_id or derived_id(cat, metric or requirement)
        base, k = nid, 2
        while nid in self.seen:  # the same wording twice: keep both, stably numbered
            nid, k = f"{base}-{k}", k + 1
        self.seen.add(nid)
        self.nfrs.append(
            Nfr(nid, cat, requirement, metric, th, target_text.strip(), form, self.section,
                line, explicit_id is None)
        )  # fmt: skip

    def table(self, rows: list[tuple[int, list[str]]]) -> None:
        header = [_strip_md(c).lower() for c in rows[0][1]]
        if "target" not in header:
            return
        col = {name: header.index(name) for name in header}
        t = col["target"]
        for lineno, cells in rows[2:] if len(rows) > 1 and _is_separator(rows[1][1]) else rows[1:]:
            if len(cells) <= t:
                self.findings.append(NfrFinding(lineno, " | ".join(cells), "row has no Target"))
                continue

            def get(name: str, _cells: list[str] = cells) -> str:
                i = col.get(name)
                return _strip_md(_cells[i]) if i is not None and i < len(_cells) else ""

            ident = get("id")
            explicit = _NFR_ID.search(ident) if ident else None
            requirement = get("requirement") or get("name") or ident
            metric = get("metric") or None
            self.add(
                line=lineno,
                requirement=requirement,
                metric=metric,
                target_text=cells[t],
                form="table",
                explicit_id=explicit.group(1) if explicit else None,
                category_hint=get("category"),
            )

    def bullet(self, lineno: int, text: str) -> None:
        explicit = _NFR_ID.match(_strip_md(text))
        field = _FIELD.match(text.strip())
        if field:
            name = _strip_md(field.group(1)).rstrip(":").strip()
            target = field.group(2)
            idm = _NFR_ID.match(name)
            if idm and not target.strip():
                return
            self.add(line=lineno, requirement=name, metric=None, target_text=target,
                     form="field", explicit_id=idm.group(1) if idm else None)  # fmt: skip
            return
        words = _strip_md(text)
        if explicit:
            words = words[explicit.end() :].lstrip(" :-–—")
        self.add(line=lineno, requirement=requirement_name(words), metric=None,
                 target_text=words, form="bullet",
                 explicit_id=explicit.group(1) if explicit else None)  # fmt: skip


def parse_nfrs(text: str) -> NfrParse:
    """Every NFR of a spec.md (see the module docstring)."""
    p = _Parser()
    lines = text.splitlines()
    in_fence = False
    table: list[tuple[int, list[str]]] = []

    def flush() -> None:
        if table and p.active():
            p.table(table)
        table.clear()

    for i, raw in enumerate(lines, start=1):
        if _FENCE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        h = _HEADING.match(raw)
        if h:
            flush()
            p.heading(len(h.group(1)), _strip_md(h.group(2)))
            continue
        if raw.strip().startswith("|"):
            table.append((i, _cells(raw)))
            continue
        flush()
        if not p.active():
            continue
        b = _BULLET.match(raw)
        if b and b.group(1).strip():
            p.bullet(i, b.group(1).strip())
    flush()
    return NfrParse(tuple(p.nfrs), tuple(p.findings))
