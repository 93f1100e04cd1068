"""The intelligence-not-strategy rule: find sentences that tell someone what to do.

An HC5 is intelligence. Strategic recommendations, pivot/patch/persevere decisions,
experiment design, resource allocation and portfolio prioritization are Max's (and a
person's) to make. Routing to discovery ("Route to Isla for targeted research"),
recommending research or monitoring, and asking questions are Noah's job and pass.

Design (docs/contracts.md, "Strategy detector"): a sentence is flagged when it is
*advice* (an imperative, an agent + obligation modal, a first-person or passive
recommendation, a decision statement) AND the advised action is not discovery,
research or monitoring; experiment-design, pivot/persevere, resource and prioritization
wording is never excused as research. Quoted spans and hypothesis statements ("We believe
that …") are data and are removed before the check; questions are never advice.
Everything is precompiled regular expressions, so one call per field is cheap.

Beyond English imperatives and modals (docs/guards.md): implicit advice ("let's …",
"we'd better …", "rolling back would restore the rate", "budget would be better spent on
…", "the fix is to …", "X deserves no further investment"), negative imperatives ("don't
ship …"), and advice in Spanish, Portuguese, Italian, French, German, Dutch, Chinese and
Japanese (modal and recommendation forms, formal imperatives). Text is NFKC-normalised
first. A second layer (`contracts/advice_grammar.py`) reads advice by its grammar rather
than its wording, and keeps attributed text ("according to the HC4 … should") out.
Measured on four sets of strategic and factual sentences in those languages by
benchmarks/bench_guards.py (docs/guards.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from vortex_pulse.contracts.advice_grammar import (
    ACTION,
    ANY_TEXT,
    IMPERATIVE_VERB,
    Grammar,
    caseless_plain,
    lowercase_plain,
    lowercase_twin,
)
from vortex_pulse.contracts.needles import Rule

Reason = Literal[
    "strategic recommendation",
    "pivot-patch-persevere decision",
    "experiment design",
    "resource allocation",
    "portfolio prioritization decision",
]


@dataclass(frozen=True)
class StrategyFinding:
    sentence: str  # the offending sentence, as written
    reason: Reason


def _words(alternatives: str) -> str:
    """A non-capturing group of `|`-separated regex alternatives."""
    return f"(?:{alternatives})"


# What may not follow an imperative verb: the verb is then a noun opening a factual
# sentence ("Change point at …", "Increase of 5 points", "Push notifications drive …").
_NOUN_CONTINUATION: Final = _words(
    r"[:(,.;-]|in|of|is|was|has|had|were|are|and|or|by|at|since|from|after|before|during|"
    r"rates?|points?|dates?|times?|windows?|levels?|sizes?|groups?|results?|periods?|data|"
    r"cohorts?|counts?|volumes?|values?|scores?|shares?|patterns?|ratios?|notifications?|"
    r"trends?|duration|coverage|detection|events?|sessions?|logs?|users?|traffic|timing|"
    r"behaviou?r|metrics?|signals?|latency|requests?|funnel|flow|page|button|screen|"
    r"weeks?|days?|months?|years?|phases?|plans?"
)
_IMPERATIVE: Final = re.compile(
    rf"^(?:please\s+)?{IMPERATIVE_VERB}\b(?!\s*{_NOUN_CONTINUATION}(?:\b|\s|$))",
    re.IGNORECASE,
)
# A verb-like first word followed by a copula in the same clause is a noun subject
# ("Spend on ads is an external factor"), not an imperative.
_COPULA: Final = re.compile(r"\b(?:is|are|was|were|has been|have been|remains?|stays?)\b", re.I)
_NEG_IMPERATIVE: Final = re.compile(
    r"^(?:please\s+)?(?:don'?t|do not|never|let'?s not|let us not)\s+[a-z]", re.IGNORECASE
)
# Advice without an imperative or a modal: suggestion forms, counterfactual benefits of an
# action, "better spent", verdicts on what deserves money.
_IMPLICIT: Final = re.compile(
    r"^(?:let'?s|let us)\s+\w+"
    r"|\b(?:we|you|they|i)(?:'d| had| would)\s+(?:better|rather)\b"
    r"|\bi(?:'d| would)\s+(?:roll|revert|kill|stop|pause|cut|move|ship|launch|scale|drop|"
    r"disable|turn|go|shut|keep|switch|invest|fund)\b"
    r"|\bbetter\s+(?:spent|invested|used|allocated|put|directed)\b|\bput to (?:better|good) use\b"
    r"|^(?:\w+ing|an? (?:rollback|revert|switch|move|change|shift))\b(?:(?!\bif\b)[^.;])*?"
    r"\bwould\s+(?:\w+\s+)?(?:restore|fix|recover|improve|help|solve|bring|lift|boost|"
    r"pay off|reverse|win back|save|stop|raise|increase|reduce)\b"
    r"|\bit (?:would|might|could|may) (?:make sense|be (?:wise|smart|prudent|better|best|"
    r"worth it|a good idea)) to\b"
    r"|\bthe (?:\w+ )?(?:fix|move|answer|solution|remedy|way forward|next step|option|choice|"
    r"thing to do|play) (?:is|would be) (?:to\b|\w+ing\b)"
    r"|^\w+ing\b[^.;]*\b(?:is|would be) the (?:\w+ )?(?:option|choice|move|way to go|path|bet|"
    r"fix|answer|solution)\b|\bis the way to go\b"
    r"|\bshould\s+(?:go|flow|be spent|be invested|be moved|be redirected)\s+(?:into|to|on)\b"
    r"|\bdeserves?\s+(?:no|more|less|further|any|additional)\s+(?:\w+\s+)?(?:investment|"
    r"funding|budget|money|attention|resources|priority)\b"
    r"|\bis where the next (?:dollar|euro|hire|engineer|sprint)\b"
    r"|^(?:best|better|wiser|safer|smarter) (?:to|not to)\b"
    r"|^why not\s+\w+|^how about\s+\w+ing\b|^what about\s+\w+ing\b",
    re.IGNORECASE,
)
# Advice in other languages: modal / recommendation forms and formal imperatives. Factual
# look-alikes are excluded first ("se debe a" = "is due to", "Chez …").
_NOT_ADVICE_OTHER: Final = re.compile(
    r"\bse deben? (?:\w+ )?a[l]?\b|\bdebido a\b|\best dûe? à\b|\bsont dûs? à\b", re.IGNORECASE
)
_OTHER_ADVICE: Final = re.compile(
    # es
    r"\b(?:deber(?:íamos|ía|ían|emos|án)|debemos|deben|debe|hay que|tenemos que|tienen que|"
    r"recomend(?:amos|o|aría|aríamos)|se recomienda|suger(?:imos|iero)|se sugiere|conviene|"
    r"convendría|habría que|es mejor|sería mejor|vale la pena)\b"
    r"|^(?:desactiv|revier|deteng|detén|pausen|pause\b|cancel[ae]n?\b|apagu|lancen|prioric|"
    r"inviertan?|muevan?\b|suspend[ae]n?\b)\w*"
    r"|\b(?:restauraría|recuperaría|mejoraría|arreglaría|resolvería)\b"
    # pt
    r"|\b(?:devemos|deveríamos|deveria|deveriam|recomendamos|recomendo|sugerimos|é melhor|"
    r"seria melhor|precisamos)\b"
    r"|^(?:desative|desativem|pausem|cancele|cancelem|reverta|revertam|pare|parem|invista|"
    r"invistam)\b"
    # it
    r"|\b(?:dovremmo|dobbiamo|dovrebbe|dovrebbero|consigliamo|consiglio|raccomandiamo|"
    r"suggeriamo|conviene|è meglio|sarebbe meglio|bisogna|occorre)\b"
    # fr
    r"|\b(?:devrions|devrait|devraient|devriez|devons|doit|doivent|il faut|il faudrait|"
    r"recommand(?:ons|e|é|ée|er|ons de)|conseill(?:ons|e|é)|mieux vaut|il vaut mieux|"
    r"rétablirait|restaurerait|améliorerait|corrigerait)\b"
    r"|^(?!chez\b|assez\b)\w+ez\b"
    # de
    r"|\b(?:sollten|sollte|müssen|muss|müsste|müssten|empfehlen|empfiehlt|empfehle|raten|"
    r"lasst uns|lass uns|lassen sie uns|wäre besser|besser angelegt|vorrang|"
    r"wiederherstellen würde|würde[^.]*wiederherstellen)\b"
    r"|^\w+(?:en|ern|eln) sie\b"
    # nl
    r"|\b(?:moeten|raden aan|raad ik aan|adviseren|zou(?:den)? [^.]*moeten)\b"
    # zh / ja (no word boundaries)
    r"|建议|应该|应当|必须|最好|务必|不妨|推荐|我们要|让我们|请(?!求)|可以恢复|能够恢复|将会恢复"
    r"|^(?:停止|关闭|暂停|取消|下线|撤回)(?!期间|后|前|的|了|发生)"
    r"|べき|推奨|お勧め|おすすめ|ください|しましょう|ましょう|した方がいい|したほうがいい|が望ましい",
    re.IGNORECASE,
)
_AGENTS: Final = _words(
    r"we|you|i|the team|teams|our team|the product team|product|leadership|"
    r"management|the company|the business|stakeholders|max|engineering|marketing|"
    r"the organi[sz]ation|decision[- ]makers|the (?:\w+ )?team|owners?|pms?"
)
_OBLIGATION: Final = _words(
    r"should|must|needs? to|ought to|has to|have to|had better|"
    r"(?:could|might|may) (?:want to|consider|wish to)|would do well to|will need to"
)
_AGENT_MODAL: Final = re.compile(rf"\b{_AGENTS}\s+(?:really\s+)?{_OBLIGATION}\b", re.IGNORECASE)
_RECOMMEND: Final = re.compile(
    r"\b(?:(?:we|i|noah)\s+(?:would\s+|strongly\s+)?(?:recommend|suggest|advise|propose|urge)"
    r"|(?:is|are|be|being)\s+(?:strongly\s+)?(?:recommended|suggested|advised|advisable|proposed)"
    r"|(?:recommended|advised)\s*(?:$|[.:;]|to\b|for\b)|suggested\s*(?:$|[.:;]|for\b)"
    r"|^(?:recommend|suggest|advise)\b"
    r"|\b(?:my|our) (?:recommendation|advice|suggestion)\b"
    r"|^(?:recommendations?|suggestions?|advice|next steps?|action items?|decision)\s*[:—-]"
    r"|\bit (?:is|would be) (?:time|best|advisable|wise|prudent|better) to\b"
    r"|\bbetter to (?!understand|learn|investigate)\w+"
    rf"|\btime to (?:{ACTION}|say|call it)\b"
    r"|\bthe (?:right|best) (?:move|call|decision) (?:is|would be)\b)",
    re.IGNORECASE,
)
_PASSIVE_DECISION: Final = re.compile(
    r"\b(?:should|must|needs? to|ought to|has to|have to)\s+be\s+(?:\w+ly\s+)?"
    + _words(
        r"killed|stopped|paused|halted|scaled|expanded|rolled|launched|shipped|"
        r"prioriti[sz]ed|deprioriti[sz]ed|funded|defunded|doubled|cut|moved|changed|"
        r"replaced|redesigned|sunset|retired|abandoned|discontinued|terminated|reallocated|"
        r"allocated|pivoted|continued|kept|dropped|tested|re-?tested|extended|shut|"
        r"given priority|put on hold|increased|decreased|reduced|adjusted"
    ),
    re.IGNORECASE,
)
_DECISION_STATEMENT: Final = re.compile(
    r"\b(?:decision|verdict|call)\s*(?:is|:|—|-)\s*(?:to\s+)?"
    r"(?:pivot|persevere|patch|kill|stop|continue|scale|stay|change)\b"
    r"|\b(?:we|the team|they)\s+(?:will|are going to|plan to|intend to)\s+"
    r"(?:pivot|persevere|patch|kill|sunset|scale|double|cut|reallocate)\b"
    # Verdicts without an agent: "A pivot … is warranted", "X should take priority over Y".
    r"|\b(?:is|are|seems?|looks?|would be|appears?)\s+(?:warranted|justified|advisable|"
    r"the right (?:call|move)|the way forward|the best (?:option|path))\b"
    r"|\bshould\s+(?:take|get|receive|be given)\s+(?:priority|precedence|more (?:budget|"
    r"resources|funding|investment))\b",
    re.IGNORECASE,
)

# What the advice is about.
_PIVOT: Final = re.compile(
    r"\b(?:pivot\w*|persever\w*|patch(?:ing|ed)?|stay the course|double down|change (?:course|"
    r"direction)|kill\w*|sunset\w*|shut\w* down|abandon\w*|terminat\w*|discontinu\w*|"
    r"roll(?:ing)? back|stop|stopping|halt|halting|pause|pausing)\b",
    re.IGNORECASE,
)
_DESIGN: Final = re.compile(
    r"\b(?:a/b|ab test|split[- ]test|multivariate|experiment\w*|variant\w*|control group|pilot|"
    r"test(?:ing)?\s+\S+(?:\s+\S+){0,6}\s+(?:vs\.?|versus|against)|treatment group|holdout|"
    r"randomi[sz]\w*)",
    re.IGNORECASE,
)
_RESOURCE: Final = re.compile(
    r"\b(?:budget\w*|headcount|staff(?:ing|ed)?|hir(?:e|ing)|invest(?!igat)\w*|"
    r"fund(?:s|ing|ed)?|spend(?:ing)?|resources?|engineers?|allocat\w*|reallocat\w*)\b",
    re.IGNORECASE,
)
_PRIORITY: Final = re.compile(
    r"\b(?:prioriti[sz]\w*|deprioriti[sz]\w*|priority over|take precedence|focus (?:on|the)|"
    r"put \S+(?: \S+)? on hold|over (?:the )?(?:other|another) experiment)\b|"
    r"\bprioriti[sz]e\b.*\bover\b",
    re.IGNORECASE,
)
# Advice whose object is discovery, research or monitoring is routing: Noah's job.
_DISCOVERY: Final = re.compile(
    r"\b(?:research|discovery|investigat\w*|isla|interview\w*|qualitative|monitor\w*|"
    r"deep[- ]dive|signal-interpretation|observe|observation|look into|understand|"
    r"learn more|collect (?:more )?data|more data|gather|survey\w*|watch|review the data|"
    r"route\w*|investigar|investigación|untersuch\w*|recherche|enquête|pesquisa\w*|"
    r"ricerca|onderzo\w*)\b|调研|研究|調査",
    re.IGNORECASE,
)

_CLAUSE_END: Final = re.compile(r"[,;:]")
# Questions that still propose ("Why not roll it back?"), besides RHETORICAL's.
_PROPOSING: Final = re.compile(
    r"^(?:why not|how about|what about|shouldn'?t we|should we not)\b", re.IGNORECASE
)
_QUOTED: Final = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|`[^`\n]*`')
_HYPOTHESIS: Final = re.compile(r"^\W*(?:we|i)\s+believe\s+that\b", re.IGNORECASE)
_ENUMERATOR: Final = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[-*•+]|>)\s+", re.IGNORECASE)
_MARKUP: Final = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|^#+\s*")
# Sentence ends: . ! ? ; or an enumerator "(2)" / a table-cell / line boundary. Abbreviations
# and decimals ("vs.", "e.g.", "0.01", "p. 3") do not end a sentence.
_ABBREV: Final = re.compile(
    r"\b(?:vs|e\.g|i\.e|etc|approx|avg|incl|no|p|fig|cf|mr|mrs|ms|dr|st|jr|sr|inc|ltd|min|"
    r"max|sec|hr|hrs|wk|wks|mo|mos|est|ca|al)\.$",
    re.IGNORECASE,
)
# The longest match of `_ABBREV` ("approx."): a match ends the text, so it starts within
# this many characters of the end and the search starts there (`\b` still reads the
# character before; tests/contracts/test_contracts_strategy_cased.py holds the width).
_ABBREV_WIDTH: Final = 8
_SPLIT: Final = re.compile(r"(?<=[.!?;])\s+|\s+(?=\(\d{1,2}\)\s)|\n+|\s*<br\s*/?>\s*|\s\|\s")


def split_sentences(text: str) -> list[str]:
    """Split prose (a field, a table cell or a whole document) into sentences."""
    pieces = _SPLIT.split(text)
    sentences: list[str] = []
    buf = ""
    for piece in pieces:
        if not piece or not piece.strip():
            continue
        buf = f"{buf} {piece}" if buf else piece
        end = buf.rstrip()
        if _ABBREV.search(end, max(0, len(end) - _ABBREV_WIDTH)):
            continue
        sentences.append(buf.strip())
        buf = ""
    if buf.strip():
        sentences.append(buf.strip())
    return sentences


def _clean(sentence: str) -> str:
    # Each substitution runs only on a sentence holding the character all its matches
    # hold: markup has "*", "_" or "#"; a quoted span opens with one of its quotes.
    s = sentence
    if "*" in s or "_" in s or "#" in s:
        s = _MARKUP.sub("", s)
    s = _ENUMERATOR.sub("", s.strip())
    if '"' in s or "“" in s or "«" in s or "`" in s:
        s = _QUOTED.sub('""', s)
    return s.strip(" \t|").strip()


class _Rules:
    """The rules `judge` runs, compiled for one kind of text: as written, or their
    lowercase twins for a lowercased text of ASCII and caseless punctuation (decision
    2220)."""

    def __init__(self, twin: Callable[[re.Pattern[str]], Rule], grammar: Grammar) -> None:
        self.grammar: Final = grammar
        self.hypothesis: Final = twin(_HYPOTHESIS)
        self.proposing: Final = twin(_PROPOSING)
        self.neg_imperative: Final = twin(_NEG_IMPERATIVE)
        self.imperative: Final = twin(_IMPERATIVE)
        self.copula: Final = twin(_COPULA)
        self.implicit: Final = twin(_IMPLICIT)
        self.other_advice: Final = twin(_OTHER_ADVICE)
        self.not_advice_other: Final = twin(_NOT_ADVICE_OTHER)
        self.agent_modal: Final = twin(_AGENT_MODAL)
        self.recommend: Final = twin(_RECOMMEND)
        self.passive_decision: Final = twin(_PASSIVE_DECISION)
        self.decision_statement: Final = twin(_DECISION_STATEMENT)
        self.pivot: Final = twin(_PIVOT)
        self.priority: Final = twin(_PRIORITY)
        self.design: Final = twin(_DESIGN)
        self.resource: Final = twin(_RESOURCE)
        self.discovery: Final = twin(_DISCOVERY)

    def is_imperative(self, s: str) -> bool:
        if self.neg_imperative.search(s):
            return True
        if not self.imperative.search(s):
            return False
        first_clause = _CLAUSE_END.split(s, maxsplit=1)[0]
        return not self.copula.search(first_clause)

    def is_advice(self, s: str) -> bool:
        return bool(
            self.is_imperative(s)
            or self.implicit.search(s)
            or (self.other_advice.search(s) and not self.not_advice_other.search(s))
            or self.agent_modal.search(s)
            or self.recommend.search(s)
            or self.passive_decision.search(s)
            or self.decision_statement.search(s)
            or self.grammar.structural_advice(s)
        )

    def judge(self, s: str) -> Reason | None:
        if not s or self.hypothesis.search(s) or s == '""':
            return None
        if s.rstrip().endswith(("?", "？")) and not (
            self.proposing.match(s) or self.grammar.rhetorical.search(s)
        ):
            return None
        if self.grammar.reported(s) and not self.is_imperative(s):
            return None
        if not self.is_advice(s):
            return None
        if self.pivot.search(s):
            return "pivot-patch-persevere decision"
        if self.priority.search(s):
            return "portfolio prioritization decision"
        if self.design.search(s):
            return "experiment design"
        if self.resource.search(s):
            return "resource allocation"
        if self.discovery.search(s):
            return None
        return "strategic recommendation"


_ANY_TEXT: Final = _Rules(lambda p: p, ANY_TEXT)


@lru_cache(maxsize=1)
def _lowercase_plain() -> _Rules:
    """The rules' lowercase twins, compiled on first use (not on import: see
    `advice_grammar.lowercase_plain`)."""
    return _Rules(lowercase_twin, lowercase_plain())


# Digits are judged by shape only: no rule above reads which digit is where, except the
# contract name "HC4" in `_REPORTED`, so a digit right after "hc" is kept (decision 2040;
# tests/contracts/test_contracts_strategy_shape.py walks every rule to hold this true).
_DIGIT: Final = re.compile(r"(?<!hc)[0-9]", re.IGNORECASE)


_ZEROS: Final = str.maketrans("123456789", "000000000")
_ZERO_BYTES: Final = bytes.maketrans(b"123456789", b"000000000")


def _zeros(s: str) -> str:
    """Every ASCII digit of `s` as 0, except one right after "hc" (`_DIGIT`); without an
    "hc" anywhere that is a plain translation, three times cheaper. An ASCII text (nearly
    all of a report's) is translated as bytes, the same characters four times faster
    than `str.translate` (decision 2122); any other text as its UTF-8 bytes, where every
    byte below 0x80 is the ASCII character itself (a dashed report line: 25 times faster,
    decision 2222)."""
    if "hc" in s.lower():
        return _DIGIT.sub("0", s)
    if s.isascii():
        return s.encode("ascii").translate(_ZERO_BYTES).decode("ascii")
    try:
        return s.encode("utf-8").translate(_ZERO_BYTES).decode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate has no UTF-8 form
        return s.translate(_ZEROS)


def read(sentence: str) -> str:
    """`sentence` as the rules read it: NFKC-normalised, markup, enumerators and quoted
    spans removed."""
    return _clean(unicodedata.normalize("NFKC", sentence))


def shape(sentence: str) -> str:
    """`read(sentence)` with every ASCII digit (except one right after "hc") written as 0.
    Sentences of one shape get one verdict, so a report's "Experiment 017 … 41.5%" lines,
    which differ only in their numbers, are judged once."""
    return _zeros(read(sentence))


def judge(s: str) -> Reason | None:
    """The strategy category of a sentence already `read` (or in its `shape`), or None.
    A sentence of ASCII and caseless punctuation (all of a report's) is lowercased and
    judged by the rules' case-sensitive twins, the same verdict faster (decisions 2220,
    2221)."""
    if caseless_plain(s):
        return _lowercase_plain().judge(s.lower())
    return _ANY_TEXT.judge(s)


@lru_cache(maxsize=65_536)  # reports repeat sentences across experiments; pure, so memoised
def classify(sentence: str) -> Reason | None:
    """The strategy category of one sentence, or None when it is intelligence."""
    return judge(shape(sentence))


def find_strategy(text: str) -> list[StrategyFinding]:
    """Every sentence of `text` that is strategy rather than intelligence, in order."""
    sentences = split_sentences(text)
    return _findings(sentences, [classify(s) for s in sentences])


def _findings(sentences: list[str], reasons: Sequence[Reason | None]) -> list[StrategyFinding]:
    return [
        StrategyFinding(sentence=s.strip(), reason=r)
        for s, r in zip(sentences, reasons, strict=True)
        if r is not None
    ]


# A text whose sentences' shapes follow from its own digit shape: ASCII or characters NFKC
# keeps as they are and no rule can join to a digit (so each sentence is its own NFKC
# form), and no "*" or "_", markup the rules remove ("HC**4" reads as "HC4"). Decision 2040.
_NOT_PLAIN: Final = re.compile(r"[^\x00-\x29\x2b-\x5e\x60-\x7f—–‘’“”]")


def _text_shape(text: str) -> str | None:
    """The digit shape of a whole plain text (see `_NOT_PLAIN`); None for any other."""
    if text.isascii():  # the common case, without a scan by the regex
        return None if "*" in text or "_" in text else _zeros(text)
    return None if _NOT_PLAIN.search(text) else _zeros(text)


class StrategyMemo:
    """`find_strategy` for one document's many texts, judging each shape once.

    Texts that differ only in their digits split into the same sentences with the same
    shapes, so they get the same verdicts: a report's 1,000 "Experiment 017 (Metric 1
    41.5% …)" cells are split and judged as one. Every text is still checked and every
    offending sentence reported as written. One memo per document (it grows with it)."""

    def __init__(self) -> None:
        self._verdicts: dict[str, Reason | None] = {}  # sentence shape -> verdict
        self._texts: dict[str, tuple[Reason | None, ...]] = {}  # text shape -> verdicts

    def verdict(self, sentence: str) -> Reason | None:
        key = shape(sentence)
        if key not in self._verdicts:
            self._verdicts[key] = judge(key)
        return self._verdicts[key]

    def find(self, text: str) -> list[StrategyFinding]:
        key = _text_shape(text)
        reasons = None if key is None else self._texts.get(key)
        if reasons is not None and not any(reasons):
            return []
        sentences = split_sentences(text)
        if reasons is None:
            reasons = tuple(self.verdict(s) for s in sentences)
            if key is not None:
                self._texts[key] = reasons
        return _findings(sentences, reasons)
