"""Normalisation before the guards: numbers however they are written become digits.

The numbers guard reads digits; a model (or an HC4 prompt injection) can write "ninety-nine
percent", "neunundneunzig Prozent", "九十九", "９９％" or glue digits to CJK text ("行动率为99%").
`normalize_numbers` rewrites all of these to plain digits the guard then checks:

- Unicode NFKC (full-width digits and signs become ASCII);
- a space between CJK/kana/Hangul text and digits (digits glued to Latin letters stay
  names: "p95", "HC5");
- Chinese numerals of two or more characters (or with 十/百/千/万) and 百分之N;
- number words in English, Spanish, Portuguese, Italian, French, German and Dutch,
  compounds included ("ninety-nine", "noventa y nueve", "quatre-vingt-dix-sept",
  "siebenundneunzig"); a lone "one"/"un"/"ein" stays a word (it is usually an article);
- percent words ("percent", "por ciento", "Prozent", "pour cent") become "%".
Pure functions; no model.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_CJK: Final = r"\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff"
_GLUE_BEFORE: Final = re.compile(rf"(?<=[{_CJK}])(?=[0-9])")
_GLUE_AFTER: Final = re.compile(rf"(?<=[0-9%])(?=[{_CJK}])")

# -- Chinese numerals ----------------------------------------------------------------------
_ZH_DIGITS: Final = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                     "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_ZH_UNITS: Final = {"十": 10, "百": 100, "千": 1000}
_ZH_RUN: Final = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
_ZH_PERCENT: Final = re.compile(r"百分之\s*([0-9]+(?:\.[0-9]+)?)")


def zh_number(run: str) -> int | None:
    """'九十九' -> 99, '三百零五' -> 305, '一万二千' -> 12000, '九九' -> 99; None if odd."""
    if all(c in _ZH_DIGITS for c in run):  # digit by digit: 九九 = 99
        return int("".join(str(_ZH_DIGITS[c]) for c in run))
    total, section, digit = 0, 0, None
    for c in run:
        if c in _ZH_DIGITS:
            digit = _ZH_DIGITS[c]
        elif c in _ZH_UNITS:
            section += (1 if digit is None else digit) * _ZH_UNITS[c]
            digit = None
        elif c == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


_ZH_PERCENT_WORDS: Final = re.compile(r"百分之([零〇一二两三四五六七八九十百千万]+)")


def _zh(text: str) -> str:
    def percent(m: re.Match[str]) -> str:
        value = zh_number(m.group(1))
        return f" {value}% " if value is not None else m.group(0)

    text = _ZH_PERCENT_WORDS.sub(percent, text)

    def repl(m: re.Match[str]) -> str:
        run = m.group(0)
        if len(run) < 2 and run not in _ZH_UNITS and run != "万":
            return run  # 一 alone is "a/one", part of words (一些, 统一)
        value = zh_number(run)
        return f" {value} " if value is not None else run

    text = _ZH_RUN.sub(repl, text)
    return _ZH_PERCENT.sub(lambda m: f"{m.group(1)}%", text)


# -- number words --------------------------------------------------------------------------
_UNITS: Final[dict[str, int]] = {}
_TENS: Final[dict[str, int]] = {}
_SCALES: Final = {"hundred": 100, "thousand": 1000, "million": 1_000_000,
                  "cien": 100, "ciento": 100, "cientos": 100, "mil": 1000,
                  "cento": 100, "cem": 100, "hundert": 100, "tausend": 1000,
                  "cent": 100, "cents": 100, "honderd": 100, "duizend": 1000}  # fmt: skip
_LONE_ARTICLES: Final = {"one", "un", "una", "uno", "um", "uma", "ein", "eine", "une", "een"}


def _add(table: dict[str, int], words: str, start: int, step: int = 1) -> None:
    for i, w in enumerate(words.split()):
        for form in w.split("/"):
            table[form] = start + i * step


_add(_UNITS, "zero one two three four five six seven eight nine ten eleven twelve thirteen "
     "fourteen fifteen sixteen seventeen eighteen nineteen", 0)  # fmt: skip
_add(_TENS, "twenty thirty forty fifty sixty seventy eighty ninety", 20, 10)
# es / pt / it
_add(_UNITS, "cero uno/un/una dos tres cuatro cinco seis siete ocho nueve diez once doce trece "
     "catorce quince dieciséis diecisiete dieciocho diecinueve", 0)  # fmt: skip
_add(_TENS, "veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa", 20, 10)
_add(_UNITS, "zero um/uma dois/duas três quatro cinco seis sete oito nove dez", 0)
_add(_TENS, "vinte trinta quarenta cinquenta sessenta setenta oitenta noventa", 20, 10)
_add(_UNITS, "zero uno/una due tre quattro cinque sei sette otto nove dieci", 0)
_add(_TENS, "venti trenta quaranta cinquanta sessanta settanta ottanta novanta", 20, 10)
# fr
_add(_UNITS, "zéro un/une deux trois quatre cinq six sept huit neuf dix onze douze treize "
     "quatorze quinze seize", 0)  # fmt: skip
_add(_TENS, "vingt trente quarante cinquante soixante", 20, 10)
# de / nl
_add(_UNITS, "null eins/ein/eine zwei drei vier fünf sechs sieben acht neun zehn elf zwölf", 0)
_add(_TENS, "zwanzig dreißig/dreissig vierzig fünfzig sechzig siebzig achtzig neunzig", 20, 10)
_add(_UNITS, "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf", 0)
_add(_TENS, "twintig dertig veertig vijftig zestig zeventig tachtig negentig", 20, 10)
# Words that are also common words elsewhere ("due to", "once", "Sept 3", "null values")
# are not read as numbers on their own.
for _w in ("due", "once", "sept", "null", "nul"):
    _UNITS.pop(_w, None)
_UNITS.update({"sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "dreizehn": 13,
               "vierzehn": 14, "fünfzehn": 15, "veintiuno": 21, "veintidós": 22,
               "veintitrés": 23, "veinticinco": 25, "dix-sept": 17, "dix-huit": 18,
               "dix-neuf": 19})  # fmt: skip
_JOIN: Final = {"and", "y", "e", "et", "und", "en", "-"}
_PERCENT_WORDS: Final = re.compile(
    r"\s*\b(?:per\s*cent|percent|percentage points?|por\s*ciento|por\s*cento|per\s*cento|"
    r"pour\s*cent|prozent|procent|pct)\b",
    re.IGNORECASE,
)
_POINT: Final = {"point", "punto", "ponto", "virgule", "komma", "coma", "vírgula"}
_TOKEN: Final = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\S", re.UNICODE)


def _german_compound(word: str) -> int | None:
    """Glued compounds: 'neunundneunzig' -> 99 (de), 'negenennegentig' -> 99 (nl),
    'novantasette' -> 97, 'novantotto' -> 98, 'ventuno' -> 21 (it, elided vowel)."""
    for i in range(2, len(word) - 1):
        head, tail = word[:i], word[i:]
        for join in ("und", "en"):  # unit + join + tens
            if tail.startswith(join) and head in _UNITS and tail[len(join) :] in _TENS:
                return _UNITS[head] + _TENS[tail[len(join) :]]
        if tail in _UNITS and _UNITS[tail] < 10:  # tens + unit
            for tens in (head, head + "a", head + "i"):
                if tens in _TENS:
                    return _TENS[tens] + _UNITS[tail]
    return None


def _french_compound(word: str) -> int | None:
    """'quatre-vingt-dix-sept' -> 97, 'soixante-dix' -> 70, 'vingt-et-un' -> 21."""
    parts = [p for p in word.split("-") if p and p != "et"]
    fr = {**_UNITS, "sept": 7}
    if len(parts) < 2:
        return None
    total, i = 0, 0
    if parts[:2] == ["quatre", "vingt"] or parts[:2] == ["quatre", "vingts"]:
        total, i = 80, 2
    rest = parts[i:]
    for p in rest:
        if p in _TENS:
            total += _TENS[p]
        elif p in fr:
            total += fr[p]
        else:
            return None
    return total


def _word_value(word: str) -> int | None:
    w = word.lower()
    if w in _UNITS:
        return _UNITS[w]
    if w in _TENS:
        return _TENS[w]
    if "-" in w:
        parts = w.split("-")
        if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:  # ninety-nine
            return _TENS[parts[0]] + _UNITS[parts[1]]
        return _french_compound(w)
    return _german_compound(w)


def _words(text: str) -> str:
    tokens = list(_TOKEN.finditer(text))
    out: list[str] = []
    last = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i].group(0)
        value = _word_value(tok)
        if value is None:
            i += 1
            continue
        # A run of number words: units, tens, joiners ("and", "y", "und"), scales.
        total, current, j, count = 0, value, i + 1, 1
        decimals = ""
        while j < len(tokens):
            t = tokens[j].group(0).lower()
            if (
                t in _JOIN
                and j + 1 < len(tokens)
                and _word_value(tokens[j + 1].group(0)) is not None
            ):
                j += 1
                continue
            if t in _SCALES:
                scale = _SCALES[t]
                if scale >= 1000:
                    total += max(current, 1) * scale
                    current = 0
                else:
                    current = max(current, 1) * scale
                j += 1
                count += 1
                continue
            v = _word_value(t)
            if v is not None:
                current += v
                j += 1
                count += 1
                continue
            if (
                t in _POINT
                and j + 1 < len(tokens)
                and _word_value(tokens[j + 1].group(0)) is not None
            ):
                k = j + 1
                while k < len(tokens) and (dv := _word_value(tokens[k].group(0))) is not None:
                    decimals += str(dv)
                    k += 1
                j = k
                count += 1
                break
            break
        number = total + current
        following = text[tokens[j - 1].end() :] if j - 1 < len(tokens) else ""
        lone_article = count == 1 and tok.lower() in _LONE_ARTICLES
        if lone_article and not _PERCENT_WORDS.match(following):
            i += 1
            continue
        out.append(text[last : tokens[i].start()])
        out.append(str(number) + (f".{decimals}" if decimals else ""))
        last = tokens[j - 1].end()
        i = j
    out.append(text[last:])
    return "".join(out)


def normalize_numbers(text: str) -> str:
    """`text` with every written-out or full-width number as ASCII digits (see module)."""
    text = unicodedata.normalize("NFKC", text)
    text = _zh(text)
    text = _GLUE_BEFORE.sub(" ", text)
    text = _GLUE_AFTER.sub(" ", text)
    text = _words(text)
    return _PERCENT_WORDS.sub("%", text)
