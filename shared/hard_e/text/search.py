"""Search terms for product text, shared by the knowledge index (BM25) and the offline
reader (brain/reading/), so both read a figure the same way however it is
written: "8.25-inch", "8 1/4 in", "eight and a quarter inch"."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from hard_e.text.spoken import cardinal_words
from hard_e.text.words import stem

__all__ = ["tokenize"]

# Product questions hinge on numbers and units written many ways: "8.25 in",
# "8.25-inch", "8 1/4"; "4 ft x 10 ft", "4x10", "four by ten"; "40°F", "forty
# degrees"; "3,500 lb". Text and queries go through the same normalisation, so each
# way of writing a figure becomes the same term: number words → digits (with "and a
# half/quarter", "five-quarter" → 5/4), mixed fractions → decimals, trailing zeros
# dropped, thousands separators dropped, units after a number canonical (inch, ft,
# lb, degrees), dimensions also as one "AxB" term. Then: lower case, a stopword list
# of function words only (never "fire", "thick", "below", "after" or "most", which
# some lists drop), Snowball English stems, and US/UK spellings folded together.

_STOPWORDS = frozenset(
    str.split(
        """a about all also am an and any are as at be been being both but by can could did do
        does doing done each either for from had has have having he her here hers him his how
        i if in into is it its itself just let me my of on or our ours s she should so some
        such than that the their theirs them then there these they this those to too us very
        was we were what whats when where which while who whom whose why will with would you
        your yours"""
    )
)

# Number words up to ninety, from the text toolkit's one table of them.
_WORD_VALUE = cardinal_words()
_TENS = frozenset(w for w, v in _WORD_VALUE.items() if v >= 20)
# "<n> and a half" etc., as tokens (the tokeniser reads spoken numbers itself).
_FRACTION_TAIL: dict[tuple[str, ...], float] = {
    ("and", "a", "half"): 0.5,
    ("and", "one", "half"): 0.5,
    ("and", "a", "quarter"): 0.25,
    ("and", "one", "quarter"): 0.25,
    ("and", "three", "quarters"): 0.75,
}
_UNIT_WORDS = r"inches|inch|in|feet|foot|ft|pounds|pound|lbs|lb|degrees|degree|deg"
# One pass finds the words and the figures; a figure carries its unit along
# ("8.25-inch", "40°f", '12"', "7 1/4 in") and a mixed fraction stays one token.
_RAW = re.compile(
    rf"\d+(?:[ -]\d+/\d+(?![\d/.])|(?:[.,:/]\d+)+)?"
    rf"(?: ?-? ?(?:{_UNIT_WORDS})(?![^\W_])| ?°[fc]?(?![^\W_])|[\"'](?![^\W_]))?"
    r"|[^\W\d_]+(?:['-][^\W\d_]+)*"
)
_FIGURE = re.compile(r"([\d.,:/ -]*\d)[ -]*(.*)", re.S)
_UNIT = {
    "inches": "inch", "inch": "inch", "in": "inch", '"': "inch",
    "feet": "ft", "foot": "ft", "ft": "ft", "'": "ft",
    "pounds": "lb", "pound": "lb", "lbs": "lb", "lb": "lb",
    "degrees": "degrees", "degree": "degrees", "deg": "degrees",
    "°": "degrees", "°f": "degrees", "°c": "degrees",
}  # fmt: skip
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
# Stems, so every inflection folds too ("colors" → "color" → "colour").
_SPELLING = {
    "color": "colour",
    "gray": "grey",
    "centr": "center",
    "neighbor": "neighbour",
    "mold": "mould",
    "aluminum": "aluminium",
    "favorit": "favourit",
    "labor": "labour",
    "feet": "ft",
    "foot": "ft",
    "pound": "lb",
    "lbs": "lb",
}
_DIMENSION_SIGNS = frozenset({"x", "by"})


@lru_cache(maxsize=65_536)
def _figure_terms(token: str) -> tuple[str, tuple[str, ...]]:
    """A figure token → (its main number, all its terms): "8.250-inch" → 8.25 + inch,
    "7 1/4" → 7.25, "3,500" → 3500, "40°f" → 40 + degrees."""
    match = _FIGURE.fullmatch(token)
    if match is None:  # pragma: no cover - _RAW only yields tokens that match
        return token, (token,)
    number, unit = match.group(1), match.group(2).strip()
    numbers: list[str]
    if " " in number or "-" in number:  # mixed fraction
        whole, fraction = re.split(r"[ -]", number)
        num, den = (int(x) for x in fraction.split("/"))
        if 0 < num < den and den in (2, 4, 8, 16, 32, 64):
            numbers = [f"{int(whole) + num / den:g}"]
        else:
            numbers = [whole, fraction]
    elif "," in number:
        numbers = [number.replace(",", "")] if _THOUSANDS.fullmatch(number) else number.split(",")
    else:
        numbers = [number]
    numbers = [_trim_zeros(n) for n in numbers if n]
    canonical = _UNIT.get(unit, "")
    terms = (*numbers, canonical) if canonical else tuple(numbers)
    return numbers[-1], terms


def _trim_zeros(number: str) -> str:
    """8.250 → 8.25, 1.0 → 1; fractions, ratios and dotted codes are left alone."""
    if number.count(".") != 1 or "/" in number or ":" in number:
        return number
    whole, fraction = number.split(".")
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _word_terms(token: str) -> tuple[str, ...]:
    """A word token → its terms: hyphenated parts, no possessive, stemmed, stopwords out."""
    terms = []
    for part in token.split("-"):
        part = part.removesuffix("'s").replace("'", "")
        if part and part not in _STOPWORDS and part != "x":
            word = stem(part)
            terms.append(_SPELLING.get(word, word))
    if len(_WORD_CACHE) >= _WORD_CACHE_SIZE:
        _WORD_CACHE.clear()
    _WORD_CACHE[token] = found = tuple(terms)
    return found


# word token → terms; a plain dict is the fastest cache here, cleared when full
_WORD_CACHE: dict[str, tuple[str, ...]] = {}
_WORD_CACHE_SIZE = 200_000


# text → terms, for sentences and passages (up to 2,000 characters; whole documents are
# not kept): the reader reads the same passages again and again (a product question
# tokenises ~140 texts, ~60 of them distinct, the same ones whenever it comes back)
_TEXT_CACHE: dict[str, tuple[str, ...]] = {}
_TEXT_CACHE_SIZE = 4_096  # at most ~16 MB: a text and its terms, a few KB each
_TEXT_CACHE_MAX_CHARS = 2_000


def tokenize(text: str) -> list[str]:
    """The search terms of a text (see the notes above)."""
    found = _TEXT_CACHE.get(text)
    if found is None:
        found = tuple(_tokenize(text))
        if len(text) <= _TEXT_CACHE_MAX_CHARS:
            if len(_TEXT_CACHE) >= _TEXT_CACHE_SIZE:
                _TEXT_CACHE.clear()
            _TEXT_CACHE[text] = found
    return list(found)


def _tokenize(text: str) -> list[str]:
    tokens = _RAW.findall(_fold(text))
    known = _WORD_CACHE.get  # ordinary words, already stemmed: the fast path
    terms: list[str] = []
    previous = ""  # the last figure, while a dimension "A x B" may be under way
    crossed = False  # saw the "x"/"by" right after `previous`
    skip = 0
    for i, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        word = known(token)
        if word is None and token[0] not in _DIGITS:
            spoken = _spoken_number(tokens, i) if token.partition("-")[0] in _WORD_VALUE else None
            if spoken is None:
                word = _word_terms(token)
        if word is not None:
            if previous:
                crossed = not crossed and token in _DIMENSION_SIGNS
                previous = previous if crossed else ""
            terms.extend(word)
            continue
        if token[0] in _DIGITS:
            number, figure = _figure_terms(token)
            end = i + 1
            if end < len(tokens) and tokens[end] == "and" and len(figure) == 1 and number.isdigit():
                number, end = _with_fraction(int(number), tokens, end)  # "8 and a half"
                figure = (number,)
        else:
            number, end = spoken  # type: ignore[misc]  # set above when no word
            # a unit word after it ("twelve inch"), but not "in": "the one in the van"
            after = tokens[end] if end < len(tokens) else "in"
            unit = "" if after == "in" else _UNIT.get(after, "")
            figure = (number, unit) if unit else (number,)
            end += 1 if unit else 0
        skip = end - i - 1
        terms.extend(figure)
        if crossed:
            terms.append(f"{previous}x{number}")
        previous, crossed = number, False
    return terms


_DIGITS = frozenset("0123456789")


def _fold(text: str) -> str:
    """Compatibility forms (8½ → 8 1/2, ﬁ → fi), straight quotes, lower case."""
    if not text.isascii():
        text = _VULGAR.sub(r" \g<0>", text)
        text = unicodedata.normalize("NFKC", text)
        for fancy, plain in _PLAIN.items():
            if fancy in text:
                text = text.replace(fancy, plain)
    return text.lower()


_VULGAR = re.compile(r"[¼½¾⅐-⅞]")
_PLAIN = {"’": "'", "‘": "'", "”": '"', "“": '"', "⁄": "/", "×": "x"}


def _spoken_number(tokens: list[str], i: int) -> tuple[str, int] | None:
    """The number spelled out at tokens[i] and the index after it: "twenty four" and
    "twenty-four" → 24, "eight and a quarter" → 8.25, "five-quarter" → 5/4 (but
    "four quarter-sized" is left alone); None when tokens[i] isn't a number word."""
    parts = tokens[i].split("-")
    value = _WORD_VALUE.get(parts[0])
    if value is None or len(parts) > 2:
        return None
    i += 1
    if len(parts) == 2:
        if parts[1] in ("quarter", "quarters"):
            return f"{value}/4", i
        ones = _WORD_VALUE.get(parts[1], 10)
        if parts[0] not in _TENS or not 0 < ones < 10:
            return None
        value += ones
    elif parts[0] in _TENS and i < len(tokens) and 0 < _WORD_VALUE.get(tokens[i], 10) < 10:
        value += _WORD_VALUE[tokens[i]]
        i += 1
    if i < len(tokens) and tokens[i] in ("quarter", "quarters"):
        return f"{value}/4", i + 1
    return _with_fraction(value, tokens, i)


def _with_fraction(value: int, tokens: list[str], i: int) -> tuple[str, int]:
    fraction = _FRACTION_TAIL.get(tuple(tokens[i : i + 3]), 0.0)
    return f"{value + fraction:g}", i + 3 if fraction else i
