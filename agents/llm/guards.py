"""Guards on model-written text: numbers, strategy, schema and length (docs/llm.md).

Every model-written field passes these before it can reach a report. A guard returns
violations; an empty list means the text may be used. Pure functions, no model calls.

Numbers guard, in short: each number written in the text must be one of the fact sheet's
numbers, allowing formatting (1,200 = 1200), percent scaling (0.482 = 48.2%), unit steps the
sheet implies (hours -> days/weeks) and rounding that keeps two significant digits or stays
within 2% (48.2 -> 48, 1,234 -> 1,200, 19.67 -> 20; never 48.2 -> 50). Counts never scale.
ISO dates must be fact-sheet dates; list markers such as "(1)" or "2." at a line start are
not quantities. Digits glued to a letter ("p95", "HC5", "v2") are names, not quantities.
Numbers are read after normalisation (contracts/language.py): number words in several
languages, Chinese numerals, full-width digits and digits glued to CJK text all count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from vortex_pulse.agents.llm.factsheet import experiment_sheet, portfolio_sheet
from vortex_pulse.contracts.language import normalize_numbers
from vortex_pulse.contracts.strategy import find_strategy
from vortex_pulse.signals.facts import PortfolioFacts

# Field limits: an HC5 Signal Summary is one sentence; the rest are short paragraphs.
MAX_CHARS: dict[str, int] = {
    "signal_summary": 400,
    "actual_vs_expected": 900,
    "potential_explanations": 1200,
    "discovery_focus": 900,
    "portfolio_summary": 1200,
}
DEFAULT_MAX_CHARS = 1200
ONE_SENTENCE = {"signal_summary"}  # the HC5 contract: "one factual sentence"

_CLOSE = Decimal("0.02")
_DATE = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
# "(1)" anywhere, or "1." / "1)" opening a line: enumeration, not a quantity.
_LIST_MARKER = re.compile(r"\(\d{1,2}\)|(?m:^[ \t]*\d{1,2}[.)](?=\s))")
# A number not glued to a word or another number; the sign only when it stands alone
# ("-20%", not the dash of the range "60-75").
_NUMBER = re.compile(r"(?<![\w.])([-\u2212+]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# Markdown that would change the structure of the HC5 it is pasted into.
_STRUCTURE = re.compile(r"(?m)^[ \t]*(#{1,6}\s|\||---|```|<)")


@dataclass(frozen=True)
class Violation:
    field: str
    kind: str  # numbers | dates | strategy | schema | length | error
    detail: str

    @property
    def reason(self) -> str:
        return f"{self.kind}: {self.detail}"


@dataclass(frozen=True)
class Written:
    """A number as written in text: its value, the precision written and its sign."""

    text: str
    value: Decimal
    decimals: int  # digits after the point; negative for trailing zeros of an integer
    significant: int
    negative: bool


def _written(sign: str, body: str) -> Written | None:
    digits = body.replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    if "." in digits:
        decimals = len(digits.split(".")[1])
        sig = len(digits.replace(".", "").lstrip("0"))
    else:
        stripped = digits.lstrip("0")
        trailing = len(stripped) - len(stripped.rstrip("0"))
        decimals = -trailing
        sig = len(stripped.rstrip("0"))
    return Written(sign + body, value, decimals, sig, sign in ("-", "\u2212"))


def numbers_in(text: str) -> list[Written]:
    """The quantities written in `text`, however written (dates and list markers removed)."""
    text = _LIST_MARKER.sub(" ", _DATE.sub(" ", normalize_numbers(text)))
    out: list[Written] = []
    for m in _NUMBER.finditer(text):
        w = _written(m.group(1), m.group(2))
        if w is not None:
            out.append(w)
    return out


def dates_in(text: str) -> list[str]:
    """ISO dates (YYYY-MM-DD, with or without a time) written in `text`, as YYYY-MM-DD."""
    return [f"{y}-{mo}-{d}" for y, mo, d in _DATE.findall(normalize_numbers(text))]


@dataclass
class Allowed:
    """What a text may cite: candidate values (after the sheet's own scalings) and dates."""

    values: set[Decimal]
    dates: set[str]

    def has_number(self, w: Written) -> bool:
        target = abs(w.value)
        for c in self.values:
            if w.negative and c > 0:
                continue  # a written minus must match a negative fact
            c = abs(c)
            if c == target:
                return True
            if abs(c - target) > Decimal(5).scaleb(-w.decimals - 1):
                continue  # further than half a unit of the written precision
            # "50" for 48.2 or "0.5" for 0.482 is a new number, not a rounding: accept a
            # rounding that keeps two significant digits, or one within 2% ("20" for 19.67)
            if w.significant >= 2 or abs(c - target) < c * _CLOSE:
                return True
        return False


def _is_count(key: str) -> bool:
    return "count" in key or key in ("samples", "points", "gaps")


def _scalings(key: str, v: Decimal) -> Iterable[Decimal]:
    yield v
    if _is_count(key):
        return  # a count is only ever itself: 1 metric is not "100%"
    if abs(v) <= 1:
        yield v * 100  # fraction written as percent: 0.482 -> 48.2%
    else:
        yield v / 100  # percent written as fraction: 48.2% -> 0.482
    if key.endswith("hours"):
        yield v / 24  # 36 hours -> 1.5 days
        yield v / 168  # 336 hours -> 2 weeks
    if key.endswith("seconds"):
        yield v / 60
        yield v / 3600


def allowed_from(sheet: Any) -> Allowed:
    """Every number and date in a fact sheet (numbers inside its strings too)."""
    values: set[Decimal] = set()
    dates: set[str] = set()

    def add_text(key: str, s: str) -> None:
        for d in dates_in(s):
            dates.add(d)
            # a date's parts may be cited on their own ("since 3 March 2026")
            values.update(Decimal(p) for p in d.split("-"))
        for w in numbers_in(s):
            values.update(_scalings(key, w.value))

    def walk(key: str, node: Any) -> None:
        if isinstance(node, bool) or node is None:
            return
        if isinstance(node, int | float):
            values.update(_scalings(key, Decimal(repr(node))))
        elif isinstance(node, str):
            add_text(key, node)
        elif isinstance(node, Mapping):
            for k, v in node.items():
                # everything under a count stays a count ("count_by_priority": {"P1": 1})
                walk(key if _is_count(key) else str(k), v)
        elif isinstance(node, list | tuple):
            for v in node:
                walk(key, v)

    walk("", sheet)
    return Allowed(values, dates)


def check_numbers(field: str, text: str, allowed: Allowed) -> list[Violation]:
    out: list[Violation] = []
    bad = [w.text for w in numbers_in(text) if not allowed.has_number(w)]
    if bad:
        out.append(Violation(field, "numbers", f"not in the fact sheet: {', '.join(bad[:5])}"))
    bad_dates = [d for d in dates_in(text) if d not in allowed.dates]
    if bad_dates:
        out.append(Violation(field, "dates", f"not in the fact sheet: {', '.join(bad_dates[:5])}"))
    return out


def check_strategy(field: str, text: str) -> list[Violation]:
    return [
        Violation(field, "strategy", f"{f.reason}: {f.sentence[:120]!r}")
        for f in find_strategy(text)
    ]


def check_shape(field: str, text: str | None) -> list[Violation]:
    if text is None or not text.strip():
        return [Violation(field, "schema", "missing or empty")]
    limit = MAX_CHARS.get(field, DEFAULT_MAX_CHARS)
    out: list[Violation] = []
    if len(text) > limit:
        out.append(Violation(field, "length", f"{len(text)} characters, limit {limit}"))
    if _STRUCTURE.search(text):
        out.append(Violation(field, "schema", "markdown headings, tables, fences or tags"))
    if field in ONE_SENTENCE and len(_SENTENCE_BREAK.split(text.strip())) > 1:
        out.append(Violation(field, "schema", "more than one sentence"))
    return out


def check_field(field: str, text: str | None, allowed: Allowed) -> list[Violation]:
    """All HC5 guards on one model-written field."""
    shape = check_shape(field, text)
    if text is None or any(v.detail == "missing or empty" for v in shape):
        return shape
    return shape + check_numbers(field, text, allowed) + check_strategy(field, text)


def check_max_brief(
    text: str, facts: PortfolioFacts, *, report_date: str | None = None
) -> list[Violation]:
    """Max's brief may weigh strategy (it is Max's domain), but its numbers are still checked:
    against every experiment's fact sheet, the portfolio sheet and the report date."""
    sheets: list[Any] = [portfolio_sheet(facts), report_date]
    sheets += [experiment_sheet(facts, e) for e in facts.experiments]
    return check_numbers("max_brief", text, allowed_from(sheets))
