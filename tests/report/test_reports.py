"""The HTML report: escaped untrusted text, charts placed where the numbers say."""

from __future__ import annotations

from vortex_pulse.report.html import PAD, H, W, chart, render_html
from vortex_pulse.report.model import PortfolioReport, PortfolioSummary, ReportExperiment, Window

from tests.support.facts import critical, metric


def report_with(name: str) -> PortfolioReport:
    e = critical("a").model_dump()
    e["name"] = name
    return PortfolioReport(
        created="2026-11-23T00:00:00+00:00",
        date="2026-11-23",
        window=Window(start="2026-10-30", end="2026-11-20"),
        portfolio=PortfolioSummary(severity="Critical", confidence="High", summary="<b>x</b>"),
        experiments=[ReportExperiment(**e)],
    )


def test_untrusted_text_is_escaped() -> None:
    html = render_html(report_with("<script>alert(1)</script>"), {})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>x</b>" not in html


def test_chart_geometry() -> None:
    m = metric(change_point="1970-01-01T00:00:50+00:00")
    line = {"t": [0.0, 50.0, 100.0], "v": [67.0, 67.0, 40.0]}
    c = chart(m, line)
    assert c is not None
    # values span 40..75 (band top) plus 8% margin each side; y grows downwards
    lo, hi = 40 - 35 * 0.08, 75 + 35 * 0.08
    y = lambda v: round(H - PAD - (v - lo) / (hi - lo) * (H - 2 * PAD), 1)  # noqa: E731
    assert c.band == (y(75), y(60))
    assert c.threshold == y(50)
    assert c.change_x == round(PAD + 0.5 * (W - 2 * PAD), 1)
    assert c.points.split()[0] == f"{PAD},{y(67)}"


def test_fractions_are_drawn_in_the_baselines_unit() -> None:
    m = metric(rescaled=100.0)
    c = chart(m, {"t": [0.0, 1.0], "v": [0.67, 0.67]})
    c_pct = chart(metric(), {"t": [0.0, 1.0], "v": [67.0, 67.0]})
    assert c is not None and c_pct is not None and c.points == c_pct.points


def test_no_chart_without_points() -> None:
    assert chart(metric(), {"t": [], "v": []}) is None


def test_bands_and_values_read_as_in_the_hc5() -> None:
    html = render_html(report_with("A"), {})
    assert "42%" in html and "60-75%" in html  # observed and band, as the HC5 writes them
    assert "–" not in html.split("<table>")[-1]  # no open-ended "–5" that reads as minus five


def test_charts_label_band_edges_and_threshold_and_span_the_window() -> None:
    from vortex_pulse.report.html import PAD, H, W, chart
    from vortex_pulse.signals.facts import MetricFacts
    from vortex_pulse.signals.synthetic import RATE_BASELINE

    m = MetricFacts(name="Action rate", series="r", baseline=RATE_BASELINE)
    c = chart(m, {"t": [100.0, 200.0], "v": [67.0, 68.0]}, window=(0.0, 300.0))
    assert c is not None
    assert {text for _, text, _ in c.y_labels} >= {"60%", "75%", "50%"}
    xs = [float(p.split(",")[0]) for p in c.points.split()]
    assert xs[0] > PAD and xs[-1] < W - PAD  # the data sits inside the whole-window axis
    assert c.x_labels[0][0] == PAD and c.x_labels[-1][0] == W - PAD
    flat = MetricFacts(name="Complaints", series="c")
    z = chart(flat, {"t": [0.0, 1.0], "v": [0.0, 0.0]})
    assert z is not None
    ys = [float(p.split(",")[1]) for p in z.points.split()]
    assert all(y == H - PAD for y in ys)  # zeros sit on the axis floor, not mid-chart


def test_chart_svg_escapes_metric_names_and_units() -> None:
    """The charts' SVG is written in Python (report/html.py: svg), outside Jinja's
    autoescaping: a hostile metric name or unit must still arrive as text."""
    hostile = metric(name='<script>alert(1)</script> "q"', unit="<b>u</b>", baseline=None)
    e = critical("a").model_dump()
    e["metrics"] = [hostile.model_dump()]
    report = report_with("A").model_copy(update={"experiments": [ReportExperiment(**e)]})
    line = {"t": [1761782400.0, 1762000000.0], "v": [1.0, 2.0]}
    html = render_html(report, {"a": {hostile.series: line}})
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<script>" not in svg and "<b>" not in svg
    title = "&lt;script&gt;alert(1)&lt;/script&gt; &#34;q&#34; (&lt;b&gt;u&lt;/b&gt;)"
    assert f'aria-label="{title}"' in svg and f"<title>{title}</title>" in svg
    assert "2 &lt;b&gt;u&lt;/b&gt;</text>" in svg  # the data's range label, unit escaped
    assert 'points="' in svg and svg.count("<polyline") == 1


def test_polyline_coordinates_read_as_python_writes_them() -> None:
    """Points on the chart come from a table of tenths; any other point (off the chart,
    NaN) is written one by one: both read like str(float)."""
    from vortex_pulse.report.html import _polyline

    on = _polyline([0.0, 0.5, 1.0], [0.0, 0.333, 1.0], 0.0, 1.0, 0.0, 1.0)
    assert on == "40.0,100.0 235.0,80.0 430.0,40.0"
    off = _polyline([-1.0, 2.0], [float("nan"), -5.0], 0.0, 1.0, 0.0, 1.0)
    assert off == "-350.0,nan 820.0,400.0"


def test_charts_drawn_together_read_as_each_drawn_alone() -> None:
    """`draw` places a report's lines in one pass over arrays, and `render_html` writes each
    time axis once: every chart must read as `_chart_alone`, the one-chart path, gives it
    (bands with one or two edges, thresholds alone, no baseline, close labels, points off
    the chart, NaN, flat lines, change points in and out of the window)."""
    import random

    from vortex_pulse.contracts.baselines import Baseline
    from vortex_pulse.report.html import _chart_alone, _escape_once, _svg, draw, svg
    from vortex_pulse.signals.facts import MetricFacts

    rng = random.Random(2240)
    baselines = [
        None,
        Baseline(
            metric="m", unit="%", expected_low=60.0, expected_high=75.0, investigate_value=50.0
        ),
        Baseline(metric="m", unit="ms", expected_high=300.0),
        Baseline(metric="m", expected_low=0.5, investigate_value=0.45),  # labels 10 px apart?
        Baseline(metric="m", unit="%", investigate_value=5.0),
    ]
    day = 86400.0
    window = (0.0, 30 * day)
    items = []
    for i in range(120):
        n = rng.choice([1, 2, 7, 40])
        ts = sorted(rng.uniform(-2 * day if i % 9 == 0 else 0.0, 30 * day) for _ in range(n))
        vs = [rng.choice([rng.gauss(60, 10), rng.uniform(0, 1), 0.0]) for _ in range(n)]
        if i % 13 == 0:
            vs[-1] = float("nan")
        if i % 17 == 0:
            vs[0] = float("nan")  # first: Python's min and max then give NaN
        if i % 11 == 0:
            vs = [vs[0]] * n  # flat
        cp = rng.choice([None, "1970-01-11T00:10:00+00:00", "1980-01-01T00:00:00+00:00"])
        m = MetricFacts(name=f"m{i} <&>", series=f"s{i}", baseline=rng.choice(baselines),
                        change_point=cp, rescaled=rng.choice([None, 100.0]))  # fmt: skip
        items.append((m, {"t": ts, "v": vs}))
    together = draw(items, window)
    alone = [_chart_alone(m, line, window) for m, line in items]
    assert [repr(c) for c in together] == [repr(c) for c in alone]  # NaN != NaN; reprs are
    esc, axes = _escape_once(), {}
    assert [_svg(c, esc, axes) for c in together if c] == [str(svg(c)) for c in alone if c]
    # Without a window each chart has its own time axis: written once per distinct axis.
    together = draw(items)
    assert [repr(c) for c in together] == [repr(_chart_alone(m, ln, None)) for m, ln in items]
    esc, axes = _escape_once(), {}
    assert [_svg(c, esc, axes) for c in together if c] == [str(svg(c)) for c in together if c]


def test_labels_closer_than_10_px_to_a_placed_one_are_dropped() -> None:
    from vortex_pulse.report.html import _spread

    nan = float("nan")
    labels = [
        (50.0, "a", "g"),
        (59.9, "b", "g"),
        (nan, "c", "r"),
        (60.0, "d", "r"),
        (40.0, "e", "r"),
    ]
    assert _spread(labels) == [(50.0, "a", "g"), (60.0, "d", "r"), (40.0, "e", "r")]
    after_nan = _spread([(nan, "a", "g"), (10.0, "b", "g")])  # no distance to NaN is >= 10
    assert [text for _, text, _ in after_nan] == ["a"]
