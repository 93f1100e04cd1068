"""`pulse validate FILE...`: check HC4 / HC5 files against their contracts.

Exit 0 when every file is compliant, 1 when any is not, 2 (InputError, one line) when a
file cannot be read at all: missing, binary, not UTF-8, or broken YAML frontmatter. All
files are read before anything is printed, so a usage error never leaves half a report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

from rich.console import Console
from rich.markup import escape
from vortex_pulse.contracts.errors import ContractInputError
from vortex_pulse.contracts.files import read_text_file
from vortex_pulse.contracts.hc4 import read_hc4
from vortex_pulse.contracts.hc4_validate import validate_hc4
from vortex_pulse.contracts.hc5_validate import validate_hc5
from vortex_pulse.contracts.hc10_validate import validate_brief, validate_hc10
from vortex_pulse.contracts.markdown import split_frontmatter, split_lines
from vortex_pulse.contracts.result import ContractName, ContractResult, Finding
from vortex_pulse.core.errors import InputError
from vortex_pulse.report.wording import band, threshold

BASELINE_KEYS: Final = (
    "metric",
    "unit",
    "expected_low",
    "expected_high",
    "investigate_op",
    "investigate_value",
    "persistence",
    "higher_is_better",
    "source",
    "text_threshold",
    "section",
    "line",
)
_HC5_HINT: Final = re.compile(r"\bHC5\b|signal report|signal description|trend analysis", re.I)
_HC4_HINT: Final = re.compile(
    r"\bHC4\b|experiment context|production readiness|success criteria|hypothesis tested", re.I
)
_STYLE: Final = {"error": "red", "warning": "yellow", "info": "dim"}
_VERDICT: Final = {"Yes": "green", "Partial": "yellow", "No": "red"}


def detect_contract(text: str, data: dict[str, Any]) -> ContractName:
    """From the frontmatter's `contract:`, else from the content's wording. Max's brief
    (a draft from Max, no `contract:`) is recognised by its frontmatter."""
    declared = str(data.get("contract", "")).strip().upper()
    if declared in ("HC4", "HC5", "HC10"):
        return declared  # type: ignore[return-value]
    if declared:
        return "unknown"
    if str(data.get("source_agent", "")).lower() == "max":
        return "brief"
    hc5, hc4 = len(_HC5_HINT.findall(text)), len(_HC4_HINT.findall(text))
    if hc5 == hc4 == 0:
        return "unknown"
    return "HC5" if hc5 > hc4 else "HC4"


_NOT_MARKDOWN: Final = (
    ".json", ".jsonl", ".yaml", ".yml", ".toml", ".csv", ".parquet", ".html", ".txt"
)  # fmt: skip


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested past the parser's depth
        return False
    return True


def check_file(path: Path) -> ContractResult:
    """Validate one file. Raises ContractInputError when it cannot be read at all, or is
    not a contract file (a JSON report, a config, a data file)."""
    if path.suffix.lower() in _NOT_MARKDOWN:
        raise ContractInputError(
            f"{path}: not a contract file: expected an HC4, HC5 or HC10 markdown file or "
            "Max's brief"
        )
    text = read_text_file(path)
    if text.lstrip()[:1] in ("{", "[") and _is_json(text):
        raise ContractInputError(f"{path}: not a contract file: it holds JSON, not markdown")
    fm = split_frontmatter(split_lines(text))
    if fm.error is not None:
        raise ContractInputError(f"{path}: frontmatter: {fm.error}")
    if not fm.data.get("contract") and fm.data.get("source_workflow") == "signal-interpretation":
        raise ContractInputError(
            f"{path}: not a contract file: Noah's signal-interpretation deep dive (no contract)"
        )
    contract = detect_contract(text, fm.data)
    if contract == "HC4":
        return validate_hc4(read_hc4(text, str(path)))
    if contract == "HC5":
        return validate_hc5(text, str(path))
    if contract == "HC10":
        return validate_hc10(text, str(path))
    if contract == "brief":
        return validate_brief(text, str(path))
    declared = fm.data.get("contract")
    message = (
        f"contract {declared!r} is not HC4, HC5 or HC10"
        if declared
        else "cannot tell the contract: no `contract:` in frontmatter and no HC4/HC5 wording"
    )
    return ContractResult(
        path=str(path),
        contract="unknown",
        compliant="No",
        findings=[Finding(level="error", field="Frontmatter.contract", message=message)],
    )


def as_json(result: ContractResult) -> dict[str, Any]:
    """The `--json` object for one file (the documented shape; baselines only for HC4)."""
    baselines = None
    if result.baselines is not None:
        dumped = [b.model_dump(mode="json") for b in result.baselines]
        baselines = [{k: d[k] for k in BASELINE_KEYS} for d in dumped]
    return {
        "path": result.path,
        "contract": result.contract,
        "compliant": result.compliant,
        "readiness": result.readiness,
        "missing": list(result.missing),
        "findings": [f.model_dump(mode="json") for f in result.findings],
        "baselines": baselines,
    }


def _print(console: Console, result: ContractResult) -> None:
    verdict = _VERDICT[result.compliant]
    head = f"[bold]{escape(result.path or '-')}[/bold]  {result.contract}  "
    head += f"compliant: [{verdict}]{result.compliant}[/{verdict}]"
    if result.readiness is not None:
        style = "green" if result.readiness == "Ready" else "yellow"
        head += f"  readiness: [{style}]{result.readiness}[/{style}]"
    console.print(head)
    if result.missing:
        console.print(f"  missing: {escape(', '.join(result.missing))}")
    for f in result.findings:
        style = _STYLE[f.level]
        console.print(f"  [{style}]{f.level:<7}[/{style}] {escape(f.field)}: {escape(f.message)}")
    for b in result.baselines or []:
        # the same wording as the HC5: "60-75%", "<= 5 min", "< 50% for 2+ weeks"
        if b.numeric:
            limit = threshold(b)
            text = f"expected {band(b)}; " + (f"investigate {limit}" if limit else "no threshold")
        elif b.text_threshold:
            text = f'threshold kept as text: "{b.text_threshold}"'
        else:
            text = "no numeric baseline"
        where = f" (line {b.line})" if b.line else ""
        console.print(f"  baseline {escape(b.metric)}: {escape(text)}{where}")


def main(files: list[Path], *, json_out: bool) -> int:
    if not files:
        raise InputError("validate: give at least one HC4 or HC5 file")
    results: list[ContractResult] = []
    for path in files:
        try:
            results.append(check_file(path))
        except ContractInputError as exc:
            raise InputError(str(exc)) from None
    if json_out:
        print(json.dumps([as_json(r) for r in results], indent=2, ensure_ascii=False))
    else:
        console = Console(highlight=False, soft_wrap=True)
        for result in results:
            _print(console, result)
    return 0 if all(r.ok for r in results) else 1
