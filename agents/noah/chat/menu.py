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


# The greeting line in the languages it has been written for, by ISO 639-1 code; `{who}` is
# ", <user name>" or nothing. Only this line is localised: the menu, answers, workflow views
# and reports stay English (their wording is the reports' one rule), and each line says so.
GREETINGS: dict[str, str] = {
    "en": "📡 Noah here{who}, production intelligence. I observe and report what production "
    "signals show; strategic calls belong to Max.",
    "fr": "📡 Noah ici{who}, intelligence de production. J'observe et je rapporte ce que "
    "montrent les signaux de production ; les décisions stratégiques reviennent à Max. "
    "(Le menu, les réponses et les rapports sont en anglais.)",
    "de": "📡 Hier ist Noah{who}, Production Intelligence. Ich beobachte und berichte, was die "
    "Produktionssignale zeigen; strategische Entscheidungen trifft Max. "
    "(Menü, Antworten und Berichte sind auf Englisch.)",
    "es": "📡 Aquí Noah{who}, inteligencia de producción. Observo e informo de lo que muestran "
    "las señales de producción; las decisiones estratégicas corresponden a Max. "
    "(El menú, las respuestas y los informes están en inglés.)",
    "pt": "📡 Aqui é o Noah{who}, inteligência de produção. Observo e relato o que os sinais de "
    "produção mostram; as decisões estratégicas cabem ao Max. "
    "(O menu, as respostas e os relatórios estão em inglês.)",
    "it": "📡 Sono Noah{who}, production intelligence. Osservo e riporto ciò che mostrano i "
    "segnali di produzione; le decisioni strategiche spettano a Max. "
    "(Menu, risposte e report sono in inglese.)",
}
# How BMAD configs spell a language: a code ("fr", "fr-FR") or a name, in English or its own.
_LANGUAGE_NAMES = {
    "english": "en", "french": "fr", "français": "fr", "francais": "fr", "german": "de",
    "deutsch": "de", "spanish": "es", "español": "es", "espanol": "es", "portuguese": "pt",
    "português": "pt", "portugues": "pt", "italian": "it", "italiano": "it",
}  # fmt: skip


def language_code(language: str | None) -> str | None:
    """The GREETINGS key for a BMAD `communication_language`, or None when it has none."""
    if not language:
        return "en"
    low = language.strip().casefold()
    code = _LANGUAGE_NAMES.get(low) or low.replace("_", "-").split("-")[0]
    return code if code in GREETINGS else None


def greeting(user: str | None = None, language: str | None = None) -> str:
    """Noah's greeting (to `user` when known, in `language` when it has a greeting line)
    and the menu."""
    who = f", {user}" if user else ""
    code = language_code(language)
    line = GREETINGS[code or "en"].format(who=who)
    if code is None:  # a language without a written greeting: say so, in English
        line += f" (No greeting in {language} yet: this session is in English.)"
    return f"{line}\n\n{menu_text()}"


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
