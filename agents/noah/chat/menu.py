"""Noah's greeting and numbered menu, and how a reply picks an item: a number, a code, or a
case-insensitive fuzzy match (several matches: ask to clarify; none: "Not recognized")."""

from __future__ import annotations

from dataclasses import dataclass

# The production-intelligence menu (party mode has no counterpart in a single-agent product).
MENU: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("MH", "Redisplay Menu Help", ("menu", "help")),
    (
        "CH",
        "Chat with Noah about signal interpretation, anomaly detection, or production monitoring",
        ("chat",),
    ),  # fmt: skip
    (
        "SI",
        "Signal Interpretation: interpret one experiment's signal through its baselines "
        "and history",
        ("signal-interpretation", "signal interpretation", "interpret"),
    ),  # fmt: skip
    (
        "BA",
        "Behavior Analysis: segments and companion metrics of one experiment against its baselines",
        ("behavior-analysis", "behavior analysis", "behaviour"),
    ),  # fmt: skip
    (
        "MO",
        "Production Monitoring: monitor every production signal across the portfolio, step by step",
        ("production-monitoring", "production monitoring", "monitor"),
    ),  # fmt: skip
    ("DA", "Dismiss Agent", ("exit", "leave", "goodbye", "dismiss", "quit", "bye")),
)
CODES = tuple(code for code, _, _ in MENU)


def menu_text() -> str:
    return "\n".join(f"{i}. [{code}] {label}" for i, (code, label, _) in enumerate(MENU, 1))


def greeting(user: str | None = None) -> str:
    who = f", {user}" if user else ""
    return (
        f"📡 Noah here{who}, production intelligence. I observe and report what production "
        "signals show; strategic calls belong to Max.\n\n" + menu_text()
    )


@dataclass(frozen=True)
class MenuMatch:
    code: str | None  # the chosen item, or None
    rest: str = ""  # what followed the code ("SI dinner" -> "dinner")
    candidates: tuple[str, ...] = ()  # several fuzzy matches: ask which


def match(text: str) -> MenuMatch:
    """The menu item a reply picks."""
    words = text.strip().split(maxsplit=1)
    if not words:
        return MenuMatch(None)
    head, rest = words[0].strip(".[]").upper(), (words[1] if len(words) > 1 else "")
    if head.isdigit() and 1 <= int(head) <= len(MENU):
        return MenuMatch(MENU[int(head) - 1][0], rest)
    if head in CODES:
        return MenuMatch(head, rest)
    low = text.strip().casefold()
    found = tuple(code for code, _, words_ in MENU if any(w in low for w in words_))
    if len(found) == 1:
        return MenuMatch(found[0])
    return MenuMatch(None, candidates=found)
