"""The one Jinja2 environment factory: every template in prompts/ is rendered through it.

Three kinds, because the outputs differ in what escaping means:
- "text": model prompts and narrative macros (plain text; untrusted text is delimited by the
  caller, never escaped into something else);
- "markdown": HC5 and Max's brief (block tags trimmed; table cells are neutralised by the
  caller's `cell` filter);
- "html": the HTML report (autoescaped: HC4 and model text is data, never markup).
Each call returns a new environment so one caller's filters never leak into another's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

Kind = Literal["text", "markdown", "html"]


def environment(kind: Kind, filters: dict[str, Callable[..., Any]] | None = None) -> Environment:
    blocks = kind != "text"
    env = Environment(
        loader=PackageLoader("vortex_pulse.prompts", ""),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "j2"], default=True) if kind == "html" else False,
        trim_blocks=blocks,
        lstrip_blocks=blocks,
        keep_trailing_newline=kind == "markdown",
    )
    env.filters.update(filters or {})
    return env
