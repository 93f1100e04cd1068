"""How every number is written, in every output: one place decides the digits and units.

The signals engine (anomaly and pattern texts), the report builders (HC5, HC10, Max's
brief, HTML, JSON text) and alerts all format through these functions, so one value reads
the same everywhere ("41.5%", never 41.46 in one file and 41.5% in another).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

_PERCENT = {"%", "percent", "pct"}
DIGITS = 3  # significant digits of every value a reader sees


def num(value: float | None, digits: int = DIGITS) -> str:
    """A value with `digits` significant digits, without a trailing '.0' ("n/a" for None)."""
    if value is None:
        return "n/a"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:  # keep plain notation for readers: 12000, not 1.2e+04
        # Small values keep their significant digits written out (0.0000012, never "0."
        # as six fixed decimals gave for anything under a millionth).
        text = f"{value:.0f}" if abs(value) >= 1 else format(Decimal(text), "f")
    return text


def is_percent(unit: str | None) -> bool:
    return bool(unit) and unit.strip() in _PERCENT  # type: ignore[union-attr]


def unit_suffix(unit: str | None) -> str:
    """What follows a number: '%' and '/5' attach, other units take a space ('620 ms')."""
    if not unit:
        return ""
    if is_percent(unit):
        return "%"
    return unit if unit.startswith("/") else f" {unit}"


def with_unit(value: float | None, unit: str | None, digits: int = DIGITS) -> str:
    if value is None:
        return "n/a"
    return f"{num(value, digits)}{unit_suffix(unit)}"


def target_text(op: str, value: float, unit: str | None) -> str:
    """'<= 300 ms', '>= 99.9%': an SLO or NFR target, six significant digits (99.95 stays
    99.95), the one wording of summaries, rules, dashboards and incidents."""
    return f"{op} {with_unit(value, unit, digits=6)}"


def amount(delta: float, unit: str | None) -> str:
    """A distance between two values of a metric, unsigned: percentage points for percent
    metrics ("18.5 points"), the metric's own unit otherwise ("51 ms")."""
    value = abs(delta)
    if is_percent(unit):
        return f"{num(value)} point{'' if num(value) == '1' else 's'}"
    return with_unit(value, unit)


def share(relative: float) -> str:
    """A relative difference as people read it: 0.309 -> '31%'."""
    return f"{num(abs(relative) * 100, 2)}%"


def duration(hours: float | None) -> str:
    """'4.2 days', '19 hours', '1 hour', '20 minutes', 'under a minute': the one way every
    output (reports, chat, SLO summaries) says how long."""
    if hours is None:
        return "n/a"
    if hours < 1:
        if hours * 60 < 1:
            return "under a minute"
        text = num(hours * 60, 2)
        if text == "60":  # 59.7 minutes and up: the hour they round to, not "60 minutes"
            return "1 hour"
        return f"{text} minute{'' if text == '1' else 's'}"
    if hours >= 48:
        return f"{num(hours / 24, 2)} days"
    text = num(hours, 2)
    return f"{text} hour{'' if text == '1' else 's'}"


def moment(iso_text: str | None) -> str:
    """'2026-11-15T20:00:00Z' -> '2026-11-15 20:00 UTC' (an ISO date people read and the
    model guards recognise as a date, not as loose numbers)."""
    if not iso_text:
        return "n/a"
    t = datetime.fromisoformat(iso_text.replace("Z", "+00:00")).astimezone(UTC)
    return f"{t:%Y-%m-%d %H:%M} UTC"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 experiment', '2 experiments' — never 'experiment(s)'."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def gap_text(
    gap: float | None, relative: float | None, low: float | None, high: float | None,
    unit: str | None,
) -> str:  # fmt: skip
    """The one spelling of a gap to the expected band: '18.5 points below the 60% floor
    (31%)' — the distance in the metric's unit, then relative to the crossed edge."""
    if gap is None and relative:  # only the relative gap is known
        return f"{share(relative)} {'below' if relative < 0 else 'above'} the expected band"
    if not gap:
        return "inside the expected band"
    edge, side = (low, "floor") if gap < 0 else (high, "ceiling")
    where = f"{'below' if gap < 0 else 'above'} the {with_unit(edge, unit)} {side}"
    return f"{amount(gap, unit)} {where}" + (f" ({share(relative)})" if relative else "")
