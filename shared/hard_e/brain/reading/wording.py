"""The words that say each key term in the documents: equivalents, a phrase's words,
a verb's irregular forms, a rating's letter, a length in the other unit."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Any

from hard_e.brain.reading.figures import _converted
from hard_e.brain.reading.question import _RATED
from hard_e.knowledge.synonyms import equivalents, phrase_words, term_equivalents
from hard_e.text.abbreviations import definitions
from hard_e.text.search import tokenize


def _expand(asked: set[str], question: str = "") -> dict[str, frozenset[str]]:
    """Each key term with the words that say the same thing in the documents (and those
    of a phrase of the question it is part of: "back out" → "cancel"); a length in feet
    also in inches, and inches in feet ("an 8 foot door" is "36 x 96 in")."""
    phrases = term_equivalents(tokenize(question)) if question else {}
    found = {
        t: equivalents(t) | phrases.get(t, frozenset()) | _FORMS.get(t, frozenset()) for t in asked
    }
    words = {t: frozenset({t} | phrase_words(found[t], asked)) for t in asked}
    for figure, other in _converted(question):
        if figure in words:
            words[figure] |= {other}
    return words


def _defined(
    words: dict[str, frozenset[str]], passages: list[dict[str, Any]]
) -> dict[str, frozenset[str]]:
    """The key terms' words with what the passages define them as: an abbreviation is
    said by the last word it stands for (what the thing is: "the *renovator*", "the
    *acknowledgment*"), and that word by the abbreviation: "Certified Renovator (CR)",
    then "a CR card lasts 5 years" for "how long is a renovator card good for"."""
    out = dict(words)
    defined = definitions(" ".join(str(p["text"]) for p in passages))
    heads = Counter(_head_word(long) for long in defined.values())
    for short, long in defined.items():
        abbreviation = frozenset(tokenize(short))
        head = _head_word(long)
        if heads[head] > 1:
            continue  # "Actual Cash *Value*", "Replacement Cost *Value*": says neither one
        for t in words:
            if t in abbreviation:
                out[t] = out[t] | head
            elif t in head:
                out[t] = out[t] | abbreviation
    return out


def _head_word(long: str) -> frozenset[str]:
    """What a defined thing is, its last word ("Certified *Renovator*"; "SelfReg 5": SelfReg)."""
    named = [w for w in long.split() if re.search(r"[A-Za-z]", w)]
    return frozenset(tokenize(named[-1] if named else long.split()[-1]))


def _rated(words: dict[str, frozenset[str]], question: str) -> dict[str, frozenset[str]]:
    """The key terms' words with a rating's letter for the rating ("the r value": the
    sheet's "R-5.7"): enough to cover the question, never to outrank a sentence that
    says the rating in words ("Insulating value: R-2.7")."""
    rated = dict(words)
    for letter, rating in _RATED.findall(question):
        for t in set(tokenize(rating)) & set(words):
            rated[t] = words[t] | {letter.lower()}
    return rated


# A verb's irregular forms, which no stemmer joins ("laid" is not "lay"+ed): the question
# is read with all of them, the index keeps the shared tokeniser's own ("a 'laid at'
# question finds 'lay the shakes at'"). No lemma library is installed; the trade's few.
_IRREGULAR = (
    "lay laid",
    "pay paid",
    "sell sold",
    "build built",
    "hang hung",
    "shoot shot",
    "freeze froze frozen",
    "tear tore torn",
    "wear wore worn",
    "buy bought",
    "stick stuck",
    "break broke broken",
    "fall fell fallen",
    "get got gotten",
    "hold held",
    "run ran",
    "throw threw thrown",
    "blow blew blown",
    "grow grew grown",
    "bend bent",
    "hide hid hidden",
)


_FORMS = {
    stem: family
    for forms in _IRREGULAR
    for family in [frozenset(tokenize(forms))]
    for stem in family
    if len(family) > 1
}


def _apart(words: dict[str, frozenset[str]], question: str) -> dict[str, frozenset[str]]:
    """The key terms' equivalents less the other key terms the question says apart from
    them: a heading that says "Gutter" says the "gutter" of "what size *downspout* goes
    with a five inch *gutter*", not the downspout too (the sentence under it may say
    either in its own words: "transferred" for "sell")."""
    beside = _beside(question)
    return {t: frozenset({t}) | (w - (set(words) - beside.get(t, set()))) for t, w in words.items()}


def _beside(question: str) -> dict[str, set[str]]:
    """Each search term of the question with the terms said right next to it: the other
    word of a thing named in two ("credit card"), which may stand for it."""
    said = [tokenize(w) for w in re.findall(r"[\w'/.:-]+", question)]
    out: dict[str, set[str]] = {}
    for a, b in itertools.pairwise(said):
        if a and b:
            out.setdefault(a[-1], set()).add(b[0])
            out.setdefault(b[0], set()).add(a[-1])
    return out
