"""Baselines from an HC4: find every threshold statement, then merge them per metric.

The same metric is often written in several places (Metrics to Monitor "target: ≥65%",
Expected Production Behavior "60-75%", Signal Thresholds "<50%: investigate", a Success
Criteria row). Each statement becomes evidence with a role; evidence about the same
metric (names matched leniently) merges into ONE Baseline. The merge rule is in
docs/contracts.md ("Baseline merge").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from vortex_pulse.contracts import hc4_schema as schema
from vortex_pulse.contracts import memo
from vortex_pulse.contracts.baselines import Baseline
from vortex_pulse.contracts.hc4_sections import HC4Field, HC4Section
from vortex_pulse.contracts.markdown import Block, normalize, strip_emphasis
from vortex_pulse.contracts.strategy import split_sentences
from vortex_pulse.contracts.thresholds import Bound, higher_is_better, parse_bound

Role = Literal["monitor", "expected", "target", "criteria", "investigate"]
# Lower wins when two statements give the expected band.
_BAND_RANK: Final = {"expected": 0, "target": 1, "criteria": 2}

_STOP: Final = frozenset(
    (
        "the", "a", "an", "of", "on", "in", "at", "for", "to", "per", "avg", "average", "mean",
        "median", "total", "overall", "daily", "weekly", "monthly", "user", "users", "our",
        "by", "with", "and",
    )
)  # fmt: skip
_TRAILING: Final = re.compile(
    r"(?:\s+|^)(?:is|are|was|of|at|stays?|remains?|expected(?:\s+to\s+\w+)?|should(?:\s+\w+)?|"
    r"target(?:ed)?|goal|between|drops?|falls?|rises?|goes|if|when|must|be|not|around|"
    r"approximately|about|roughly|near|to|stabili[sz]e|hold|within)\s*$",
    re.IGNORECASE,
)
# Lead-ins before a metric name: bullets, numbering, "If", "Red line:", "Alert when", "the".
_LEADING: Final = re.compile(
    r"^\s*(?:[-*+•>]\s*|\d+[.)]\s*|(?:if|when|whenever)\s+|the\s+|"
    r"(?:investigate|alert|escalate|page|flag)(?:\s+(?:if|when))?\s*:?\s+|"
    r"(?:red\s+line|critical|warning|threshold|guardrail|investigate|alert)\s*:\s*)+",
    re.IGNORECASE,
)
_INVESTIGATE_WORDS: Final = re.compile(
    r"\b(?:investigate|alert|escalate|flag|page|red line|any|if|when|stops?|halt)\b", re.IGNORECASE
)

_EXPECTED_COLS: Final = ("healthy", "expected", "target", "normal", "range", "goal")
_INVESTIGATE_COLS: Final = (
    "investigate",
    "alert",
    "red line",
    "redline",
    "critical",
    "trigger",
    "escalat",
    "action if",
    "breach",
    "threshold",
    "warn",
    "limit",
)


@dataclass(frozen=True)
class Evidence:
    role: Role
    metric: str
    bound: Bound | None
    section: str
    line: int
    quote: str


_OPEN_PARENS: Final = re.compile(r"\([^)]*\)?")  # closed or not
_PARENS: Final = re.compile(r"\([^)]*\)")
_AND_OR: Final = re.compile(r"^(?:and|or)\s+")
_LIST_SEP: Final = re.compile(r"[,;]")
_NAME_END: Final = re.compile(r"[(:]")


def _clean_name(prefix: str) -> str:
    return memo.call(_cleaned_name, prefix)


def _sentences(text: str) -> tuple[str, ...]:
    return tuple(split_sentences(text))


def _cleaned_name(prefix: str) -> str:
    name = strip_emphasis(prefix)
    if "(" in name:
        name = _OPEN_PARENS.sub(" ", name)
    name = name.strip(" \t:;,—–-=|")
    name = _LEADING.sub("", name)
    for _ in range(4):
        stripped = _TRAILING.sub("", name).strip(" \t:;,—–-=|")
        if stripped == name:
            break
        name = stripped
    if "," in name:
        name = name.rsplit(",", 1)[1].strip()
    return name.strip(" \t:;,—–-=|")


@lru_cache(maxsize=4096)  # pure; every HC4 matches each of its names against the others
def tokens(name: str) -> frozenset[str]:
    """Comparable words of a metric name: "Time-to-action" ~ "average decision-to-action time"."""
    words = normalize(re.sub(r"\([^)]*\)", " ", name)).replace("?", " ").split()
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words) - _STOP


def match_metric(name: str, candidates: list[str]) -> str | None:
    """The candidate naming the same metric: one token set contains the other; the closest
    (Jaccard) wins; a tie is ambiguous and matches nothing (a name listed twice ties with
    itself)."""
    return _closest(name, [(cand, tokens(cand)) for cand in candidates])


def _closest(name: str, named: list[tuple[str, frozenset[str]]]) -> str | None:
    """`match_metric` over candidates given with their tokens (a caller matching several
    names against one list tokenises it once)."""
    mine = tokens(name)
    if not mine:
        return None
    best, found, ties = -1.0, None, 0
    for cand, theirs in named:
        if theirs and (mine <= theirs or theirs <= mine):
            score = len(mine & theirs) / len(mine | theirs)
            if score > best:
                best, found, ties = score, cand, 1
            elif score == best:
                ties += 1
    return found if ties == 1 else None


def split_items(value: str) -> list[str]:
    """A list written as prose or bullets: split on commas, semicolons and lines, never
    inside parentheses."""
    items: list[str] = []
    depth = 0
    buf = ""
    for ch in value:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if depth == 0 and ch in ",;\n":
            items.append(buf)
            buf = ""
            continue
        buf += ch
    items.append(buf)
    cleaned = [_LEADING.sub("", strip_emphasis(i)).strip(" .") for i in items]
    cleaned = [_AND_OR.sub("", c) for c in cleaned if c]
    inline = _LIST_SEP.search(_outside_parens(value)) is not None
    if inline and len(cleaned) > 1 and " and " in _outside_parens(cleaned[-1]):
        # "A, B and C": the last item is two. A bullet or a lone name with "and" stays whole.
        head, _, tail = cleaned[-1].rpartition(" and ")
        cleaned[-1:] = [head.strip(), tail.strip()]
    return [c for c in cleaned if c]


def _outside_parens(text: str) -> str:
    return _PARENS.sub("", text) if "(" in text else text


class _Lines:
    """Find the line a quoted snippet came from (1-based), falling back to a known line."""

    def __init__(self, lines: list[str]) -> None:
        self._raw = lines
        # Each line without emphasis, read when a search first reaches it: a snippet is
        # almost always on or just below its field's line, so most lines are never read.
        self._plain: list[str | None] = [None] * len(lines)

    def find(self, snippet: str, default: int, start: int = 1) -> int:
        """The first line from `start` on that holds the snippet's first 40 characters
        (emphasis stripped); no line holds a newline, so a probe with one is never found."""
        probe = strip_emphasis(snippet)[:40].strip()
        first = max(start, 1) - 1
        if not probe or "\n" in probe:
            return default
        plain = self._plain
        for i in range(first, len(plain)):
            line = plain[i]
            if line is None:
                line = plain[i] = strip_emphasis(self._raw[i])
            if probe in line:
                return i + 1
        return default


def _statements(
    role: Role, value: str, at: int, section: str, lines: _Lines, known: list[str]
) -> list[Evidence]:
    """Evidence from each sentence of a field's `value` written from line `at` on."""
    out: list[Evidence] = []
    named = [(k, tokens(k)) for k in known]
    for sentence in memo.call(_sentences, value):
        text = strip_emphasis(sentence).strip()
        if not text:
            continue
        bound = parse_bound(text)
        # The line is looked up only for a sentence that becomes evidence (most sentences
        # of a table's text do not: a lone cell names no metric or states no bound).
        if bound is not None:
            prefix = _clean_name(text[: bound.start])
            name = (_closest(prefix, named) or prefix) if prefix else _closest(text, named)
            if name:
                out.append(Evidence(role, name, bound, section, lines.find(text, at, at), text))
        elif role == "investigate" and _INVESTIGATE_WORDS.search(text):
            head = text.split(":", 1)[0]
            name = _closest(head, named) or _closest(text, named) or _clean_name(head)
            if name:
                out.append(Evidence(role, name, None, section, lines.find(text, at, at), text))
    return out


def _column_roles(header: list[str], section: str) -> dict[int, Role]:
    """Roles of a table's columns after the first, which names the metric."""
    roles: dict[int, Role] = {}
    for i, head in enumerate(header[1:], start=1):
        h = normalize(head)
        if section == schema.CRITERIA and "target" in h:
            roles[i] = "criteria"
        elif any(k in h for k in _EXPECTED_COLS):
            roles[i] = "expected"
        elif any(k in h for k in _INVESTIGATE_COLS):
            roles[i] = "investigate"
    return roles


def _table_evidence(section: str, block: Block) -> list[Evidence]:
    out: list[Evidence] = []
    for table in block.tables:
        if not table.header or normalize(table.header[0]) in ("field", "item", "key"):
            continue
        roles = _column_roles(table.header, section)
        for row, line in zip(table.rows, table.lines, strict=True):
            if not row or not row[0].strip():
                continue
            metric = strip_emphasis(row[0])
            for col, role in roles.items():
                if col >= len(row) or not row[col].strip() or row[col].strip() in ("—", "-"):
                    continue
                cell = strip_emphasis(row[col])
                bound = parse_bound(cell)
                if bound is None and role != "investigate":
                    continue
                out.append(Evidence(role, metric, bound, section, line, cell))
    return out


def _item_name(item: str) -> str:
    """The metric a Metrics to Monitor item names: the text before any "(" or ":"."""
    return _clean_name(_NAME_END.split(item, maxsplit=1)[0])


def _items(value: str) -> tuple[str, ...]:
    """`split_items`, remembered for the pass (a Metrics to Monitor list is read twice)."""
    return memo.call(_split_items, value)


def _split_items(value: str) -> tuple[str, ...]:
    return tuple(split_items(value))


def _monitor_evidence(field: HC4Field, lines: _Lines) -> list[Evidence]:
    out: list[Evidence] = []
    for item in _items(field.value):
        name = _item_name(item)
        if not name:
            continue
        line = lines.find(item, field.line, field.line)
        out.append(Evidence("monitor", name, None, schema.READINESS, line, item))
        bound = parse_bound(item)
        if bound is not None:
            out.append(Evidence("target", name, bound, schema.READINESS, line, item))
    return out


def _gather(
    sections: dict[str, HC4Section],
    extras: dict[str, HC4Field],
    blocks: list[tuple[str, Block]],
    lines: _Lines,
) -> list[Evidence]:
    ready = sections.get(schema.READINESS)
    fields = dict(ready.fields) if ready else {}
    evidence: list[Evidence] = []
    monitor = fields.get("Metrics to Monitor")
    if monitor is not None:
        evidence += _monitor_evidence(monitor, lines)
    for section, block in blocks:
        evidence += _table_evidence(section, block)
    known = [e.metric for e in evidence]
    expected = fields.get("Expected Production Behavior")
    if expected is not None:
        evidence += _statements(
            "expected", expected.value, expected.line, schema.READINESS, lines, known
        )
    known = [e.metric for e in evidence]
    thresholds = fields.get("Signal Thresholds")
    if thresholds is not None:
        evidence += _statements(
            "investigate", thresholds.value, thresholds.line, schema.READINESS, lines, known
        )
    if ready is not None and not (expected or thresholds):
        evidence += _prose(ready, lines, [e.metric for e in evidence])
    guard = extras.get("Guardrail Metrics")
    if guard is not None:
        known = [e.metric for e in evidence]
        evidence += _statements(
            "investigate", guard.value, guard.line, "Guardrail Metrics", lines, known
        )
    return evidence


_ALERTING: Final = re.compile(r"\b(?:investigate|alert|red line|escalat\w*|critical)\b", re.I)


def _prose(section: HC4Section, lines: _Lines, known: list[str]) -> list[Evidence]:
    """A Production Readiness section written as plain prose, without field labels:
    sentences that say "investigate" / "alert" are thresholds, the rest expectations."""
    out: list[Evidence] = []
    for n, raw in section.lines:
        if " | " in raw or not raw.strip():
            continue
        for sentence in split_sentences(strip_emphasis(raw)):
            role: Role = "investigate" if _ALERTING.search(sentence) else "expected"
            out += [
                e
                for e in _statements(role, sentence, n, schema.READINESS, lines, known)
                if e.bound is not None
            ]
    return out


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[str, int, str]] = set()
    out = []
    for e in evidence:
        key = (e.role, e.line, e.quote)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _merge(name: str, items: list[Evidence]) -> Baseline:
    band = sorted(
        (e for e in items if e.role in _BAND_RANK and e.bound is not None),
        key=lambda e: _BAND_RANK[e.role],
    )
    low = high = None
    band_ev = band[0] if band else None
    if band_ev is not None and band_ev.bound is not None:
        b = band_ev.bound
        if b.is_range:
            low, high = b.low, b.high
        elif b.op in (">", ">="):
            low = b.value
        elif b.op in ("<", "<="):
            high = b.value
    inv = next((e for e in items if e.role == "investigate" and e.bound and e.bound.op), None)
    text_inv = next((e for e in items if e.role == "investigate" and e.bound is None), None)
    if inv is None:
        # A band written where a threshold belongs ("Red Line: 150-300 ms") fills the band.
        rng = next((e for e in items if e.role == "investigate" and e.bound), None)
        if rng is not None and rng.bound is not None and low is None and high is None:
            low, high, band_ev = rng.bound.low, rng.bound.high, rng
    units = [e.bound.unit for e in (inv, band_ev) if e is not None and e.bound and e.bound.unit]
    units += [e.bound.unit for e in items if e.bound and e.bound.unit]
    hib = None
    if inv is not None and inv.bound is not None:
        hib = higher_is_better(inv.bound, investigate=True)
    elif band_ev is not None and band_ev.bound is not None:
        hib = higher_is_better(band_ev.bound, investigate=False)
    persist = next(
        (e.bound.persistence for e in (inv, band_ev) if e and e.bound and e.bound.persistence), None
    )
    origin = inv or text_inv or band_ev or items[0]
    return Baseline(
        metric=name,
        unit=units[0] if units else None,
        expected_low=low,
        expected_high=high,
        investigate_op=inv.bound.op if inv and inv.bound else None,
        investigate_value=inv.bound.value if inv and inv.bound else None,
        persistence=persist.text if persist else None,
        persistence_seconds=persist.seconds if persist else None,
        persistence_count=persist.count if persist else None,
        higher_is_better=hib,
        text_threshold=text_inv.quote if text_inv is not None else None,
        source="hc4",
        section=origin.section,
        line=origin.line,
        quote=origin.quote,
    )


def _display(name: str) -> str:
    """Sentence case for a name written mid-sentence ("time-to-action" -> "Time-to-action")."""
    if len(name) > 1 and name[0].islower() and name[1].islower():
        return name[0].upper() + name[1:]
    return name


def extract_baselines(
    sections: dict[str, HC4Section],
    extras: dict[str, HC4Field],
    blocks: list[tuple[str, Block]],
    lines: list[str] | None = None,
) -> list[Baseline]:
    """One Baseline per metric, in the order metrics first appear (Metrics to Monitor first)."""
    evidence = _dedupe(_gather(sections, extras, blocks, _Lines(lines or [])))
    production = [e for e in evidence if e.role != "criteria"]
    if not production:
        production = [e for e in evidence if e.bound is not None]  # success criteria only
    criteria = [e for e in evidence if e.role == "criteria"] if production != evidence else []
    groups: dict[str, list[Evidence]] = {}
    for e in production:
        key = match_metric(e.metric, list(groups)) or e.metric
        groups.setdefault(key, []).append(e)
    for e in criteria:  # success criteria only refine metrics production names
        found = match_metric(e.metric, list(groups))
        if found is not None:
            groups[found].append(e)
    return [_merge(_display(name), items) for name, items in groups.items()]


def metric_names(sections: dict[str, HC4Section]) -> list[str]:
    """The Metrics to Monitor list, names only, as written."""
    ready = sections.get(schema.READINESS)
    field = ready.fields.get("Metrics to Monitor") if ready else None
    if field is None:
        return []
    names = (_item_name(i) for i in _items(field.value))
    return [_display(n) for n in names if n]


DESCRIPTION = "Plain description"
_CLAUSES = re.compile(r"[;,]\s+|\s+(?:and|but)\s+(?=(?:investigate|alert|below|above|expect))")
_VERB_TAIL = re.compile(r"\s+(?:is\s+)?(?:expect(?:ed|s)?|should\s+(?:be|hold|stay)|target)$", re.I)
_NOT_A_NAME = re.compile(
    r"^(?:(?:expect(?:ed|s)?|should be|investigate|alert|target)\b|(?:we|i|it|they|this)$)", re.I
)


def description_baselines(text: str, known: list[str]) -> list[Baseline]:
    """Baselines from a plain description instead of an HC4 ("Checkout conversion: expect
    3.8-4.6%, below 3.5% for 2+ days investigate"). A clause that names no metric belongs
    to the metric the sentence named last, or to the only metric there is. Marked
    `source="description"`: scoring lowers the experiment's confidence one step."""
    lines = text.splitlines()
    finder = _Lines(lines)
    evidence: list[Evidence] = []
    for n, raw in enumerate(lines, 1):
        current = known[0] if len(known) == 1 else None
        clauses = [c for s in split_sentences(strip_emphasis(raw)) for c in _CLAUSES.split(s)]
        for i, clause in enumerate(clauses):
            bound = parse_bound(clause)
            if bound is None:
                continue
            after = clauses[i + 1] if i + 1 < len(clauses) else ""
            alert = _ALERTING.search(clause) or (
                parse_bound(after) is None and _ALERTING.search(after)
            )
            prefix = _clean_name(clause[: bound.start].split(":", 1)[0])
            prefix = _VERB_TAIL.sub("", prefix).strip()
            named = prefix if prefix and not _NOT_A_NAME.match(prefix) else ""
            name = match_metric(named, known) if named else match_metric(clause, known)
            name = name or named or current
            if not name:
                continue
            current = name
            role: Role = "investigate" if alert else "expected"
            line = finder.find(clause, n, n)
            evidence.append(Evidence(role, name, bound, DESCRIPTION, line, clause.strip()))
    groups: dict[str, list[Evidence]] = {}
    for e in evidence:
        key = match_metric(e.metric, list(groups)) or e.metric
        groups.setdefault(key, []).append(e)
    return [
        _merge(_display(name), items).model_copy(update={"source": "description"})
        for name, items in groups.items()
    ]
