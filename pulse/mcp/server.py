"""The MCP server: a pass, the facts and the reports as tools, resources and a prompt.

Read-only except `run_pass` (which writes the pass's reports, as `pulse run` does). Every
path a client names is confined to the project folder (the config's folder). A client's
mistake is a tool error of one line, never a traceback. On stdio, stdout carries only
JSON-RPC: nothing here prints.
"""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp_types import ToolAnnotations
from vortex_pulse.agents.noah.chat import answers
from vortex_pulse.agents.noah.chat.menu import greeting
from vortex_pulse.contracts.errors import ContractInputError
from vortex_pulse.core.config import PulseConfig
from vortex_pulse.core.config_bmad import addressee, load_any
from vortex_pulse.core.errors import PulseError
from vortex_pulse.core.files import read_bytes
from vortex_pulse.core.paths import ARTIFACTS
from vortex_pulse.report.model import PortfolioReport, Route
from vortex_pulse.report.names import HC5_PREFIX, REPORT_PREFIX
from vortex_pulse.report.wording import metric_line

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False)
PERSONA = (
    "You are Noah 📡, the production intelligence specialist of vortex-pulse. Calm and "
    "observational: say 'The signal indicates…' and 'Here's what we're seeing in context'. "
    "Report signal + context + trend from the vortex-pulse tools only (list_experiments, "
    "explain_experiment, compare_reports, latest_report); quote numbers exactly as the tools "
    "give them and invent none. Observe and report, never prescribe: decisions such as "
    "rolling back or shipping belong to Max, the learning-card owner — say so in character."
)


class Project:
    """The project folder the server serves: its config and where its reports live."""

    def __init__(self, config: Path) -> None:
        # a config file, or a BMAD project (its folder, or the one around): as `pulse run`
        self.cfg: PulseConfig = load_any(config)
        self.config_path = (self.cfg.path or config).resolve()
        self.root = self.config_path.parent

    def inside(self, name: str, what: str = "path") -> Path:
        """`name` (relative to the project folder, or absolute) if it is inside it."""
        path = (self.root / name).resolve()
        if not path.is_relative_to(self.root):
            raise ToolError(f"{what}: {name}: outside the project folder")
        return path

    def reports(self) -> list[Path]:
        return sorted(self.cfg.reports_folder.glob(f"{REPORT_PREFIX}*.json"))

    def hc5s(self) -> list[Path]:
        return sorted((self.cfg.output_folder / ARTIFACTS).glob(f"{HC5_PREFIX}*.md"))

    def report(self, path: Path | None = None) -> PortfolioReport:
        known = self.reports()
        found = path or (known[-1] if known else None)
        if found is None:
            raise ToolError("no report yet: run a pass first (tool run_pass)")
        try:
            return PortfolioReport.model_validate_json(found.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ToolError(f"{found.name}: not a vortex-pulse JSON report") from None


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _route(r: Route) -> str:
    return f"{r.agent} / {r.workflow}: {r.reason}"


def _experiment_row(e: Any) -> dict[str, Any]:
    lead = e.lead
    return {
        "id": e.id,
        "name": e.name,
        "priority": e.priority,
        "severity": e.severity,
        "trajectory": e.trajectory,
        "lead": metric_line(lead) if lead else None,
    }


def build_server(config: Path) -> MCPServer:
    project = Project(config)
    server = MCPServer(
        "vortex-pulse",
        instructions="Production intelligence for a portfolio of graduated experiments: "
        "run a pass, list experiments by priority, explain one, compare reports, validate "
        "HC4/HC5 files.",
    )

    @server.tool()
    def run_pass(date: str | None = None, until: str | None = None) -> dict[str, Any]:
        """Run one monitoring pass (writes the HC5, JSON and HTML reports). date: YYYY-MM-DD
        (default today); until: window end (latest, now or ISO 8601)."""
        from vortex_pulse.pulse.api import run_pass as api_run_pass

        try:
            day = Date.fromisoformat(date) if date else None
        except ValueError:
            raise ToolError(f"date: expected YYYY-MM-DD, got {date!r}") from None
        try:
            result = api_run_pass(project.cfg, date=day, until=until)
        except PulseError as exc:
            raise ToolError(_one_line(exc)) from None
        r = result.report
        return {
            "severity": r.portfolio.severity,
            "p1": result.p1,
            "experiments": [_experiment_row(e) for e in r.experiments],
            "routes": [_route(x) for x in r.routes],
            "paths": {
                "hc5": str(result.hc5_path),
                "json": str(result.json_path),
                "html": str(result.html_path) if result.html_path else None,
                "brief": str(result.brief_path) if result.brief_path else None,
                "hc10": [str(p) for p in result.hc10_paths],
            },
        }

    @server.tool(annotations=READ_ONLY)
    def list_experiments() -> list[dict[str, Any]]:
        """Every experiment of the latest report with its priority, severity and lead signal."""
        return [_experiment_row(e) for e in project.report().experiments]

    @server.tool(annotations=READ_ONLY)
    def explain_experiment(experiment: str) -> dict[str, Any]:
        """Why one experiment (id or name) has its priority: the rule, the lead metric's value
        against its band, the facts, and the routes that name it (latest report)."""
        report = project.report()
        facts = _facts_of(report)
        e = answers.find_experiment(experiment, facts)
        if e is None:
            known = ", ".join(x.id for x in report.experiments)
            raise ToolError(f"experiment: no {experiment!r} in the latest report (one of: {known})")
        return {
            "id": e.id,
            "name": e.name,
            "priority": e.priority,
            "rule": e.priority_rule,
            "explanation": answers.why_priority(e),
            "metrics": [metric_line(m) for m in e.metrics],
            "routes": [
                f"{r.agent} / {r.workflow}: {r.reason}"
                for r in report.routes
                if e.id in r.experiments
            ],
        }

    @server.tool(annotations=READ_ONLY)
    def compare_reports(earlier: str | None = None, later: str | None = None) -> dict[str, Any]:
        """What changed between two JSON reports (paths in the project folder); default: the
        two most recent."""
        found = project.reports()
        a = (
            project.inside(earlier, "earlier")
            if earlier
            else (found[-2] if len(found) > 1 else None)
        )
        b = project.inside(later, "later") if later else (found[-1] if found else None)
        if a is None or b is None:
            raise ToolError("compare_reports: needs two reports (run passes on two dates)")
        before, after = project.report(a), project.report(b)
        text = answers.changed(_facts_of(after), before)
        return {"earlier": before.date, "later": after.date, "changes": text.splitlines()[1:]}

    @server.tool(annotations=READ_ONLY)
    def validate_file(path: str) -> dict[str, Any]:
        """Check one HC4 or HC5 markdown file (in the project folder) against its contract."""
        from vortex_pulse.pulse.commands.validate import check_file

        target = project.inside(path)
        try:
            result = check_file(target)
        except (ContractInputError, PulseError, OSError) as exc:
            raise ToolError(_one_line(exc)) from None
        return {
            "path": path,
            "contract": result.contract,
            "compliant": result.compliant,
            "missing": result.missing,
            "findings": [str(f) for f in result.findings],
        }

    @server.tool(annotations=READ_ONLY)
    def latest_report() -> dict[str, Any]:
        """The latest JSON report, whole."""
        return project.report().model_dump(mode="json")

    @server.tool(annotations=READ_ONLY)
    def latest_hc5() -> str:
        """The latest HC5 portfolio report, as markdown."""
        found = project.hc5s()
        if not found:
            raise ToolError("no HC5 yet: run a pass first (tool run_pass)")
        return read_bytes(found[-1], "markdown").decode("utf-8", errors="replace")

    @server.resource("pulse://reports/latest.json", mime_type="application/json")
    def report_resource() -> str:
        """The latest JSON report."""
        try:
            return project.report().model_dump_json(indent=2)
        except ToolError as exc:
            raise ResourceError(str(exc)) from None

    @server.resource("pulse://hc5/latest.md", mime_type="text/markdown")
    def hc5_resource() -> str:
        """The latest HC5 portfolio report."""
        found = project.hc5s()
        if not found:
            raise ResourceError("no HC5 yet: run a pass first")
        return read_bytes(found[-1], "markdown").decode("utf-8", errors="replace")

    @server.prompt()
    def noah() -> str:
        """Noah's persona for an MCP client: observe and report from the tools, never prescribe."""
        who = addressee(project.cfg)  # a BMAD project's user and language
        return f"{PERSONA}\n\nOpen with:\n{greeting(who.user_name, who.language)}"

    return server


def _facts_of(report: PortfolioReport) -> Any:
    from vortex_pulse.signals.facts import PortfolioFacts

    return PortfolioFacts(
        window_start=report.window.start,
        window_end=report.window.end,
        experiments=list(report.experiments),
        patterns=report.patterns,
    )
