"""The JSON and HTML portfolio reports (DESIGN.md, Outputs), written atomically.

The HTML is one self-contained file: inline CSS and inline SVG charts (signal, expected
band, investigate threshold, change point), no script, no network. Jinja2 autoescapes
every value, so text from HC4 files or metric labels cannot inject markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from markupsafe import Markup, escape
from vortex_pulse.core.atomic import write_text
from vortex_pulse.core.numbers import moment
from vortex_pulse.core.templates import environment
from vortex_pulse.report.continuity import Continuity
from vortex_pulse.report.hc5 import since_text
from vortex_pulse.report.model import (
    HC4Ref,
    NarrativeMeta,
    PortfolioReport,
    PortfolioSummary,
    ReportExperiment,
    Route,
)
from vortex_pulse.report.model import Window as ReportWindow
from vortex_pulse.report.narrative import HC4Excerpt, Narrative
from vortex_pulse.report.wording import (
    PATTERN_NAMES,
    about,
    band,
    divergence,
    metric_line,
    percent,
    story,
    with_unit,
)
from vortex_pulse.signals.facts import ExperimentFacts, MetricFacts, PortfolioFacts

W, H, PAD = 470.0, 140.0, 40.0  # chart size and inner padding, px (two charts a row)


# Bands and values in the HTML read exactly as in the HC5 ("60-75%", "<= 5 min").
_ENV = environment("html", {"band": band, "with_unit": with_unit, "percent": percent})


def build_report(
    facts: PortfolioFacts,
    *,
    date: str,
    hc4: dict[str, HC4Ref],
    routes: list[Route],
    narrative: Narrative | None,
    excerpts: dict[str, HC4Excerpt] | None = None,
    since_last: Continuity | None = None,
    created: datetime | None = None,
) -> PortfolioReport:
    """The JSON report: the same facts as the HC5, plus HC4 compliance, routes and paths."""
    # model_construct: the facts are validated already; a dump-and-validate round trip
    # per experiment costs more than the rest of the JSON report for large portfolios.
    exps = [
        ReportExperiment.model_construct(
            **{k: getattr(e, k) for k in ExperimentFacts.model_fields},
            hc4=hc4.get(e.id, HC4Ref()),
            story=story(e, (excerpts or {}).get(e.id)),
            since_last=since_text(since_last, e.id) or "",
        )
        for e in facts.experiments
    ]
    return PortfolioReport(
        created=(created or datetime.now(UTC)).isoformat(timespec="seconds"),
        date=date,
        window=ReportWindow(start=facts.window_start, end=facts.window_end),
        portfolio=PortfolioSummary(
            severity=facts.severity,
            confidence=facts.confidence,
            summary=narrative.portfolio_summary if narrative else "",
        ),
        experiments=exps,
        patterns=facts.patterns,
        routes=routes,
        narrative=narrative.meta if narrative else NarrativeMeta(),
        insufficient=facts.insufficient,
        priority_counts=facts.priority_counts,
        consistency=facts.consistency,
        coverage=facts.coverage,
    )


@dataclass(frozen=True, slots=True)
class Chart:
    """One metric's chart in SVG coordinates (y grows downwards)."""

    title: str
    points: str  # polyline "x,y x,y ..."
    band: tuple[float, float] | None  # (y_top, y_bottom) of the expected band
    threshold: float | None  # y of the investigate threshold
    change_x: float | None  # x of the change point
    y_labels: list[tuple[float, str, str]]  # (y, text, colour): band edges, threshold, data
    x_labels: list[tuple[float, str]]


_GREY, _GREEN, _RED = "#5d6677", "#2e7d32", "#c0392b"


def _day(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%b %d")


def _range(values: list[float]) -> tuple[float, float]:
    """Data and reference lines, padded 8%; a flat series gets a range around its value
    (a zero-only series is drawn from 0 up, not from -1 to 1)."""
    lo, hi = min(values), max(values)
    if hi - lo < 1e-12:
        pad = abs(hi) * 0.1 or 1.0
        return (lo - pad if lo != 0 else 0.0), hi + pad
    margin = (hi - lo) * 0.08
    return (lo - margin if lo - margin > 0 or lo < 0 else min(lo, 0.0)), hi + margin


def chart(
    m: MetricFacts, line: dict[str, list[float]], window: tuple[float, float] | None = None
) -> Chart | None:
    ts, vs = line.get("t", []), line.get("v", [])
    if not ts:
        return None
    scale = m.rescaled or 1.0  # the series may be fractions while the baseline is percent
    vals = [v * scale for v in vs]
    b = m.baseline
    refs = (
        [v for v in (b.expected_low, b.expected_high, b.investigate_value) if v is not None]
        if b
        else []
    )
    lo, hi = _range(vals + refs)
    # The x axis covers the whole window, not just the first and last bucket means.
    t0, t1 = window if window else (ts[0], ts[-1])
    t1 = t1 if t1 > t0 else t0 + 1.0  # one point: a 1 s span, not a division by 0

    def x(t: float) -> float:
        return round(PAD + (t - t0) / (t1 - t0) * (W - 2 * PAD), 1)

    def y(v: float) -> float:
        return round(H - PAD - (v - lo) / (hi - lo) * (H - 2 * PAD), 1)

    unit = m.unit
    labels: list[tuple[float, str, str]] = []
    band = None
    if b and (b.expected_low is not None or b.expected_high is not None):
        top = b.expected_high if b.expected_high is not None else hi
        bottom = b.expected_low if b.expected_low is not None else lo
        band = (y(top), y(bottom))
        labels += [
            (y(v), with_unit(v, unit), _GREEN)
            for v in (b.expected_low, b.expected_high)
            if v is not None
        ]
    threshold = None
    if b and b.investigate_value is not None:
        threshold = y(b.investigate_value)
        labels.append((threshold, with_unit(b.investigate_value, unit), _RED))
    if not labels:  # no reference line: label the data's range instead
        labels += [(y(v), with_unit(v, unit), _GREY) for v in (min(vals), max(vals))]
    change_x = None
    if m.change_point:
        cp = datetime.fromisoformat(m.change_point.replace("Z", "+00:00")).timestamp()
        if t0 <= cp <= t1:
            change_x = x(cp)
    ticks = [t0 + (t1 - t0) * k / 3 for k in range(4)]
    return Chart(
        title=f"{m.name} ({unit})" if unit else m.name,
        points=_polyline(ts, vals, t0, t1, lo, hi),
        band=band,
        threshold=threshold,
        change_x=change_x,
        y_labels=_spread(labels),
        x_labels=[(x(t), _day(t)) for t in ticks],
    )


# "k/10" written as Python writes the float nearest to it (repr(40.0) == "40.0"), for
# every tenth of a pixel a chart can hold: the polyline's ~360,000 coordinates of a
# 1,000-experiment report are looked up here instead of formatted one by one.
_TENTHS = [f"{k // 10}.{k % 10}" for k in range(int(max(W, H)) * 10 + 1)]
_X_TENTHS = np.array([f"{t}," for t in _TENTHS], dtype=object)  # "x," then "y "
_Y_TENTHS = np.array([f"{t} " for t in _TENTHS], dtype=object)


def _polyline(
    ts: list[float], vals: list[float], t0: float, t1: float, lo: float, hi: float
) -> str:
    """SVG points, computed as arrays: a 1,000-experiment report draws ~360,000 of them."""
    xs = np.round(PAD + (np.asarray(ts) - t0) / (t1 - t0) * (W - 2 * PAD), 1)
    ys = np.round(H - PAD - (np.asarray(vals) - lo) / (hi - lo) * (H - 2 * PAD), 1)
    # Numbers only: marked safe so autoescaping does not rescan ~10 kB per chart.
    xk, yk = np.rint(xs * 10), np.rint(ys * 10)  # the tenths np.round(v, 1) kept
    on_grid = (
        len(xs) > 0
        and bool(np.isfinite(xk).all() and np.isfinite(yk).all())
        and min(xk.min(), yk.min()) >= 0
        and max(xk.max(), yk.max()) < len(_TENTHS)
        and not bool(np.signbit(xk).any() or np.signbit(yk).any())  # "-0.0"
    )
    if not on_grid:  # a point off the chart (or NaN): written one by one
        pairs = zip(xs.tolist(), ys.tolist(), strict=True)
        return Markup(" ".join([f"{a},{b}" for a, b in pairs]))
    parts = np.empty(2 * len(xs), dtype=object)
    parts[0::2] = _X_TENTHS[xk.astype(np.intp)]
    parts[1::2] = _Y_TENTHS[yk.astype(np.intp)]
    return Markup("".join(parts.tolist())[:-1])


def _spread(labels: list[tuple[float, str, str]]) -> list[tuple[float, str, str]]:
    """Reference labels first; a data label too close (< 10 px) to one already placed is
    dropped so numbers never print over each other."""
    out: list[tuple[float, str, str]] = []
    for yy, text, colour in labels:
        if all(abs(yy - o[0]) >= 10 for o in out):
            out.append((yy, text, colour))
    return out


def svg(c: Chart, esc: Callable[[str], str] = escape) -> Markup:
    """One chart's inline SVG. Written here rather than in the template: a 1,000-experiment
    report draws 3,000 charts, and Jinja spent more time on their ~20 fields each than on
    the rest of the page. Every text (a title, a label: metric names are untrusted) goes
    through `esc`, markupsafe's escape by default; numbers are floats we computed."""
    title = esc(c.title)
    out = [
        f'<svg width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="{title}">\n  <title>{title}</title>\n'
    ]
    if c.band:
        height = max([c.band[1] - c.band[0], 0])  # as Jinja's max filter: first if equal
        out.append(
            f'<rect x="{PAD}" y="{c.band[0]}" width="{W - 2 * PAD}" height="{height}" '
            'fill="#d9f0dc"/>'
        )
    if c.threshold is not None:
        out.append(
            f'<line x1="{PAD}" x2="{W - PAD}" y1="{c.threshold}" y2="{c.threshold}" '
            'stroke="#c0392b" stroke-dasharray="5,4"/>'
        )
    if c.change_x is not None:
        out.append(
            f'<line x1="{c.change_x}" x2="{c.change_x}" y1="{PAD / 2}" y2="{H - PAD}" '
            'stroke="#7d3cc8" stroke-width="1.5"/>'
        )
    out.append(
        f'  <polyline points="{c.points}" fill="none" stroke="#1f5fbf" stroke-width="1.6"/>\n'
        f'  <text x="{PAD}" y="13" font-size="12" fill="#1d2330">{title}</text>\n'
    )
    out += [
        f'<text x="{W - PAD + 2}" y="{yy + 3}" font-size="10" fill="{esc(colour)}">'
        f"{esc(label)}</text>"
        for yy, label, colour in c.y_labels
    ]
    out += [
        f'<text x="{xx}" y="{H - 6}" font-size="10" fill="#5d6677" text-anchor="middle">'
        f"{esc(label)}</text>"
        for xx, label in c.x_labels
    ]
    out.append("</svg>\n")
    return Markup("".join(out))


def _escape_once() -> Callable[[str], str]:
    """markupsafe's escape, each distinct text escaped once per report: the axis labels
    ("Nov 02", "60%") repeat across thousands of charts."""
    seen: dict[str, str] = {}

    def esc(text: str) -> str:
        out = seen.get(text)
        if out is None:
            out = seen[text] = escape(text)
        return out

    return esc


def _epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def render_html(
    report: PortfolioReport, charts: dict[str, dict[str, dict[str, list[float]]]]
) -> str:
    window = (_epoch(report.window.start), _epoch(report.window.end))
    per_exp: dict[str, Markup] = {}
    esc = _escape_once()
    anomalies: dict[str, str] = {}
    for e in report.experiments:
        lines = charts.get(e.id, {})
        drawn = [c for m in e.metrics if (c := chart(m, lines.get(m.series, {}), window))]
        per_exp[e.id] = Markup("".join([svg(c, esc) for c in drawn]))
        anomalies[e.id] = "; ".join(
            dict.fromkeys(about(a.metric, a.description) for a in e.anomalies)
        )
    return _ENV.get_template("report.html.j2").render(
        r=report,
        svgs=per_exp,
        anomalies=anomalies,
        divergence={e.id: divergence(e.lead) for e in report.experiments},
        lines={e.id: [metric_line(m) for m in e.metrics] for e in report.experiments},
        pattern_names=PATTERN_NAMES,
        moment=moment,
    )


def write_reports(
    report: PortfolioReport,
    charts: dict[str, dict[str, dict[str, list[float]]]],
    folder: Path,
) -> tuple[Path, Path]:
    """Write `portfolio-report-{date}.json` and `.html` into `folder`; return both paths."""
    json_path = folder / f"portfolio-report-{report.date}.json"
    html_path = folder / f"portfolio-report-{report.date}.html"
    report.artifacts["json"] = str(json_path)
    report.artifacts["html"] = str(html_path)
    write_text(html_path, render_html(report, charts))
    write_text(json_path, report.model_dump_json(indent=2) + "\n")
    return json_path, html_path
