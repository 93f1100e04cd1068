"""Read one threshold phrase as people write it: "≥80%", "60-75%", "<5 min", "≥4/5",
"3-8 per engagement", "between 150 and 300 ms", "<1/week for 2+ weeks",
"<70% across 2+ engagements". Pure text in, numbers out; never raises.

The phrasing table is in docs/contracts.md ("Baseline phrasings").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from vortex_pulse.contracts import memo
from vortex_pulse.contracts.baselines import Op


def _num_re(name: str) -> str:
    return rf"(?<![\w.:/])(?P<{name}>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+(?:\.\d+)?)(?![:\d])"


# Units as written; `normalize_unit` gives each one spelling.
_UNIT_BODY: Final = (
    r"(%|pp\b|percentage points?\b|percent\b|ms\b|milliseconds?\b|msec\b|"
    r"seconds?\b|secs?\b|s\b|minutes?\b|mins?\b|min\b|m\b|hours?\b|hrs?\b|h\b|days?\b|d\b|"
    r"weeks?\b|wks?\b|months?\b|per \d+(?:,\d{3})* [a-z]+\b|/\s*\d+\b|out of \d+\b|"
    r"(?:per|/|a|an)\s*(?:week|day|month|hour|minute|user|session|engagement|visit|order|"
    r"household|request)s?\b|x\b|stars?\b|points?\b|users?\b|sessions?\b|requests?\b|"
    r"orders?\b|errors?\b|k\b)"
)


def _unit_re(name: str) -> str:
    return rf"\s*(?P<{name}>{_UNIT_BODY})?"


_LOW_OPS: Final = (
    r"≥|>=|=>|at least|no less than|not less than|minimum(?: of)?|min\.?(?=\s*\d)|"
    r"more than|greater than|over|above|exceeds?|exceeding|rises? above|goes above|>"
)
_HIGH_OPS: Final = (
    r"≤|<=|=<|at most|no more than|not more than|maximum(?: of)?|max\.?(?=\s*\d)|"
    r"less than|fewer than|under|below|drops? (?:below|under)|falls? (?:below|under)|"
    r"up to|within|<"
)
_COMPARE: Final = re.compile(
    rf"(?P<op>{_LOW_OPS}|{_HIGH_OPS})\s*(?P<cur>\$)?\s*{_num_re('v')}{_unit_re('u')}",
    re.IGNORECASE,
)
_RANGE: Final = re.compile(
    rf"(?:between\s+)?(?P<cur>\$)?{_num_re('lo')}{_unit_re('lu')}\s*(?:-|–|—|to|and)\s*\$?"
    rf"{_num_re('hi')}{_unit_re('hu')}",
    re.IGNORECASE,
)
_PERSIST_TIME: Final = {
    "second": 1.0,
    "minute": 60.0,
    "hour": 3600.0,
    "day": 86400.0,
    "week": 7 * 86400.0,
    "month": 30 * 86400.0,
}
_PERSIST: Final = re.compile(
    r"\b(?:(?:for|across|during|lasting|sustained(?: for| over)?)\s+(?:at least\s+)?"
    r"(?P<n1>\d+)\s*\+?\s*(?:or more\s+)?(?P<c1>consecutive\s+)?(?P<u1>[a-z]+)"
    r"|(?P<n2>\d+)\s*\+?\s*(?:or more\s+)?consecutive\s+(?P<u2>[a-z]+))",
    re.IGNORECASE,
)
_COUNTABLE: Final = re.compile(
    r"^(?:engagements?|runs?|checks?|periods?|samples?|sessions?|cycles?|windows?|"
    r"observations?|days?|weeks?|months?|hours?|minutes?|seconds?|points?|reports?|"
    r"evaluations?|intervals?|batches?|releases?|sprints?|measurements?)$",
    re.IGNORECASE,
)

_LOW_SET: Final = re.compile(rf"^(?:{_LOW_OPS})$", re.IGNORECASE)


@dataclass(frozen=True)
class Persistence:
    text: str
    seconds: float | None = None
    count: int | None = None


@dataclass(frozen=True)
class Bound:
    """One parsed phrase: a band (low/high) or a comparison (op/value), with its unit."""

    quote: str
    low: float | None = None
    high: float | None = None
    op: Op | None = None
    value: float | None = None
    unit: str | None = None
    persistence: Persistence | None = None
    start: int = 0  # offset of the match in the phrase: the metric name comes before it

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None


_UNIT_NAMES: Final = {
    "ms": "ms", "msec": "ms", "millisecond": "ms", "milliseconds": "ms",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "m": "min", "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "days", "day": "days", "days": "days",
    "week": "weeks", "weeks": "weeks", "wk": "weeks", "wks": "weeks",
    "month": "months", "months": "months", "x": "x", "k": "k",
    "star": "/5", "stars": "/5", "point": "points", "points": "points",
}  # fmt: skip


_OUT_OF: Final = re.compile(r"^(?:/\s*|out of )(\d+)$")
_PER_N: Final = re.compile(r"^per (\d[\d,]*) ([a-z]+)$")
_PER: Final = re.compile(r"^(?:per|/|a|an)\s*([a-z]+?)s?$")
_DIGIT: Final = re.compile(r"\d")
_DATE_SPAN: Final = re.compile(r"\d{4}\s*-\s*\d{2}")


def normalize_unit(raw: str | None, currency: bool = False) -> str | None:
    """Units as written, in one spelling each ("minutes" -> "min", "/week" -> "per week")."""
    if currency:
        return "$"
    if not raw:
        return None
    u = raw.strip().lower()
    if u in ("%", "percent"):
        return "%"
    if u.startswith("percentage point") or u == "pp":
        return "pp"
    m = _OUT_OF.match(u)
    if m:
        return f"/{m.group(1)}"
    m = _PER_N.match(u)
    if m:
        return f"per {m.group(1)} {m.group(2)}"
    m = _PER.match(u)
    if m:
        return f"per {m.group(1)}"
    if u in _UNIT_NAMES:
        return _UNIT_NAMES[u]
    return "count" if u.rstrip("s") in ("user", "session", "request", "order", "error") else u


def _num(text: str) -> float:
    return float(text.replace(",", ""))


_INCLUSIVE: Final = (
    "≥", ">=", "=>", "≤", "<=", "=<", "at least", "no less", "not less", "minimum", "min",
    "at most", "no more", "not more", "maximum", "max", "up to", "within",
)  # fmt: skip


def _op(word: str) -> Op:
    w = word.strip().lower()
    inclusive = w.startswith(_INCLUSIVE)
    if _LOW_SET.match(w):
        return ">=" if inclusive else ">"
    return "<=" if inclusive else "<"


def find_persistence(text: str) -> Persistence | None:
    """ "for 2+ weeks" -> 14 days; "2+ consecutive engagements" / "across 2+ engagements"
    -> 2 observations."""
    for m in _PERSIST.finditer(text):
        n = int(m.group("n1") or m.group("n2"))
        unit = (m.group("u1") or m.group("u2") or "").lower()
        consecutive = bool(m.group("c1")) or bool(m.group("n2"))
        if not _COUNTABLE.match(unit):
            continue
        singular = unit.rstrip("s")
        word = m.group(0).strip()
        if singular in _PERSIST_TIME and not consecutive:
            return Persistence(word, seconds=n * _PERSIST_TIME[singular])
        if singular in _PERSIST_TIME and consecutive:
            return Persistence(word, seconds=n * _PERSIST_TIME[singular], count=n)
        return Persistence(word, count=n)
    return None


def parse_bound(text: str) -> Bound | None:
    """The first threshold in `text` (a range wins when it comes first), or None."""
    return memo.call(_parse_bound, text)  # one phrase recurs across a portfolio's HC4s


def _parse_bound(text: str) -> Bound | None:
    if not _DIGIT.search(text):  # every threshold and qualifier has a number
        return None
    persistence = find_persistence(text)
    scan = text
    if persistence is not None:
        # Blank the qualifier so its number is not read as the threshold.
        scan = text.replace(persistence.text, " " * len(persistence.text), 1)
    rng = _RANGE.search(scan)
    cmp_ = _COMPARE.search(scan)
    if rng is not None and (cmp_ is None or rng.start() <= cmp_.start()):
        low, high = _num(rng.group("lo")), _num(rng.group("hi"))
        unit = normalize_unit(rng.group("hu") or rng.group("lu"), bool(rng.group("cur")))
        if low <= high and _plausible_range(rng.group(0)):
            return Bound(
                quote=text.strip(),
                low=low,
                high=high,
                unit=unit,
                persistence=persistence,
                start=rng.start(),
            )
    if cmp_ is not None:
        op = _op(cmp_.group("op"))
        value = _num(cmp_.group("v"))
        unit = normalize_unit(cmp_.group("u"), bool(cmp_.group("cur")))
        return Bound(
            quote=text.strip(),
            op=op,
            value=value,
            unit=unit,
            persistence=persistence,
            start=cmp_.start(),
        )
    return None


def _plausible_range(span: str) -> bool:
    """ "2-3 weeks" is a range; a date "2026-03-01" is not ("HC3-4": no number after a letter)."""
    return not _DATE_SPAN.search(span)


def higher_is_better(bound: Bound, investigate: bool) -> bool | None:
    """Investigate "<50%" means low is bad (higher is better); a target "<5 min" means
    lower is better. A band alone says nothing."""
    if bound.op is None:
        return None
    below = bound.op in ("<", "<=")
    return below if investigate else not below
