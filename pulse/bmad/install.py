"""`pulse bmad install|uninstall`: put the vortex-pulse workflow into a BMAD project and take
it out again (docs/bmad.md, docs/decisions/1201-bmad-install.md).

Upstream content files (agents, workflows) are never edited. What is added:
- files pulse owns: the workflow and its steps, the `.claude/skills/` wrapper;
- fragments in BMAD's registration files, the way BMAD's own installer adds them: a row in
  the manifests, a menu item in Noah's customize file (custom menu items survive updates).

A record of what was written (`_bmad/_config/vortex-pulse.install.json`) lets a second
install change nothing, refuses to overwrite a file the user edited, and lets uninstall
put every byte back. The whole plan is checked before the first write.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from vortex_pulse.core import yamlsafe
from vortex_pulse.core.atomic import write_text
from vortex_pulse.core.errors import InputError

WORKFLOW_DIR = "_bmad/bme/_vortex/workflows/vortex-pulse"
SKILL_ID = "bmad-vortex-pulse"
RECORD = "_bmad/_config/vortex-pulse.install.json"
WORKFLOW_MANIFEST = "_bmad/_config/workflow-manifest.csv"
SKILL_MANIFEST = "_bmad/_config/skill-manifest.csv"
NOAH_CUSTOMIZE = "_bmad/_config/agents/bme-noah.customize.yaml"
DESCRIPTION = (
    "Run vortex-pulse production monitoring on the project's experiments and walk through"
    " its HC5 portfolio signal report"
)
MENU_TRIGGER = "VP or fuzzy match on vortex-pulse"
MENU_ITEM = (
    f"  - trigger: {MENU_TRIGGER}\n"
    f'    exec: "{{project-root}}/{WORKFLOW_DIR}/workflow.md"\n'
    '    description: "[VP] Vortex Pulse: run pulse on every experiment and explore its report"\n'
)

# package file (under prompts/bmad/) -> where it goes in the project
OWNED: dict[str, str] = {
    "workflow.md": f"{WORKFLOW_DIR}/workflow.md",
    "steps/step-01-run.md": f"{WORKFLOW_DIR}/steps/step-01-run.md",
    "steps/step-02-explore.md": f"{WORKFLOW_DIR}/steps/step-02-explore.md",
    "steps/step-03-route.md": f"{WORKFLOW_DIR}/steps/step-03-route.md",
    "SKILL.md": f".claude/skills/{SKILL_ID}/SKILL.md",
}

Action = Literal["create", "update", "unchanged", "add", "remove", "restore"]


@dataclass
class Change:
    path: str  # relative to the project root
    action: Action
    text: str | None = None  # the new content (None: delete)

    def line(self) -> str:
        return f"{self.action:<9} {self.path}"


@dataclass
class Plan:
    root: Path
    changes: list[Change] = field(default_factory=list)

    @property
    def writes(self) -> list[Change]:
        return [c for c in self.changes if c.action != "unchanged"]

    def lines(self) -> list[str]:
        return [c.line() for c in self.changes]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def template(name: str) -> str:
    return (resources.files("vortex_pulse.prompts") / "bmad" / name).read_text(encoding="utf-8")


def check_project(root: Path) -> Path:
    root = root.resolve()
    if not (root / "_bmad").is_dir():
        raise InputError(f"{root}: not a BMAD project (no _bmad/ folder)")
    return root


def _read(path: Path) -> str | None:
    # newline="" keeps \r\n as it is: uninstall must give back the very bytes it found
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def _record(root: Path) -> dict[str, dict[str, str]]:
    text = _read(root / RECORD)
    if text is None:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        raise InputError(f"{root / RECORD}: not valid JSON; restore it or remove it") from None
    return data if isinstance(data, dict) else {}


def _csv_row(path: str) -> str:
    return f'"vortex-pulse","{DESCRIPTION}","bme","{path}","{SKILL_ID}"'


def _skill_row() -> str:
    path = f".claude/skills/{SKILL_ID}/SKILL.md"
    return f'"{SKILL_ID}","{SKILL_ID}","{DESCRIPTION}","bme","{path}","true",,,'


def _append_row(text: str, row: str) -> tuple[str, str]:
    """(fragment, new text): the row on a line of its own at the end."""
    frag = row + "\n" if text.endswith("\n") or not text else "\n" + row
    return frag, text + frag


def _menu_edit(text: str, where: Path) -> tuple[str, str, str]:
    """(before, after, new text): Noah's customize file with our menu item appended to
    `menu:`, comments and everything else untouched."""
    try:
        data = yamlsafe.load(text) or {}
    except yaml.YAMLError:
        raise InputError(f"{where}: invalid YAML; fix it before installing") from None
    if not isinstance(data, dict) or not isinstance(data.get("menu") or [], list):
        raise InputError(f"{where}: menu: expected a list of menu items")
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.rstrip() == "menu: []":
            before = line
            after = "menu:\n" + MENU_ITEM
            return before, after, "".join(lines[:i]) + after + "".join(lines[i + 1 :])
        if line.rstrip() == "menu:":
            before = line
            after = line + MENU_ITEM
            return before, after, "".join(lines[:i]) + after + "".join(lines[i + 1 :])
    if "menu" in data:
        raise InputError(f"{where}: menu: write it as a block list to let pulse add its item")
    sep = "" if text.endswith("\n") or not text else "\n"
    before, after = "", sep + "menu:\n" + MENU_ITEM
    return before, after, text + after


def plan_install(root: Path) -> tuple[Plan, dict[str, dict[str, str]]]:
    """What install would do, and the record it would leave. Raises InputError (nothing
    written) when a file pulse owns was changed by someone else."""
    root = check_project(root)
    old = _record(root)
    plan, record = Plan(root), {}
    for name, rel in OWNED.items():
        want, have = template(name), _read(root / rel)
        known = old.get(rel, {}).get("sha256")
        if have is None:
            plan.changes.append(Change(rel, "create", want))
        elif have == want:
            plan.changes.append(Change(rel, "unchanged"))
        elif known is not None and _sha(have) == known:  # an older pulse wrote it, untouched
            plan.changes.append(Change(rel, "update", want))
        else:
            raise InputError(
                f"{root / rel}: changed since pulse installed it (or not written by pulse);"
                " move it away or undo the edit, then install again"
            )
        record[rel] = {"kind": "file", "sha256": _sha(want)}
        for folder in Path(rel).parents:  # folders install creates go away with uninstall
            if str(folder) != "." and not (root / folder).exists():
                record[str(folder)] = {"kind": "dir"}
    record.update({k: v for k, v in old.items() if v.get("kind") == "dir"})
    for rel, row in ((WORKFLOW_MANIFEST, _csv_row(f"{WORKFLOW_DIR}/workflow.md")),
                     (SKILL_MANIFEST, _skill_row())):  # fmt: skip
        have = _read(root / rel)
        if have is None:
            continue  # BMAD's installer skips a manifest that does not exist; so do we
        if f'"{SKILL_ID}"' in have:
            plan.changes.append(Change(rel, "unchanged"))
            record[rel] = old.get(rel) or {"kind": "fragment", "before": "", "after": row}
            continue
        frag, new = _append_row(have, row)
        plan.changes.append(Change(rel, "add", new))
        record[rel] = {"kind": "fragment", "before": "", "after": frag}
    rel = NOAH_CUSTOMIZE
    have = _read(root / rel)
    if have is None:
        text = "# Agent Customization (menu item added by pulse bmad install)\nmenu:\n" + MENU_ITEM
        plan.changes.append(Change(rel, "create", text))
        record[rel] = {"kind": "file", "sha256": _sha(text)}
    elif MENU_TRIGGER in have:
        plan.changes.append(Change(rel, "unchanged"))
        record[rel] = old.get(rel) or {"kind": "fragment", "before": "", "after": MENU_ITEM}
    else:
        before, after, new = _menu_edit(have, root / rel)
        plan.changes.append(Change(rel, "add", new))
        record[rel] = {"kind": "fragment", "before": before, "after": after}
    record_text = json.dumps(record, indent=2, sort_keys=True) + "\n"
    have_record = _read(root / RECORD)
    if have_record != record_text:
        plan.changes.append(Change(RECORD, "create" if have_record is None else "update",
                                   record_text))  # fmt: skip
    else:
        plan.changes.append(Change(RECORD, "unchanged"))
    return plan, record


def plan_uninstall(root: Path) -> Plan:
    root = check_project(root)
    record = _record(root)
    plan = Plan(root)
    if not record:
        return plan
    dirs = sorted((r for r, e in record.items() if e.get("kind") == "dir"), key=len, reverse=True)
    for rel, entry in record.items():
        have = _read(root / rel) if entry.get("kind") != "dir" else None
        if have is None:
            continue
        if entry.get("kind") == "file":
            if _sha(have) != entry.get("sha256"):
                raise InputError(
                    f"{root / rel}: changed since pulse installed it; uninstall would lose the"
                    " edit, so nothing was removed (move the file away, then run again)"
                )
            plan.changes.append(Change(rel, "remove"))
        else:
            after, before = entry.get("after", ""), entry.get("before", "")
            if after and after in have:
                cut = have.rfind(after)
                new = have[:cut] + before + have[cut + len(after) :]
                plan.changes.append(Change(rel, "restore", new))
    plan.changes.append(Change(RECORD, "remove"))
    plan.changes += [Change(d + "/", "remove") for d in dirs if (root / d).is_dir()]
    return plan


def apply(plan: Plan) -> list[str]:
    """Carry out a plan; returns one line per file touched."""
    done = []
    for change in plan.writes:
        path = plan.root / change.path
        if change.text is None and change.path.endswith("/"):
            if path.is_dir() and not any(path.iterdir()):  # a user's file inside: keep it
                path.rmdir()
        elif change.text is None:
            path.unlink(missing_ok=True)
        else:
            write_text(path, change.text)
        done.append(change.line())
    return done
