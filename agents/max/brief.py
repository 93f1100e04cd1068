"""Max at the handoff: validate + parse the HC5 text, sort the evidence, write the draft brief."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from agents.max.evidence import sort_report
from agents.noah.hc5_check import problems, validate_hc5_text
from contracts.report import Route
from pulse.atomic import write_text
from pulse.errors import ContractError

GROUPS = (
    ("STAY", "supports the current direction", "Does it confirm the current direction?"),
    ("CHANGE", "against the current direction", "Does it call for a patch or a pivot?"),
    ("UNCLEAR", "not yet evidence either way", "What would make it conclusive?"),
)


def _cell(text: object) -> str:
    return " ".join(str(text).replace("|", "\\|").split())


_ENV = Environment(
    loader=PackageLoader("prompts", ""),
    undefined=StrictUndefined,
    autoescape=False,  # markdown output
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["cell"] = _cell


def render_brief(hc5_text: str, hc5_name: str, routes: list[Route]) -> str:
    """The brief for one HC5. Raises ContractError when the HC5 fails its contract."""
    from contracts.hc5_parse import parse_hc5

    result = validate_hc5_text(hc5_text)
    if not result.ok:
        raise ContractError(
            f"{hc5_name}: Max refuses an HC5 that fails its contract: {problems(result)}"
        )
    report = parse_hc5(hc5_text)
    return _ENV.get_template("max_brief.md.j2").render(
        hc5_name=hc5_name,
        date=report.frontmatter.created,
        window=report.signal_description.time_window,
        severity=report.signal_description.severity,
        signals=sort_report(report),
        groups=GROUPS,
        routes=routes,
    )


def write_brief(hc5_path: Path, out_dir: Path, date: str, routes: list[Route]) -> Path:
    text = render_brief(hc5_path.read_text(encoding="utf-8"), hc5_path.name, routes)
    return write_text(out_dir / f"max-evidence-brief-{date}.md", text)
