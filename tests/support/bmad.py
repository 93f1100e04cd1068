"""A BMAD project tree built from the upstream BMAD files, and BMAD's step-file conventions
as a check (derived from the upstream production-monitoring and portfolio-status steps)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
UPSTREAM = REPO / ".." / "shared" / "reference" / "bmad"
EXAMPLE = REPO / "examples" / "portfolio"


def upstream() -> Path:
    if not (UPSTREAM / "_bmad").is_dir():
        pytest.skip("upstream BMAD reference files are not on this machine")
    return UPSTREAM.resolve()


def bmad_project(tmp: Path) -> Path:
    """A copy of the upstream BMAD tree (`_bmad/`, `scripts/`, ...) at `tmp/project`."""
    root = tmp / "project"
    shutil.copytree(upstream(), root)
    return root


def drop_example(root: Path, *, sidecar: bool = True) -> None:
    """The example portfolio's HC4s, renamed the upstream way, and its signals."""
    art = root / "_bmad-output" / "vortex-artifacts"
    art.mkdir(parents=True, exist_ok=True)
    for hc4 in sorted(EXAMPLE.glob("hc4-*.md")):
        shutil.copy(hc4, art / hc4.name)
    shutil.copy(EXAMPLE / "signals.csv", root / "signals.csv")
    if sidecar:
        (root / "pulse.yaml").write_text("signals: signals.csv\n", encoding="utf-8")


def frontmatter(text: str) -> dict[str, object] | None:
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 4)
    data = yaml.safe_load(text[4:end]) if end > 0 else None
    return data if isinstance(data, dict) else None


_MENU = re.compile(r"^\*\*\[[a-z0-9]\]\*\*\s+\S", re.M)
_NEXT = re.compile(r"\{project-root\}/(\S+/steps/step-\d\d-[\w-]+\.md)")


def step_problems(path: Path, workflow: str, root: Path | None = None) -> list[str]:
    """What breaks BMAD's step conventions, as the upstream steps follow them:
    - frontmatter with `step: N`, `workflow: <its workflow>`, `title:`;
    - an H1 `# Step N: <title>`;
    - a `## Your Turn` section (where the step halts for the user); a step that offers
      choices lists them as `**[x]** Label` lines;
    - a `## Next Step` naming the next step file by `{project-root}/...` (which must exist
      when `root` is given), except in the last step, which ends with the Vortex Compass;
    - a step that shells out to a CLI shows its output verbatim and, on a non-zero exit,
      shows stderr verbatim and HALTs (the portfolio-status precedent)."""
    text = path.read_text(encoding="utf-8")
    fm = frontmatter(text)
    problems = []
    if fm is None:
        return [f"{path.name}: no frontmatter"]
    for key in ("step", "workflow", "title"):
        if key not in fm:
            problems.append(f"{path.name}: frontmatter: {key} missing")
    if fm.get("workflow") != workflow:
        problems.append(f"{path.name}: frontmatter: workflow is {fm.get('workflow')!r}")
    if f"# Step {fm.get('step')}: {fm.get('title')}\n" not in text:
        problems.append(f"{path.name}: no H1 '# Step N: title' matching the frontmatter")
    if "\n## Your Turn\n" not in text:
        problems.append(f"{path.name}: no '## Your Turn' section")
    turn = text.split("\n## Your Turn\n", 1)[-1]
    if "**[" in turn and not _MENU.search(turn):
        problems.append(f"{path.name}: menu items not written as '**[x]** Label'")
    nxt = _NEXT.findall(text.split("\n## Next Step\n", 1)[1]) if "\n## Next Step\n" in text else []
    if not nxt and "\n## Vortex Compass\n" not in text:
        problems.append(f"{path.name}: neither a '## Next Step' file nor the Vortex Compass")
    if root is not None:
        problems += [f"{path.name}: next step {n} does not exist" for n in nxt
                     if not (root / n).is_file()]  # fmt: skip
    if re.search(r"^```\n(pulse|node) ", text, re.M):  # shells out to a CLI
        if "verbatim" not in text:
            problems.append(f"{path.name}: runs a CLI but does not present its output verbatim")
        if not re.search(r"non-zero.*?stderr verbatim.*?HALT", text, re.S):
            problems.append(f"{path.name}: runs a CLI but does not show stderr and HALT on error")
    return problems
