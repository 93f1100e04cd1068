"""The JSON and HTML portfolio reports (DESIGN.md, Outputs), written atomically.

The HTML is one self-contained file: inline CSS and inline SVG charts (signal, expected
band, investigate threshold, change point), no script, no network. Jinja2 autoescapes
every value, so text from HC4 files or metric labels cannot inject markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any

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
    report_json,
)
from vortex_pulse.report.model import Window as ReportWindow
from vortex_pulse.report.names import report_stem
from vortex_pulse.report.narrative import HC4Excerpt, Narrative
from vortex_pulse.report.told import Told, tell
from vortex_pulse.report.wording import (
    PATTERN_NAMES,
    about,
    band,
    percent,
    with_unit,
)
from vortex_pulse.signals.facts import ExperimentFacts, MetricFacts, PortfolioFacts
from vortex_pulse.signals.timefmt import epoch

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
    told: Mapping[str, Told] | None = None,
) -> PortfolioReport:
    """The JSON report: the same facts as the HC5, plus HC4 compliance, routes and paths.
    `told`: `report/told.tell` of these facts and excerpts, when the caller has it."""
    told = told or tell(facts.experiments, excerpts or {})
    # model_construct: the facts are validated already; a dump-and-validate round trip
    # per experiment costs more than the rest of the JSON report for large portfolios.
    exps = [
        ReportExperiment.model_construct(
            **{k: getattr(e, k) for k in ExperimentFacts.model_fields},
            hc4=hc4.get(e.id, HC4Ref()),
            story=told[e.id].story,
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
    return draw([(m, line)], window)[0]


def draw(
    items: Sequence[tuple[MetricFacts, dict[str, list[float]]]],
    window: tuple[float, float] | None = None,
) -> list[Chart | None]:
    """Every chart of a report (None where a metric has no points). The ~360,000 points of
    a 1,000-experiment report are placed in one pass over arrays; a line with a value
    that is not a plain finite number (NaN, -0.0) or a length mismatch is drawn on its
    own, with Python's own min/max (their NaN and signed-zero rules differ from numpy's)."""
    out: list[Chart | None] = [None] * len(items)
    batch: list[int] = []
    for k, (_m, line) in enumerate(items):
        ts, vs = line.get("t", []), line.get("v", [])
        if not ts:
            continue
        if len(ts) != len(vs):
            out[k] = _chart_alone(*items[k], window)  # raises ValueError
            continue
        batch.append(k)
    if not batch:
        return out
    counts = np.array([len(items[k][1]["t"]) for k in batch])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    total = int(counts.sum())  # fromiter with its length known: no regrowing
    t_all = np.fromiter(chain.from_iterable(items[k][1]["t"] for k in batch), float, total)
    v_all = np.fromiter(chain.from_iterable(items[k][1]["v"] for k in batch), float, total)
    scales = np.array([items[k][0].rescaled or 1.0 for k in batch])
    v_all = v_all * np.repeat(scales, counts)  # as v * scale, one value at a time
    odd = ~(np.isfinite(v_all) & np.isfinite(t_all)) | ((v_all == 0) & np.signbit(v_all))
    odd_chart = (np.add.reduceat(odd, starts) > 0).tolist()
    vmin = np.minimum.reduceat(v_all, starts).tolist()
    vmax = np.maximum.reduceat(v_all, starts).tolist()
    frames: list[_Frame | None] = []
    memo: dict[tuple[float | str | None, ...], Any] = {}  # this report's axes and labels
    for n, k in enumerate(batch):
        m, line = items[k]
        if odd_chart[n]:
            out[k] = _chart_alone(m, line, window)
            frames.append(None)
            continue
        ts = line["t"]
        frames.append(_frame(m, [vmin[n], vmax[n]], ts[0], ts[-1], window, memo))
    # The frame of each point's chart, repeated; a line drawn alone gets a dummy frame.
    dummy = (0.0, 1.0, 0.0, 1.0)
    geo = np.array([(f.t0, f.t1, f.lo, f.hi) if f else dummy for f in frames])
    t0, t1, lo, hi = (np.repeat(geo[:, c], counts) for c in range(4))
    points = _polylines(t_all, v_all, t0, t1, lo, hi, starts, counts)
    for n, k in enumerate(batch):
        f = frames[n]
        if f is not None:
            out[k] = f.chart(points[n])
    return out


@dataclass(slots=True)  # not frozen: private to `draw`, and 3,000 a report
class _Frame:
    """A chart without its line: the axes' ranges, reference lines and labels."""

    t0: float
    t1: float
    lo: float
    hi: float
    title: str
    band: tuple[float, float] | None
    threshold: float | None
    change_x: float | None
    y_labels: list[tuple[float, str, str]]
    x_labels: list[tuple[float, str]]

    def chart(self, points: str) -> Chart:
        return Chart(
            title=self.title,
            points=points,
            band=self.band,
            threshold=self.threshold,
            change_x=self.change_x,
            y_labels=self.y_labels,
            x_labels=self.x_labels,
        )


def _chart_alone(
    m: MetricFacts, line: dict[str, list[float]], window: tuple[float, float] | None
) -> Chart:
    ts, vs = line["t"], line["v"]
    scale = m.rescaled or 1.0  # the series may be fractions while the baseline is percent
    vals = [v * scale for v in vs]
    f = _frame(m, vals, ts[0], ts[-1], window)
    return f.chart(_polyline(ts, vals, f.t0, f.t1, f.lo, f.hi))


def _frame(
    m: MetricFacts,
    vals: list[float],
    first: float,
    last: float,
    window: tuple[float, float] | None,
    memo: dict[tuple[float | str | None, ...], Any] | None = None,
) -> _Frame:
    """`vals`: the line's values, or only their minimum and maximum (same ranges).
    `memo`: the time axis and the value labels, shared by a report's charts."""
    memo = {} if memo is None else memo
    b = m.baseline
    low, high, bar = (b.expected_low, b.expected_high, b.investigate_value) if b else (None,) * 3
    lo, hi = _range(vals + [v for v in (low, high, bar) if v is not None])
    # The x axis covers the whole window, not just the first and last bucket means.
    t0, t1 = window if window else (first, last)
    t1 = t1 if t1 > t0 else t0 + 1.0  # one point: a 1 s span, not a division by 0
    span = hi - lo

    def y(v: float) -> float:  # as H - PAD - (v - lo) / (hi - lo) * (H - 2 * PAD)
        return round(_Y0 - (v - lo) / span * _YS, 1)

    unit = m.unit
    labels: list[tuple[float, str, str]] = []
    band = None
    if low is not None or high is not None:
        band = (y(high if high is not None else hi), y(low if low is not None else lo))
        # the edges' labels sit where the band's edges are: the same y, not computed again
        if low is not None:
            labels.append((band[1], _label(memo, low, unit), _GREEN))
        if high is not None:
            labels.append((band[0], _label(memo, high, unit), _GREEN))
    threshold = None
    if bar is not None:
        threshold = y(bar)
        labels.append((threshold, _label(memo, bar, unit), _RED))
    if not labels:  # no reference line: label the data's range instead
        labels += [(y(v), _label(memo, v, unit), _GREY) for v in (min(vals), max(vals))]
    change_x = None
    if m.change_point:
        cp = epoch(m.change_point)
        if t0 <= cp <= t1:
            change_x = round(PAD + (cp - t0) / (t1 - t0) * (W - 2 * PAD), 1)
    x_labels = memo.get(("time", t0, t1))
    if x_labels is None:
        ticks = [t0 + (t1 - t0) * k / 3 for k in range(4)]
        x_labels = memo[("time", t0, t1)] = [
            (round(PAD + (t - t0) / (t1 - t0) * (W - 2 * PAD), 1), _day(t)) for t in ticks
        ]
    return _Frame(
        t0=t0,
        t1=t1,
        lo=lo,
        hi=hi,
        title=f"{m.name} ({unit})" if unit else m.name,
        band=band,
        threshold=threshold,
        change_x=change_x,
        y_labels=_spread(labels),
        x_labels=x_labels,
    )


_Y0, _YS = H - PAD, H - 2 * PAD  # y = _Y0 - (v - lo) / (hi - lo) * _YS: the same floats


def _label(memo: dict[tuple[float | str | None, ...], Any], v: float, unit: str | None) -> str:
    """A value label, worded once per report (the same baselines recur across charts)."""
    text = memo.get(("value", v, unit))
    if text is None:
        text = memo[("value", v, unit)] = with_unit(v, unit)
    return str(text)


# "k/10" written as Python writes the float nearest to it (repr(40.0) == "40.0"), for
# every tenth of a pixel a chart can hold: the polyline's ~360,000 coordinates of a
# 1,000-experiment report are looked up here instead of formatted one by one.
_TENTHS = [f"{k // 10}.{k % 10}" for k in range(int(max(W, H)) * 10 + 1)]
_X_TENTHS = np.array([f"{t}," for t in _TENTHS], dtype=object)  # "x," then "y "
_Y_TENTHS = np.array([f"{t} " for t in _TENTHS], dtype=object)
_Y_LAST = np.array([f"{t}\n" for t in _TENTHS], dtype=object)  # a line's last y


def _polyline(
    ts: list[float], vals: list[float], t0: float, t1: float, lo: float, hi: float
) -> str:
    """One line's SVG points: `_polylines` of that line alone."""
    if len(ts) != len(vals):
        raise ValueError(f"a chart line has {len(ts)} times and {len(vals)} values")
    n = len(ts)
    t0s, t1s, los, his = (np.full(n, v, dtype=float) for v in (t0, t1, lo, hi))
    xs, ys = np.asarray(ts, float), np.asarray(vals, float)
    return _polylines(xs, ys, t0s, t1s, los, his, np.array([0]), np.array([n]))[0]


def _polylines(
    ts: np.ndarray,
    vals: np.ndarray,
    t0: np.ndarray,
    t1: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    starts: np.ndarray,
    counts: np.ndarray,
) -> list[str]:
    """SVG points of many lines at once, laid end to end (each point with its own chart's
    frame): a 1,000-experiment report draws ~360,000 of them. A line with a point off the
    chart (or NaN) is written one by one."""
    xs = np.round(PAD + (ts - t0) / (t1 - t0) * (W - 2 * PAD), 1)
    ys = np.round(H - PAD - (vals - lo) / (hi - lo) * (H - 2 * PAD), 1)
    xk, yk = np.rint(xs * 10), np.rint(ys * 10)
    off = ~((xk >= 0) & (xk < len(_TENTHS)) & (yk >= 0) & (yk < len(_TENTHS)))
    off |= np.signbit(xk) | np.signbit(yk)
    off_line = (np.add.reduceat(off, starts) > 0).tolist()
    xk[off], yk[off] = 0, 0  # such lines are written one by one below
    parts = np.empty(2 * len(xs), dtype=object)
    parts[0::2] = _X_TENTHS[xk.astype(np.intp)]
    y_tokens = _Y_TENTHS[yk.astype(np.intp)]
    last = starts + counts - 1  # a line's last "y " becomes "y\n": the lines, one split away
    y_tokens[last] = _Y_LAST[yk[last].astype(np.intp)]
    parts[1::2] = y_tokens
    out = "".join(parts.tolist()).split("\n")[:-1]  # no token holds a newline
    for n, (start, count, alone) in enumerate(
        zip(starts.tolist(), counts.tolist(), off_line, strict=True)
    ):
        if alone:
            pairs = zip(
                xs[start : start + count].tolist(), ys[start : start + count].tolist(), strict=True
            )
            out[n] = " ".join([f"{a},{b}" for a, b in pairs])
    return out


def _spread(labels: list[tuple[float, str, str]]) -> list[tuple[float, str, str]]:
    """Reference labels first; a data label too close (< 10 px) to one already placed is
    dropped so numbers never print over each other."""
    out: list[tuple[float, str, str]] = []
    for label in labels:
        yy = label[0]
        for placed in out:
            if not abs(yy - placed[0]) >= 10:  # `not >=`: a NaN distance drops it, as before
                break
        else:
            out.append(label)
    return out


def svg(c: Chart, esc: Callable[[str], str] = escape) -> Markup:
    """One chart's inline SVG. Written here rather than in the template: a 1,000-experiment
    report draws 3,000 charts, and Jinja spent more time on their ~20 fields each than on
    the rest of the page. Every text (a title, a label: metric names are untrusted) goes
    through `esc`, markupsafe's escape by default; numbers are floats we computed."""
    return Markup(_svg(c, esc, {}))


# The charts' fixed attributes, written once (f"{W}" is "470.0" in every chart).
_OPEN = f'<svg width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" aria-label="'
_BAND = (f'<rect x="{PAD}" y="', f'" width="{W - 2 * PAD}" height="', '" fill="#d9f0dc"/>')
_THRESHOLD = (f'<line x1="{PAD}" x2="{W - PAD}" y1="', '" y2="',
              '" stroke="#c0392b" stroke-dasharray="5,4"/>')  # fmt: skip
_CHANGE = ('<line x1="', '" x2="',
           f'" y1="{PAD / 2}" y2="{H - PAD}" stroke="#7d3cc8" stroke-width="1.5"/>')  # fmt: skip
_LINE_TITLE = (
    '" fill="none" stroke="#1f5fbf" stroke-width="1.6"/>\n'
    f'  <text x="{PAD}" y="13" font-size="12" fill="#1d2330">'
)
_Y_LABEL = f'<text x="{W - PAD + 2}" y="'
_X_LABEL = f'" y="{H - 6}" font-size="10" fill="#5d6677" text-anchor="middle">'


def _svg(
    c: Chart, esc: Callable[[str], str], axes: dict[tuple[tuple[float, str], ...], str]
) -> str:
    """`svg`'s text. `axes`: the time axes' markup already written for this report (most
    charts share one window, so one axis)."""
    title = esc(c.title)
    out = [_OPEN, title, '">\n  <title>', title, "</title>\n"]
    if c.band:
        height = max([c.band[1] - c.band[0], 0])  # as Jinja's max filter: first if equal
        out += [_BAND[0], str(c.band[0]), _BAND[1], str(height), _BAND[2]]
    if c.threshold is not None:
        y = str(c.threshold)
        out += [_THRESHOLD[0], y, _THRESHOLD[1], y, _THRESHOLD[2]]
    if c.change_x is not None:
        x = str(c.change_x)
        out += [_CHANGE[0], x, _CHANGE[1], x, _CHANGE[2]]
    out += ['  <polyline points="', c.points, _LINE_TITLE, title, "</text>\n"]
    out += [
        f'{_Y_LABEL}{yy + 3}" font-size="10" fill="{esc(colour)}">{esc(label)}</text>'
        for yy, label, colour in c.y_labels
    ]
    key = tuple(c.x_labels)
    axis = axes.get(key)
    if axis is None:
        axis = axes[key] = "".join(
            [f'<text x="{xx}{_X_LABEL}{esc(label)}</text>' for xx, label in c.x_labels]
        )
    out += [axis, "</svg>\n"]
    return "".join(out)


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


def render_html(
    report: PortfolioReport,
    charts: dict[str, dict[str, dict[str, list[float]]]],
    told: Mapping[str, Told] | None = None,
) -> str:
    """`told`: `report/told.tell` of the facts the report was built from, if at hand."""
    told = told or tell(report.experiments, {})  # the story is not drawn here
    window = (epoch(report.window.start), epoch(report.window.end))
    per_exp: dict[str, Markup] = {}
    esc = _escape_once()
    axes: dict[tuple[tuple[float, str], ...], str] = {}  # this report's time axes, written
    anomalies: dict[str, str] = {}
    drawn = iter(
        draw(
            [(m, charts.get(e.id, {}).get(m.series, {})) for e in report.experiments
             for m in e.metrics],
            window,
        )
    )  # fmt: skip
    for e in report.experiments:
        mine = [next(drawn) for _ in e.metrics]
        per_exp[e.id] = Markup("".join([_svg(c, esc, axes) for c in mine if c]))
        anomalies[e.id] = "; ".join(
            dict.fromkeys(about(a.metric, a.description) for a in e.anomalies)
        )
    return _ENV.get_template("report.html.j2").render(
        r=report,
        svgs=per_exp,
        anomalies=anomalies,
        divergence={e.id: told[e.id].divergence for e in report.experiments},
        lines={e.id: told[e.id].lines for e in report.experiments},
        pattern_names=PATTERN_NAMES,
        moment=moment,
    )


def write_reports(
    report: PortfolioReport,
    charts: dict[str, dict[str, dict[str, list[float]]]],
    folder: Path,
    told: Mapping[str, Told] | None = None,
) -> tuple[Path, Path, dict[str, Any]]:
    """Write `portfolio-report-{date}.json` and `.html` into `folder`; return both paths and
    the report as JSON data (the file's content, dumped once: `report_json`)."""
    json_path = folder / f"{report_stem(report.date)}.json"
    html_path = folder / f"{report_stem(report.date)}.html"
    report.artifacts["json"] = str(json_path)
    report.artifacts["html"] = str(html_path)
    write_text(html_path, render_html(report, charts, told))
    data, text = report_json(report)
    write_text(json_path, text)
    return json_path, html_path, data
