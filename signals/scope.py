"""Affected scope: from config (scope: or traffic_share:), else from the HC4's wording.

HC4 text is data: it is only matched against fixed keyword lists, never interpreted.
"""

from __future__ import annotations

import re

from vortex_pulse.signals import rules
from vortex_pulse.signals.facts import Scope

_SHARE = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s*%\s*(?:of\s+(?:all\s+)?)?"
    r"(?:users|traffic|customers|accounts|sessions|households|rollout|roll-out)",
    re.IGNORECASE,
)
_ROLLOUT = re.compile(r"(?:rollout|roll-out|rolled out)\s+(?:to\s+)?(\d{1,3}(?:\.\d+)?)\s*%", re.I)
WIDE_WORDS = (
    "all users", "all customers", "every user", "everyone", "full rollout", "fully rolled out",
    "general availability", "company-wide", "global", "entire user base", "all traffic",
)  # fmt: skip
NARROW_WORDS = (
    "pilot", "beta", "internal", "canary", "limited", "small group", "subset", "opt-in",
    "single team", "one team", "one market", "one region", "early access",
)  # fmt: skip


def scope_from_share(share: float) -> Scope:
    """traffic_share (0..1) -> scope: >= 0.5 Wide, >= 0.1 Moderate, else Narrow."""
    if share >= rules.WIDE_SHARE:
        return "Wide"
    if share >= rules.NARROW_SHARE:
        return "Moderate"
    return "Narrow"


def scope_from_hint(hint: str | None) -> tuple[Scope, str]:
    """(scope, why) from HC4 text: an explicit share first, then keywords, else Moderate."""
    if not hint:
        return "Moderate", "no scope in config or HC4: Moderate by default"
    m = _SHARE.search(hint) or _ROLLOUT.search(hint)
    if m:
        share = float(m.group(1)) / 100.0
        if 0.0 <= share <= 1.0:
            return scope_from_share(share), f"HC4 mentions {m.group(0).strip()!r}"
    text = hint.lower()
    wide = [w for w in WIDE_WORDS if w in text]
    narrow = [w for w in NARROW_WORDS if w in text]
    if wide and not narrow:
        return "Wide", f"HC4 mentions {wide[0]!r}"
    if narrow and not wide:
        return "Narrow", f"HC4 mentions {narrow[0]!r}"
    if wide and narrow:
        return "Moderate", f"HC4 mentions both {wide[0]!r} and {narrow[0]!r}: Moderate"
    return "Moderate", "no scope keyword in the HC4 text: Moderate by default"


def resolve_scope(scope: Scope | None, hint: str | None) -> tuple[Scope, str]:
    if scope is not None:
        return scope, "scope from config"
    return scope_from_hint(hint)
