"""Whether a passage is about what was asked (`covers`), whether it names something no
passage says, and which of the question's terms an answer may leave out."""

from __future__ import annotations

import re
from typing import Any

from hard_e.brain.answerable import unknown_name
from hard_e.brain.reading.figures import _FIGURES, _MODEL, _in_range
from hard_e.brain.reading.passages import _terms_of, _topic
from hard_e.brain.reading.products import _abbreviated, _brands
from hard_e.brain.reading.question import _figures
from hard_e.brain.reading.wording import _expand
from hard_e.brain.reading.words import _MEASURES, _PARTICLES, _PRICES, TRADE_WORDS
from hard_e.text.search import tokenize

COVERAGE = 0.5
"""Share of the question's key terms the answering passage itself must contain."""


def _unknown_names(
    question: str, asked: set[str], words: dict[str, frozenset[str]], known: set[str]
) -> set[str]:
    """The words of the question that name something — no English dictionary has them
    ("frostline", "doublelock", "kynar") — which no passage found says, nor a word
    meaning it: the documents are about other products, and have no answer."""
    out = set()
    for word in re.findall(r"[a-z]{3,}", question.lower()):
        terms = set(tokenize(word)) & asked
        if (
            terms
            and not any(words[t] & known for t in terms)
            and unknown_name(word, question, known)
        ):
            out.add(word)
    return out


def _may_miss(
    n: int, missing: set[str], named: set[str], products: frozenset[str] = frozenset()
) -> bool:
    """Whether the answer with its heading may leave out these of a question's n content
    terms (not its figures or measure words): half of a long question's; one of three,
    but never a word of a thing named in two ("a metal *roof*", "*roofing* nails",
    "*aluminium* soffit": another thing), which a verb or a setting is not ("*fix* the
    siding", "after the *appointment*")."""
    if missing & products:
        return False  # what it is made of, or which product: never left to guess
    if n > _SHORT:
        return len(missing) <= n // 2
    return not missing or (n == _SHORT and len(missing) == 1 and not missing & named)


_SHORT = 3


def covers(
    asked: set[str],
    passage: dict[str, Any],
    known: set[str],
    *,
    yes_no: bool = False,
    words: dict[str, frozenset[str]] | None = None,
) -> bool:
    """Whether the passage is about what was asked: it shares a word with the question's
    topic (its document's title or heading, or the trade's own words), holds every
    figure asked about (a yes/no question may ask about one it doesn't have: "can I get
    it in 7.25?"), and half of the question's key terms (or words that mean them)."""
    found = _terms_of(passage)
    topic = _topic(passage)
    words = words or _expand(asked)
    # what the documents lack (a figure has its own test; "out" of "70 miles out" is none)
    # nor a measure ("what *sizes*": a figure says it)
    priced = bool(re.search(_FIGURES["price"], passage["text"], re.I))  # "$150 per day"
    stated = _PRICES if priced else frozenset()  # a price stated says "cost"
    unknown = sum(
        1 for t in asked - _figures(asked) - _PARTICLES - _MEASURES - stated if not words[t] & known
    )
    holds = {
        t
        for t in asked
        if words[t] & found
        or (priced and t in _PRICES)
        or (t in _figures(asked) and _in_range(t, passage["text"]))  # year 8 of "6 to 50"
    }
    held = len(holds)
    # a product name or abbreviation the passage itself says ("StoneCorner", "the CR")
    # anchors it as well
    brands = _brands([passage]) | _abbreviated([passage])
    # a model number it holds ("a 3046") anchors it too, not an everyday figure
    models = {f for f in _figures(asked) if len(f) >= _MODEL and f.isdigit()} & found
    # most of what names the thing asked ("what *size* are the walkway pads": a figure says
    # the size, and "out" or "up" names nothing)
    naming = asked - _MEASURES - _PARTICLES or asked
    anchored = (
        bool(asked & (topic | brands | TRADE_WORDS) or models)
        or held >= max(2, 0.75 * len(asked))
        or len(holds & naming) >= max(2, 0.75 * len(naming))
    )
    return (
        anchored
        and unknown <= (len(asked) - 1) // 3
        and (yes_no or all(f in found or _in_range(f, passage["text"]) for f in _figures(asked)))
        and held >= COVERAGE * len(asked)
    )
