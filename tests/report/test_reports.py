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


# The per-experiment parts as the template wrote them before decision 2121 moved them to
# report/html.py (_summary_row, _block): the Python must write exactly what Jinja's
# autoescape wrote, hostile text included.
_OLD_PARTS = """{% for e in r.experiments %}
<tr class="{{ e.priority }}"><td>{{ e.priority }}</td><td><a href="#exp-{{ loop.index }}">{{ e.name }}</a></td><td>{{ divergence[e.id] }}</td><td>{{ e.trajectory }}</td><td>{{ e.confidence }}</td><td>{{ "Yes" if e.anomaly else "No" }}</td><td>{{ e.since_last or "—" }}</td></tr>
{% endfor %}
@@
{% for e in r.experiments %}
<div class="exp" id="exp-{{ loop.index }}">
<h3>{{ e.priority }} · {{ e.name }}</h3>
<p class="muted">{{ e.severity }} · {{ e.direction }} · {{ e.trajectory }} · scope {{ e.scope }} · confidence {{ e.confidence }}{% if e.priority_rule %} · {{ e.priority_rule }}{% endif %}</p>
<p class="story">{{ e.story }}</p>
{% if anomalies[e.id] %}<p><strong>Anomaly</strong>: {{ anomalies[e.id] }}</p>{% endif %}
<div class="charts">
{{ svgs[e.id] }}</div>
<table>
<tr><th>Metric</th><th>Value vs expected</th><th>Breach</th><th>Change point</th><th>Samples</th><th>Completeness</th></tr>
{% for m in e.metrics %}
<tr><td>{{ m.name }}</td><td>{{ lines[e.id][loop.index0] }}</td><td>{{ m.breach }}</td><td>{{ moment(m.change_point) if m.change_point else "—" }}</td><td>{{ "{:,}".format(m.samples) }}</td><td>{{ m.completeness | percent }}</td></tr>
{% endfor %}
</table>
</div>
{% endfor %}
"""  # noqa: E501


def test_experiment_rows_and_blocks_read_as_the_template_wrote_them() -> None:
    from markupsafe import Markup
    from vortex_pulse.core.numbers import moment
    from vortex_pulse.core.templates import environment
    from vortex_pulse.report.html import _block, _escape_once, _summary_row
    from vortex_pulse.report.wording import about, divergence, metric_line, percent
    from vortex_pulse.signals.facts import Anomaly

    bad = "<script>alert(\"x\")</script> & 'q'"
    plain = report_with("Plain name")
    hostile = report_with(bad)
    e = hostile.experiments[0]
    e.story, e.since_last, e.priority_rule = f"story {bad}", f"since {bad}", f"rule {bad}"
    e.metrics[0].name = f"m {bad}"
    e.anomaly = True
    e.anomalies = [
        Anomaly(
            experiment="a", metric="m", kind="level_shift", description=f"d {bad}", deviation="x"
        )  # fmt: skip
    ] * 2
    e.metrics[0].change_point = "2026-11-10T00:00:00+00:00"
    quiet = plain.experiments[0]
    quiet.priority_rule, quiet.since_last = None, ""
    quiet.anomalies = []
    for r in (plain, hostile):
        exps = r.experiments
        svgs = {x.id: Markup(f"<svg>{x.id}</svg>") for x in exps}
        anomalies = {
            x.id: "; ".join(dict.fromkeys(about(a.metric, a.description) for a in x.anomalies))
            for x in exps
        }
        lines = {x.id: [metric_line(m) for m in x.metrics] for x in exps}
        env = environment("html", {"percent": percent})
        old = env.from_string(_OLD_PARTS).render(
            r=r, divergence={x.id: divergence(x.lead) for x in exps}, svgs=svgs,
            anomalies=anomalies, lines=lines, moment=moment,
        )  # fmt: skip
        esc = _escape_once()
        rows = "".join(_summary_row(x, i, divergence(x.lead), esc) for i, x in enumerate(exps, 1))
        blocks = "".join(
            _block(x, i, str(svgs[x.id]), anomalies[x.id], lines[x.id], esc)
            for i, x in enumerate(exps, 1)
        )
        assert f"{rows}@@\n{blocks}" == old
    assert "<script>" not in blocks and "&lt;script&gt;" in blocks
