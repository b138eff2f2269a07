"""How much each key term of the question weighs (rare words more, everyday words
none says less) and the share of that weight a unit says."""

from __future__ import annotations

import functools
import math
import re

from hard_e.brain.reading.figures import _FIGURES, _in_range
from hard_e.brain.reading.passages import _Unit
from hard_e.brain.reading.words import _PRICES, TRADE_WORDS
from hard_e.knowledge.shared_library import library_chunks, library_version
from hard_e.text.english import zipf
from hard_e.text.search import tokenize


def _share(
    unit: _Unit,
    topic: set[str],
    core: set[str],
    words: dict[str, frozenset[str]],
    weight: dict[str, float],
) -> float:
    """The share of the question's key-term weight (not its "after", "down") the unit
    says with its labels and heading; a figure asked counts when a range holds it, and
    "cost" when it states a price."""
    says = unit.terms | unit.labels | unit.kind | topic
    if re.search(_FIGURES["price"], unit.text, re.I):
        says |= _PRICES
    total = sum(weight[t] for t in core)
    said = sum(weight[t] for t in core if words[t] & says or _in_range(t, unit.text))
    return said / total if total else 1.0


def _weights(
    asked: set[str],
    words: dict[str, frozenset[str]],
    units: list[_Unit],
    everyday: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """A key term weighs more the fewer of the passages' sentences say it; an everyday
    word none says weighs as little as one every sentence says."""
    n = len(units) or 1
    out = {}
    for t in asked:
        df = sum(1 for u in units if words[t] & (u.terms | u.labels))
        out[t] = 1.0 if t in everyday else 1.0 + math.log((n + 1) / (df + 1))
    return out


def _library_terms() -> frozenset[str]:
    """Every term the trade's library says somewhere (its current version's)."""
    return _terms_of_library(library_version())


@functools.lru_cache(maxsize=1)
def _terms_of_library(version: object) -> frozenset[str]:
    return frozenset().union(*(tokenize(c.text) for c in library_chunks()))


EVERYDAY_ZIPF = 4.5
"""A word this common in English ("save", "money", "laid", "kid": Zipf 4.5 and up) that no
passage found says is the rep's everyday speech, not a term of the trade an answer must
repeat; rarer words no passage says ("grill", "tub", "garage") still weigh fully."""


def _unsaid_everyday(
    question: str, asked: set[str], words: dict[str, frozenset[str]], known: set[str]
) -> frozenset[str]:
    """The key terms the rep says in everyday words that neither the passages found nor
    the trade's library ever says ("fix", "kid", "laid"; not "sun", which the library
    does: a passage that lacks it is not about it)."""
    out: set[str] = set()
    for word in re.findall(r"[a-z]+", question.lower()):
        for t in set(tokenize(word)) & asked - TRADE_WORDS:
            said = words[t] & known or words[t] & _library_terms()
            if not said and zipf(word) >= EVERYDAY_ZIPF:
                out.add(t)
    return frozenset(out)
