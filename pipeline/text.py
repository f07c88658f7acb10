"""A derived view of a cell for matching, the same length as the original so offsets carry over.

Full-width ASCII folds to half-width, digits of other scripts to ASCII digits (or U+FFFD where the
interpreter cannot read them), traditional characters become simplified one character at
a time (OpenCC), pinyin annotations (就業(yè)) and injected spam become blanks or separators.
Nothing is inserted or removed, so view[i] always stands for cell[i].
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc
import regex

FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
FOLD.update({0x3000: 0x20, 0x2212: 0x2D, 0xFE6A: 0x25})
FOLDABLE = re.compile("[\uff01-\uff5e\u3000\u2212\ufe6a]")
SPAM_FILL = "，"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A pinyin gloss in brackets: lower-case letters with at least one tone mark. (HPV), (95%) stay.
ANNOTATION = re.compile(rf"[(（](?=[a-zü{TONED}]*[{TONED}])[a-zü{TONED}]{{1,7}}[)）]")
HAN = re.compile(r"[\u3400-\u9fff]")
_converter = opencc.OpenCC("t2s")
_simplified: dict[int, str] = {}
_known: set[str] = set()
_traditional: set[str] = set()


def _to_simplified(text: str) -> str:
    """Traditional -> simplified, character by character, so the length never changes."""
    chars = set(text)
    for ch in chars - _known:
        if HAN.match(ch):
            converted = _converter.convert(ch)
            if len(converted) == 1 and converted != ch:
                _simplified[ord(ch)] = converted
                _traditional.add(ch)
        _known.add(ch)
    return text.translate(_simplified) if not _traditional.isdisjoint(chars) else text


# Every character the `regex` package calls a digit that is not ASCII. Its Unicode tables can be
# newer than the interpreter's, so a digit it matches may be one Python cannot convert (KAWI DIGIT
# ZERO, U+11F50, on Python 3.11): this is the one place that decides which characters are digits.
OTHER_DIGIT = regex.compile(r"(?![0-9])\d")
NOT_A_DIGIT = "\ufffd"
_digits: dict[int, str] = {}


def _digit(ch: str) -> str:
    """A decimal digit the interpreter knows becomes its ASCII digit; any other becomes U+FFFD,
    so the number grammar never sees a digit it cannot convert."""
    if ord(ch) not in _digits:
        value = unicodedata.decimal(ch, None)
        _digits[ord(ch)] = NOT_A_DIGIT if value is None else str(value)
    return _digits[ord(ch)]


def fold_digits(text: str) -> str:
    """Arabic-Indic, Devanagari, mathematical … digits -> ASCII, same length (one code point each).

    >>> fold_digits("新增١٢家")
    '新增12家'
    >>> fold_digits("新增企业\U00011f55家") == "新增企业" + ("5" if unicodedata.decimal("\U00011f55", None) is not None else NOT_A_DIGIT) + "家"
    True
    """
    return OTHER_DIGIT.sub(lambda m: _digit(m.group()), text) if not text.isascii() else text


NUMERAL_CHARS = frozenset("零〇一二两三四五六七八九十百千万亿萬億")


def close_glosses(text: str) -> str:
    """Remove pinyin glosses (目標(biāo)為 -> 目標為) from the view without changing its length:
    the Han characters after a gloss move left into it and the gap moves to the end of the word,
    so words read whole; digits, numerals and punctuation never move, so every figure's offsets
    still point at the original text.

    >>> close_glosses("目標(biāo)為增長(zhǎng)6%")
    '目標為增長             6%'
    >>> close_glosses("建成一百(bǎi)個(gè)")
    '建成一百     個    '
    """
    chars = list(text)
    out = chars[:]
    glosses = [m.span() for m in ANNOTATION.finditer(text)]
    i = 0
    while i < len(glosses):
        pos, j = glosses[i]  # write position, read position
        i += 1
        before = chars[pos - 1] if pos else ""
        if before.isdigit() or before in NUMERAL_CHARS:
            for k in range(pos, j):  # 一百(bǎi)個: a unit after a numeral never moves
                out[k] = " "
            continue
        while True:  # copy Han characters (not numerals) on, skipping further glosses
            if i < len(glosses) and glosses[i][0] == j:
                j = glosses[i][1]
                i += 1
                continue
            if j < len(chars) and HAN.match(chars[j]) and chars[j] not in NUMERAL_CHARS:
                out[pos] = chars[j]
                pos += 1
                j += 1
                continue
            break
        for k in range(pos, j):
            out[k] = " "
    return "".join(out)


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
HTML_TAG = re.compile(r"</?(?:br|p|span|div|td|tr|th|b|i|strong|em|font|a|li|ul|ol)\b[^<>]{0,200}>",
                      re.IGNORECASE)
HTML_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")


@dataclass(frozen=True)
class View:
    text: str  # same length as the cell
    spam: tuple[tuple[int, int], ...]  # spans of injected text in the cell
    marks: frozenset[str] = frozenset()  # control_characters, html_markup: flags for the task


def _entity(match: re.Match) -> str:
    """&nbsp; -> a space, &lt; -> <, padded with spaces to the entity's length."""
    decoded = html.unescape(match.group()).replace("\xa0", " ")
    decoded = decoded if len(decoded) == 1 else " "
    return decoded + " " * (len(match.group()) - 1)


@lru_cache(maxsize=4)
def _spam_pattern(phrases: tuple[str, ...]) -> re.Pattern | None:
    return re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None


CACHED_CELL = 2_000  # cells up to this length are read once per run (readers and engine ask
# for the same cell's view many times, and real tables repeat their wording); longer ones are
# not kept, so a hostile input cannot fill memory through the cache


def make_view(cell: str, spam_phrases: tuple[str, ...], spam_pattern=None,
              close: bool = True) -> View:
    """close: close up pinyin glosses (words read whole); False blanks them where they stand,
    for callers that map view positions back one by one."""
    if len(cell) <= CACHED_CELL:
        return _cached_view(cell, spam_phrases, spam_pattern, close)
    return _make_view(cell, spam_phrases, spam_pattern, close)


@lru_cache(maxsize=16_384)
def _cached_view(cell: str, spam_phrases: tuple[str, ...], spam_pattern, close: bool) -> View:
    return _make_view(cell, spam_phrases, spam_pattern, close)


def _make_view(cell: str, spam_phrases: tuple[str, ...], spam_pattern, close: bool) -> View:
    folded = cell.translate(FOLD) if FOLDABLE.search(cell) else cell
    folded = fold_digits(folded)
    marks = set()
    if CONTROL.search(folded):
        folded = CONTROL.sub(" ", folded)
        marks.add("control_characters")
    if ("<" in folded or "&" in folded) and (HTML_TAG.search(folded) or HTML_ENTITY.search(folded)):
        folded = HTML_TAG.sub(lambda m: " " * len(m.group()), folded)
        folded = HTML_ENTITY.sub(_entity, folded)
        marks.add("html_markup")
    if "(" in folded and ANNOTATION.search(folded):
        folded = close_glosses(folded) if close else ANNOTATION.sub(
            lambda m: " " * len(m.group()), folded)
    folded = _to_simplified(folded)
    pattern = _spam_pattern(spam_phrases)  # longest first: the full phrase claims its span
    spans = tuple(m.span() for m in pattern.finditer(folded)) if pattern else ()
    if spans:
        chars = list(folded)
        for start, end in spans:
            chars[start:end] = SPAM_FILL * (end - start)
        folded = "".join(chars)
    if spans or (spam_pattern is not None and spam_pattern.search(folded)):
        marks.add("spam")
    return View(folded, spans, frozenset(marks))
