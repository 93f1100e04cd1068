"""Advice recognised by its grammar, not by its wording (docs/guards.md, decision 1700).

The phrase rules of `contracts/strategy.py` catch the forms they list. This module adds
the *structures* that carry advice whatever the words are, each with a lexicon of action
verbs (what a team can do to a product: revert, pause, cut, move, ship …) and remedy verbs
(what an action would do to a metric: restore, recover, bring back …):

- mood: an imperative at the start of any clause ("My take: roll it back"), formal and
  plural imperatives (es, it, de, nl), German verb-first hortatives ("Schalten wir … ab");
- modality: an obligation modal + an action verb, whatever the subject ("The 4 PM push
  ought to be moved"), a possibility modal + action verb with an agent as subject ("The
  team could revert"), "needs fixing", "is best ended", "you'll want to";
- conditionals whose condition is an action and whose consequence is a remedy ("If we
  reverted …, the rate would recover"; "Were the team to drop …"; the 1st-person plural
  past subjunctive in es/pt/it/fr; "wenn wir … würde"; 如果…就会恢复; …ば…回復);
- implicit remedies: an action noun or gerund as subject of would/could + a remedy verb;
- evaluation of options: "X beats Y", "is preferable to", "the sensible course is",
  "a smarter use of the budget is", "there is a case for", "worth cutting";
- proposals and hedges: "we propose", "one option would be to", "perhaps … could be
  discontinued", "I'd …", "lo mejor sería", "mieux vaudrait", "am besten", "laten we",
  "不如", "我们可以", "…のが良い", "…ほうがよい";
- rhetorical questions that carry a proposal ("Isn't it time to …", "Why keep …",
  "¿No sería mejor …", "Pourquoi ne pas …").

Reported or attributed text ("according to the HC4 …", "según el HC4 …", "laut HC4 …",
"根据HC4", "HC4によると", "users said they should …") describes what someone expects; it
is not the report's own advice, so modal forms there are not counted (`reported`).
Precompiled regular expressions only: offline, deterministic, one pass per sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Final

from vortex_pulse.contracts.needles import Rule, needled

# -- English verb lexicons -----------------------------------------------------------------
# Action verbs: what a team does to a product, a feature or a budget. Multi-word verbs keep
# their particle; inflections are generated below (one list, every form).
_EN_ACTIONS: Final = (
    "abandon", "accelerate", "add", "adjust", "adopt", "allocate", "axe", "block", "boost",
    "bring back", "cancel", "cap", "change", "close", "commit", "continue", "cut",
    "decommission", "defund", "delay", "deprecate", "deprioritize", "deprioritise", "disable",
    "discontinue", "ditch", "divest", "double", "drop", "enable", "end", "expand", "extend",
    "fix", "freeze", "fund", "give", "go back", "halt", "halve", "hold off", "increase",
    "invest", "keep", "kill", "launch", "limit", "lower", "make", "migrate", "move", "offer",
    "pause", "phase out", "pivot", "postpone", "prioritize", "prioritise", "pull", "push",
    "raise", "ramp", "reallocate", "reconsider", "redesign", "redirect", "reduce", "reinstate",
    "relaunch", "remove", "replace", "reprice", "restore", "restrict", "rethink", "retire",
    "return", "revert", "rework", "rewrite", "roll back", "roll out", "run", "scale", "scrap",
    "send", "shelve", "shift", "ship", "shorten", "shut down", "stop", "sunset", "suspend",
    "swap", "switch", "terminate", "throttle", "turn off", "turn on", "undo", "unship",
    "wind down", "withdraw",
)  # fmt: skip
_IRREGULAR: Final = {
    "cut": ("cut",), "shut": ("shut",), "put": ("put",), "keep": ("kept",),
    "run": ("ran", "run"), "give": ("gave", "given"), "make": ("made",),
    "send": ("sent",), "freeze": ("froze", "frozen"), "undo": ("undid", "undone"),
    "rethink": ("rethought",), "bring": ("brought",), "hold": ("held",),
    "rewrite": ("rewrote", "rewritten"), "withdraw": ("withdrew", "withdrawn"),
    "go": ("went", "gone"), "wind": ("wound",), "spend": ("spent",), "shelve": ("shelved",),
}  # fmt: skip
_DOUBLE: Final = {"cut", "shut", "put", "stop", "drop", "ship", "scrap", "swap", "cap",
                  "run", "plan", "unship", "commit"}  # fmt: skip


def _inflect(base: str) -> tuple[set[str], set[str], set[str]]:
    """(base forms, -ing forms, past participles) of one verb, particles kept."""
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    if head in _DOUBLE:
        ing, ed = f"{head}{head[-1]}ing", f"{head}{head[-1]}ed"
    elif head.endswith("ie"):
        ing, ed = f"{head[:-2]}ying", f"{head}d"
    elif head.endswith("e") and head not in {"free"}:
        ing, ed = f"{head[:-1]}ing", f"{head}d"
    elif head.endswith("y") and head[-2:] not in {"ay", "ey", "oy"}:
        ing, ed = f"{head}ing", f"{head[:-1]}ied"
    else:
        ing, ed = f"{head}ing", f"{head}ed"
    past = {f"{p}{tail}" for p in _IRREGULAR.get(head, (ed,))}
    return {base}, {f"{ing}{tail}"}, past


def _alternation(forms: set[str]) -> str:
    # Longest first so "roll back" wins over "roll". Phrasal verbs are separable: up to
    # three words may sit between verb and particle ("roll it back", "turn the nudges off").
    return "(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+(?:[\w'-]+\s+){0,3}?") for f in
                            sorted(forms, key=len, reverse=True)) + ")"  # fmt: skip


_BASE: set[str] = set()
_ING: set[str] = set()
_PART: set[str] = set()
for _verb in _EN_ACTIONS:
    _b, _i, _p = _inflect(_verb)
    _BASE |= _b
    _ING |= _i
    _PART |= _p
ACTION: Final = _alternation(_BASE)
# Verbs that give advice only as an imperative opening a sentence ("Stay the course",
# "Test it on new users"): after a modal they mostly describe what was expected ("should
# stay inside the band"), so the modal rules leave them out.
_EN_IMPERATIVE_ONLY: Final = (
    "build", "charge", "conduct", "consider", "decrease", "deliver", "design", "focus",
    "go ahead", "hire", "implement", "introduce", "patch", "persevere", "proceed", "put",
    "ramp up", "ramp down", "re-enable", "reenable", "set up", "shut", "spend", "start", "stay",
    "test", "triple", "try", "turn", "unfreeze",
)  # fmt: skip
# The imperative's verbs: every action verb, plus those above (one lexicon, two roles).
IMPERATIVE_VERB: Final = _alternation(_BASE | set(_EN_IMPERATIVE_ONLY))
ACTION_ING: Final = _alternation(_ING)
ACTION_PART: Final = _alternation(_PART)
# Nouns naming an action on a product ("a rollback would …", "a return to … would …").
ACTION_NOUN: Final = (
    r"(?:rollback|roll-back|revert|reversal|return|switch|move|change|shift|removal|cut|"
    r"pause|shutdown|reinstatement|reset|migration|swap|fix|freeze|relaunch|retirement)"
)
# What an action would do to a metric.
REMEDY: Final = (
    r"(?:restore|recover|fix|improve|help|solve|bring|lift|boost|raise|increase|win back|"
    r"save|reverse|return|climb back|bounce back|rebound|close|recoup|free(?: up)?|"
    r"be free|pay off|get back|undo|stop the|end the|halt the)"
)
_ADV: Final = (
    r"(?:(?:simply|just|probably|likely|perhaps|really|now|also|then|quickly|immediately|"
    r"clearly|definitely|certainly|seriously|finally|at least|already|still)\s+)*"
)
_AGENT: Final = (
    r"(?:we|you|i|they|the team|teams|our team|the (?:\w+\s+)?team|product|engineering|"
    r"leadership|management|the company|the business|stakeholders|max|marketing|owners?|pms?)"
)
# Research, discovery or monitoring as the subject: routing, Noah's job, never advice.
_DISCOVERY_SUBJECT: Final = re.compile(
    r"^\W*(?:the\s+)?(?:discovery|research|isla|noah|monitoring|a deep[- ]dive|follow-up "
    r"research|qualitative research)\b",
    re.IGNORECASE,
)
# A noun continuation after a verb-like first word ("Pull requests …", "Move rate …").
_NOUNISH: Final = (
    r"(?:[:(,.;\-]|in|of|is|was|has|had|were|are|and|or|by|at|since|from|after|before|during|"
    r"rates?|points?|dates?|times?|windows?|levels?|sizes?|groups?|results?|periods?|data|"
    r"cohorts?|counts?|volumes?|values?|scores?|shares?|patterns?|ratios?|notifications?|"
    r"trends?|requests?|events?|sessions?|users?|metrics?|signals?|latency|logs?|traffic|"
    r"behaviou?r|timing|weeks?|days?|phases?|plans?|orders?|offs?|ups?|outs?)"
)


# -- English structures --------------------------------------------------------------------
def _trigger(words: str) -> re.Pattern[str]:
    """A cheap literal pre-check: the rule after it runs only when one of `words` occurs."""
    return re.compile(words, re.IGNORECASE)


# (trigger, rule): without its trigger's words a rule cannot match, so it is skipped.
_EN: Final[list[tuple[re.Pattern[str] | None, re.Pattern[str]]]] = [
    # Imperative at the start of a clause after ":" ";" or a one-word interjection + comma.
    (
        None,
        re.compile(
            rf"(?:^|[:;]\s*|^(?:honestly|frankly|so|then|now|also|clearly|instead|first|next|"
            rf"overall|bottom line|in short|short term|long term),\s*)(?:please\s+)?{_ADV}"
            rf"(?:{ACTION}|go with|get|pull|put|take|give|hand|let)\b(?!\s*{_NOUNISH}\b)"
            rf"(?![^.;:]*\b(?:is|are|was|were|has|have|had)\b)",
            re.IGNORECASE,
        ),
    ),
    # Obligation modal + (be +) action, any subject except research/discovery.
    (
        _trigger("should|must|ought|need|has to|have to|had better"),
        re.compile(
            rf"\b(?:should(?:n'?t| not)?|must(?:n'?t| not)?|ought\s+to|needs?\s+to|has\s+to|"
            rf"have\s+to|had\s+better)\s+{_ADV}(?:be\s+{_ADV}{ACTION_PART}|{ACTION})\b"
            rf"(?!\s*{_NOUNISH}\b)",
            re.IGNORECASE,
        ),
    ),
    # Possibility modal + action with an agent as subject; passive possibility + action.
    (
        _trigger("could|can|might|may|will|'ll"),
        re.compile(
            rf"\b{_AGENT}\s+(?:could|can|might|may|will|'ll)\s+(?:want\s+to\s+)?{_ADV}"
            rf"(?:{ACTION}|{REMEDY})\b",
            re.IGNORECASE,
        ),
    ),
    (None, re.compile(rf"\b(?:could|might|may)\s+{_ADV}be\s+{_ADV}{ACTION_PART}\b", re.IGNORECASE)),
    (
        None,
        re.compile(
            r"(?:'ll|will|would|may|might)\s+want\s+to\b|\bwould\s+(?:be\s+(?:wise|smart|well"
            r"[- ]advised|prudent)|do\s+well)\s+to\b",
            re.IGNORECASE,
        ),
    ),
    (
        _trigger("need|best"),
        re.compile(
            rf"\bneeds?\s+{ACTION_ING}\b|\b(?:is|are|would be)\s+best\s+{ACTION_PART}\b", re.I
        ),
    ),
    # Conditional: an action in the condition, a remedy in the consequence (not "would have").
    (
        None,
        re.compile(
            rf"(?:\b(?:if|once|when|unless)\s+(?:we|you|the team|they|i)\b[^,;]*"
            rf"|^(?:were|should|if)\s+[^,;]*\b(?:{ACTION}|{ACTION_PART}|{ACTION_ING})\b[^,;]*),"
            rf"[^;]*\b(?:would|could|might|will|should)\s+(?!have\b){_ADV}{REMEDY}\b",
            re.IGNORECASE,
        ),
    ),
    # Implicit remedy: an action noun or gerund as the subject of would/could + remedy.
    (
        None,
        re.compile(
            rf"^(?:an?\s+|the\s+)?(?:\w+\s+)?(?:{ACTION_ING}|{ACTION_NOUN})\b(?:(?!\bif\b)[^.;])*?"
            rf"\b(?:would|could|might|will)\s+(?!have\b){_ADV}(?:\w+\s+)?{REMEDY}\b",
            re.IGNORECASE,
        ),
    ),
    # Evaluating options.
    (
        _trigger("beat|trump|outweigh|prefer|better|safe|wise|smart|cheap|best"),
        re.compile(
            rf"\b(?:{ACTION_ING}|{ACTION_NOUN})\b[^.;]*?\b(?:beats|trumps|outweighs|"
            rf"(?:is|are|would be|seems?)\s+(?:clearly\s+|far\s+|much\s+|a\s+|the\s+)?"
            rf"(?:preferable|better|safer|wiser|smarter|cheaper|best|safest|wisest|smartest)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        None,
        re.compile(
            r"^(?:the|a|an|our|my)\s+(?:\w+\s+)?(?:best|better|smartest|smarter|safest|safer|"
            r"wisest|wiser|sensible|obvious|quickest|easiest|cheapest|right|ideal|logical|"
            r"natural|prudent|simplest|only)\s+(?:\w+\s+)?(?:use|move|course|bet|option|choice|"
            r"path|step|call|fix|win|play|plan|approach|remedy|solution|way|lever|action)\b",
            re.IGNORECASE,
        ),
    ),
    (
        None,
        re.compile(
            rf"\bthere(?:'s| is)\s+(?:a|an)\s+(?:\w+\s+)?case\s+for\b|\bworth\s+(?:considering|"
            rf"a\s+try|trying|{ACTION_ING})\b|\b(?:one|another|an|the other)\s+option\s+"
            rf"(?:would be|is|might be|could be)\s+(?:to\b|{ACTION_ING})",
            re.IGNORECASE,
        ),
    ),
    (
        _trigger("budget|spend|fund|money|headcount|engineer|resource|should"),
        re.compile(
            r"\b(?:budget|spend(?:ing)?|funding|money|headcount|engineers?|resources?)\b[^.]*"
            r"\b(?:is|are|would be)\s+(?:wasted|a waste|better used|misspent)\b"
            r"|\b(?:budget|spend(?:ing)?|funding|money|headcount|engineers?|resources?)\b[^.]*"
            r"\b(?:belongs?\s+(?:on|in|with|to)|should\s+(?:follow|get|go|move|shift))\b"
            r"|\bshould(?:n'?t)?\s+(?:get|receive|have|take)\s+(?:the\s+|more\s+|our\s+)?"
            r"(?:\w+\s+)?(?:budget|funding|money|headcount|engineers?|resources?)\b",
            re.IGNORECASE,
        ),
    ),
    # Proposals.
    (
        None,
        re.compile(
            rf"^(?:my|our)\s+(?:take|view|call|vote|pick|bet|plan)\s*[:—-]|\b(?:our|my)\s+plan\s+"
            rf"(?:should|must|would)\s+be\s+to\b|\bi(?:'d|\s+would)\s+{_ADV}{ACTION}\b",
            re.IGNORECASE,
        ),
    ),
]
# Questions that propose rather than ask.
RHETORICAL: Final = re.compile(
    r"^\W*(?:isn'?t\s+it\s+time|is\s+it\s+not\s+time|shouldn'?t|wouldn'?t\s+it\s+be|"
    r"why\s+(?:not|keep|continue|bother|are\s+we\s+still|would\s+we\s+keep|still)|"
    r"what\s+if\s+we|don'?t\s+you\s+think|"
    r"no\s+ser[ií]a|por\s+qu[ée]\s+no|pourquoi\s+ne\s+pas|ne\s+serait-il\s+pas|warum\s+nicht|"
    r"w[äa]re\s+es\s+nicht|perch[ée]\s+non|non\s+sarebbe|por\s+que\s+n[ãa]o|n[ãa]o\s+seria|"
    r"waarom\s+niet|zou\s+het\s+niet)\b|为什么不|何不|すべきではない",
    re.IGNORECASE,
)

# -- Other languages -------------------------------------------------------------------------
# Advice in other languages, one pattern per language (cheaper than one alternation:
# a sentence without CJK text skips zh and ja).
_OTHER: Final = {
    "es": re.compile(
        # conditional with a 1st-person plural past subjunctive; evaluative and proposals;
        # plural formal imperatives of action verbs.
        r"\bsi\s+\w+(?:[áa]ramos|[ée]ramos|i[ée]ramos)\b[^.]*\w+r[íi]an?\b"
        r"|\blo\s+(?:m[áa]s\s+)?(?:mejor|sensato|ideal|conveniente|razonable|prudente|indicado)\b"
        r"|\bpropon(?:go|emos)\b|\bsugiero\b|\bser[íi]a\s+(?:mejor|conveniente|preferible|"
        r"aconsejable|ideal|prudente|sensato)\b|\bes\s+(?:preferible|aconsejable|recomendable)\b"
        r"|^(?:apagu|desactiv|cancel|deteng|paus|revier|revert|vuelv|elimin|suspend|cierr|quit|"
        r"muev|traslad|recort|retir|restaur|priori[cz])\w*(?:en|an)\b",
        re.IGNORECASE,
    ),
    "pt": re.compile(
        r"\bse\s+\w+(?:[áa]ssemos|[êe]ssemos|[íi]ssemos)\b[^.]*\w+ria\b"
        r"|\bvale\s+a\s+pena\b|\bsugiro\b|\bpropo(?:nho|mos)\b|\bo\s+(?:ideal|melhor|mais\s+"
        r"sensato)\s+seria\b|\bseria\s+(?:melhor|ideal|bom|prudente|prefer[íi]vel)\b"
        r"|\b[ée]\s+(?:prefer[íi]vel|recomend[áa]vel|aconselh[áa]vel)\b|\bconv[ée]m\b"
        r"|^(?:deslig|encerr|volt|suspend|remov)\w*(?:em|e)\b",
        re.IGNORECASE,
    ),
    "it": re.compile(
        r"\bse\s+\w+(?:assimo|essimo|issimo)\b[^.]*\w+(?:rebbe|rebbero)\b"
        r"|^meglio\b|\bsarebbe\s+(?:meglio|opportuno|preferibile|consigliabile|il\s+caso|"
        r"saggio)\b|\bpropon(?:go|iamo)\b|\bsuggerisco\b|\bvale\s+la\s+pena\b"
        r"|^(?:speg|ferm|sospend|chiud|annull|cancell|riport|torn|spost|disattiv|tagl|rimuov|"
        r"elimin|interromp)\w*(?:ate|ete|ite)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"\bsi\s+(?:on|nous)\s+\w+(?:ait|ions)\b[^.]*\w+(?:rait|raient|rions)\b"
        r"|\bmieux\s+vaudrait\b|\bvaudrait\s+mieux\b|\bil\s+serait\s+(?:pr[ée]f[ée]rable|"
        r"judicieux|sage|bon|utile|temps)\b|\b(?:nous\s+)?proposons\b|\bje\s+propose\b|"
        r"\bon\s+(?:pourrait|devrait|doit)\b|\bpourquoi\s+ne\s+pas\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\bwenn\s+wir\b[^.]*\bw[üu]rde|^\w+en\s+wir\b|\bich\s+w[üu]rde\b|"
        r"\bwir\s+(?:k[öo]nnten|sollten|m[üu]ssten|m[üu]ssen|sollen)\b|\bam\s+besten\b|"
        r"\bvorzuziehen\b|\bempfiehlt\s+(?:es\s+)?sich\b|\bratsam\b|\bes\s+lohnt\s+sich\b"
        r"|^(?:stell|schalt|setz|stopp|beend|pausier|streich|verschieb|k[üu]rz|nehm|dreh|zieh|"
        r"h[öo]r|mach|leg|deaktivier|verleg|roll|brech)e?t\b",
        re.IGNORECASE,
    ),
    "nl": re.compile(
        r"\blaten\s+we\b|\blaat\s+ons\b|\bhet\s+is\s+(?:beter|verstandig|raadzaam|aan\s+te\s+"
        r"raden|slim)\s+om\b|\bik\s+zou\b|\bwe\s+zouden\b|\bbeter\s+(?:is|zou)\b"
        # (the noun check as for English imperatives: "Stop events rose …" is English, a noun)
        r"|^(?:zet|schakel|stop|pauzeer|draai|verplaats|annuleer|be[ëe]indig|verwijder|schrap|"
        rf"breng|haal)\b(?!\s*{_NOUNISH}\b)",
        re.IGNORECASE,
    ),
    "zh": re.compile(
        r"^(?:不如|还不如|倒不如)|不妨|宁可|我们(?:可以|能|应|该|得|需要|要)"
        r"|吧[。！!]?$|应(?:尽快|立即|马上|及时|优先|考虑|该|当)"
        r"|(?:如果|要是|只要|一旦)[^。]*(?:回滚|关闭|停止|暂停|取消|下线|撤回|改|调|移|切换)"
        r"[^。]*(?:就会|就能|会|能|可以)(?:恢复|回升|改善|提高|好转)",
        re.IGNORECASE,
    ),
    "ja": re.compile(
        r"(?:ほうが|方が)(?:よ|良|いい)|のが(?:よ|良|いい|望まし|得策|賢明|ベスト)"
        r"|提案します|ことを提案|(?:せば|れば|めば|けば|ねば|たら)、?[^。]*(?:回復|改善|向上|戻る|上がる)",
        re.IGNORECASE,
    ),
}

_CJK: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

# Reported or attributed text: what someone expects or said, not the report's own advice.
_REPORTED: Final = re.compile(
    r"\b(?:according\s+to|per\s+the|as\s+(?:the\s+)?(?:hc4|team|spec)\s+(?:says|states|puts it)|"
    r"(?:said|says|told|stated|wrote|asked|claims?|claimed|reported)\s+(?:that\s+)?\w+\s+"
    r"(?:should|must|would)|was\s+expected|were\s+expected|"
    r"seg[úu]n|de\s+acuerdo\s+con|laut|gem[äa][ßs]|selon|d'apr[èe]s|segundo|de\s+acordo\s+com|"
    r"secondo|volgens)\b|根据|按照|据(?:称|报)|によると|によれば",
    re.IGNORECASE,
)
# The writer or the reader as the actor: then attribution does not excuse the sentence.
_OWN_VOICE: Final = re.compile(
    r"\b(?:we|you|us|our|nous|on|wir|uns|wij|we|noi|nosotros|n[óo]s)\b|我们|私たち", re.IGNORECASE
)


# Characters a report's text holds besides ASCII that have no case and that no rule's
# letter folds to: a text of ASCII and these is judged by the lowercase twins (decision 2220).
CASELESS: Final = "—–‘’“”"
_NOT_CASELESS_PLAIN: Final = re.compile(f"[^\\x00-\\x7f{CASELESS}]")


def caseless_plain(s: str) -> bool:
    """`s` holds only ASCII and `CASELESS` characters."""
    return s.isascii() or not _NOT_CASELESS_PLAIN.search(s)


def lowercase_twin(p: re.Pattern[str]) -> Rule:
    """`p` without re.IGNORECASE, for a lowercased text of ASCII and `CASELESS`
    characters: there it matches exactly where `p` does, because every letter the rules
    name is lowercase ASCII or a letter that folds to no such character, and `\\w`,
    `\\b`, `\\s`, `\\d` ignore case (decision 2220). Case-sensitive literals let the
    regex engine skip ahead by character instead of folding every comparison, and give
    the strings every match must contain: the twin runs only on a text holding one
    (`contracts/needles.py`, decision 2221)."""
    return needled(re.compile(p.pattern, p.flags & ~re.IGNORECASE), plain=CASELESS)


class Grammar:
    """This module's rules compiled for one kind of text: as written (`ANY_TEXT`), or
    their lowercase twins for a lowercased text of ASCII and `CASELESS` characters
    (`lowercase_plain()`). Both give every such text the same answers."""

    def __init__(self, twin: Callable[[re.Pattern[str]], Rule]) -> None:
        self.rhetorical: Final = twin(RHETORICAL)
        self._discovery_subject: Final = twin(_DISCOVERY_SUBJECT)
        self._en: Final = [(None if t is None else twin(t), twin(p)) for t, p in _EN]
        self._other: Final = {lang: twin(p) for lang, p in _OTHER.items()}
        self._latin: Final = [p for lang, p in self._other.items() if lang not in ("zh", "ja")]
        self._reported: Final = twin(_REPORTED)
        self._own_voice: Final = twin(_OWN_VOICE)

    def reported(self, s: str) -> bool:
        """Attributed or reported content with no first or second person acting in it."""
        return bool(self._reported.search(s)) and not self._own_voice.search(s)

    def structural_advice(self, s: str) -> bool:
        """True when the sentence's grammar carries advice (see the module docstring)."""
        if self._discovery_subject.search(s):
            return False
        if any((t is None or t.search(s)) and p.search(s) for t, p in self._en):
            return True
        if _CJK.search(s):
            return any(p.search(s) for p in self._other.values())
        return any(p.search(s) for p in self._latin)


ANY_TEXT: Final = Grammar(lambda p: p)


@functools.cache
def lowercase_plain() -> Grammar:
    """The lowercase twins, compiled on first use: a second compilation and reading of
    every rule (~0.1 s) that a process importing this module without judging never pays."""
    return Grammar(lowercase_twin)


def reported(s: str) -> bool:
    """Attributed or reported content with no first or second person acting in it."""
    return ANY_TEXT.reported(s)


def structural_advice(s: str) -> bool:
    """True when the sentence's grammar carries advice (see the module docstring)."""
    return ANY_TEXT.structural_advice(s)
