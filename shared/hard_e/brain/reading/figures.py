"""How the documents state a figure: the patterns of each kind (a duration, a length, a
price…), a figure's value, a range or bound that holds it, and a length in the other unit."""

from __future__ import annotations

import re

from hard_e.text.search import tokenize

# What kind of figure a question asks for, and how a sentence says one.
_DURATION = (
    r"\d[\d.,]*(?: to \d[\d.,]*)?[ -](?:business |working |calendar )?"
    r"(?:days?|weeks?|months?|years?|hours?|minutes?)\b|lifetime|for life|\b(?:the )?same day\b|"
    r"\bnext day\b|\bovernight\b|\bby (?:noon|tomorrow)\b|"
    r"\b(?:a|an|one|two|three|four|five|six|half a|a half|a full|a couple of|a few) (?:full )?"
    r"(?:business |working )?(?:days?|weeks?|months?|years?|hours?)\b"
)


_LENGTH = (
    r"\d[\d./]*(?: \d/\d+)? ?(?:in|ft|inch|inches|feet|foot|miles?|yards?|mm|cm)\b|\d\"|"
    r"\d+ ?x ?\d+"
)


_FIGURES: dict[str, str] = {
    "duration": _DURATION,
    "length": _LENGTH,
    "weight": r"\d[\d.,]* ?(?:lb|lbs|pounds?|kg)\b",
    "speed": r"\d+ ?mph\b",
    "temperature": r"\d+ ?°[FC]?|\d+ degrees",
    "share": r"\d+(?:\.\d+)? ?(?:%|percent)",
    # a share is a price only when it changes one ("12% more", "5% off", "a 2.5% fee"),
    # not when it measures something ("3 to 5% of the job cost")
    "price": r"\$ ?\d|\d+ dollars|(?:\b(?:discounts?|fees?|deposits?|surcharges?|down payments?)\b"
    r"[^.;]*)\d+(?:\.\d+)? ?(?:%|percent)|\d+(?:\.\d+)? ?(?:%|percent)(?=[^.;]*\b(?:more|less|"
    r"off|fees?|discounts?|deposits?|surcharges?|down payments?)\b)",
    "count": r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|half|"
    r"third|quarter|dozen|single|double|every|each)\b",
    "place": r"\b(?:between|above|below|down from|up from|from the (?:top|bottom|edge|end|"
    r"corner)|inside|within|behind|beneath|under|over|centred|centered)\b",
}


_FIGURE_FREE = frozenset({"place"})
"""The kinds of question a sentence may answer without a figure; every other kind
("how long", "what size", "how heavy") needs a number stated, and a time or a price
(`_STRICT`) one of its own kind, and so a weight: "how heavy" is never "12 in"."""


_STRICT = frozenset({"duration", "price", "weight"})


_RANGE = re.compile(
    r"(\d[\d,]*(?:[.:]\d+)?)(?: ?[a-z°%]+\.?){0,2} ?(?:to|up to|through|and|-|–)"
    r" (?:\$ ?)?(\d[\d,]*(?:[.:]\d+)?)"
)


def _value(figure: str) -> float | None:
    """A figure term's value: "8.25" → 8.25, "3:12" (a pitch) → 0.25, "1,500" → 1500."""
    figure = figure.replace(",", "")
    top, colon, bottom = figure.partition(":")
    try:
        return float(top) / float(bottom) if colon else float(figure)
    except (ValueError, ZeroDivisionError):
        return None


def _in_range(figure: str, text: str) -> bool:
    """Whether the text states a range the figure lies in ("between 60 and 90 miles"
    holds 70; "2:12 up to 4:12" holds a 3:12 pitch), or a bound ("over $2,500" holds
    $3,000). An amount of money is never held by both ends ("$15,000" in "loans from
    $3,000 to $75,000"): what a sum buys is stated for it."""
    value = _value(figure)
    if value is None:
        return False
    if value < _MONEY and _between(figure, text):
        return True
    # "discounts above 10%" holds 12; "a supplement over $2,500 needs …" holds $3,000
    for side, bound in _BOUND.findall(text):
        limit = _value(bound)
        if limit is not None and (value > limit if side.lower() in _ABOVE else value < limit):
            return True
    return False


def _between(figure: str, text: str) -> bool:
    """Whether the text states both ends of a range the figure lies in ("16 to 30
    squares" holds 22): a tier picked by it, where a bound ("more than 10 squares") is
    most often a condition of something else."""
    value = _value(figure)
    if value is None or value >= _MONEY:
        return False
    for between, start, high in _SPAN.findall(text):
        lo, hi = _value(between or start), _value(high)
        if lo is not None and hi is not None and lo <= value <= hi:
            return True
    return False


_SPAN = re.compile(
    r"(?:\bbetween (\d[\d,]*(?:[.:]\d+)?)(?: ?[a-z°%]+\.?){0,2} and|"
    r"(?<![\d,.])(\d[\d,]*(?:[.:]\d+)?)(?: ?[a-z°%]+\.?){0,2} ?(?:to|through|-|–))"
    r" (?:\$ ?)?(\d[\d,]*(?:[.:]\d+)?)"
)
"""Both ends of a range: "13 to 25 squares", "between 60 and 90 miles" — not a list
("12 ft, 16 ft and 20 ft")."""


_BOUND = re.compile(
    r"\b(above|over|more than|greater than|exceeds?|beyond|longer than|wider than|larger than|"
    r"bigger than|taller than|higher than|heavier than|below|under|less than|fewer than|"
    r"shorter than|narrower than|smaller than|lower than|lighter than)"
    r" (?:\$ ?)?(\d[\d,]*(?:[.:]\d+)?)",
    re.I,
)


_ABOVE = frozenset(
    {"above", "over", "more than", "greater than", "exceed", "exceeds", "beyond"}
    | {
        f"{word} than"
        for word in ["longer", "wider", "larger", "bigger", "taller", "higher", "heavier"]
    }
)


_MONEY = 1000.0
"""A figure this large in a question is an amount of money or a count of things, not a
size or a distance; it is never taken as lying inside a range."""


_NUMBER_WORD = re.compile(_FIGURES["count"], re.I)


def _counts(unit_text: str, things: frozenset[str]) -> bool:
    """Whether a number stands within a few words of the thing counted ("4 bundles per
    square", "choices to three"), not elsewhere in the sentence ("store bundles flat …
    stack pallets two high")."""
    words = unit_text.split()
    spots = [i for i, w in enumerate(words) if _NUMBER_WORD.search(w)]
    for i, word in enumerate(words):
        if set(tokenize(word)) & things and any(abs(i - j) <= _NEAR for j in spots):
            return True
    return False


_NEAR = 6


_FEET = re.compile(r"\b(\d+(?:\.\d+)?) ?(?:ft|foot|feet|')(?![\w'])", re.I)


_INCHES = re.compile(r"\b(\d+(?:\.\d+)?) ?(?:in|inch|inches|\")(?!\w)", re.I)


def _converted(question: str) -> list[tuple[str, str]]:
    """(figure as asked, the same length in the other unit) for feet and whole feet."""
    out = []
    for m in _FEET.finditer(question):
        out.append((_number(m.group(1)), _number(str(float(m.group(1)) * 12))))
    for m in _INCHES.finditer(question):
        if float(m.group(1)) >= 12 and float(m.group(1)) % 12 == 0:
            out.append((_number(m.group(1)), _number(str(float(m.group(1)) / 12))))
    return out


def _number(text: str) -> str:
    """A figure as the tokeniser writes it: "96.0" → "96", "7.50" → "7.5"."""
    value = float(text)
    return str(int(value)) if value.is_integer() else f"{value:g}"


_MODEL = 3
"""Digits a figure needs to name a model or a size code ("3046", "700"), not a count."""
