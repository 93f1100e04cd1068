"""The names of the report files a pass writes, decided once: the writers (step 5, the
last step) and every reader (continuity, Previous Signals, the MCP server) use them."""

from __future__ import annotations

REPORT_PREFIX = "portfolio-report-"  # the JSON and HTML reports, in reports_folder
HC5_PREFIX = "hc5-portfolio-report-"  # the HC5, in the artifacts folder


def report_stem(date: str) -> str:
    """`portfolio-report-{date}`: the JSON report is this + .json, the HTML + .html."""
    return f"{REPORT_PREFIX}{date}"


def hc5_name(date: str) -> str:
    return f"{HC5_PREFIX}{date}.md"
