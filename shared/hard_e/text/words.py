"""Words as every part of Hard-E reads them: tokens, stop words, stems, content terms.

Memory, the knowledge answers and the offline brain all compare text through these, so
they agree on what a "word", a "number" and a "negation" are. Spelled numbers ("twenty
five") become digits here; the voice-side spoken-number reader is ``hard_e.text.spoken``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from hard_e.text.number_words import HUNDRED, SCALES, below_twenty, tens


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(words.split())


STOP_WORDS = word_set(
    """a about above after again all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i i'd i'll i'm i've if in
    into is it it's its itself just me more most my myself now of off on once only or
    other our ours out over own same she should so some such than that that's the their
    them then there these they they're this those through to too under until up very
    was we we'll we're we've were what when where which while who whom why will with
    would you you'll you're your yours yeah yes ok okay um uh oh like really well
    actually basically gonna going got get gets let let's hey back still currently
    anyway though thing things stuff kind sort lot per"""
)
# "down", "off", "up" stay stop words: "zero down" is a value, and units come from the
# word right after a number before stop words are dropped (see `values`).
NEGATIONS = word_set(
    """not no never don't dont doesn't doesnt didn't didnt isn't isnt aren't arent
    won't wont can't cant cannot shouldn't wasn't weren't stopped stop quit
    discontinued longer nobody none nothing"""
)
NOT_NEGATING_AFTER_NO = word_set(
    "interest money obligation pressure cost charge payment payments problem worries"
)
_ONES = below_twenty()
_TENS = tens()
_SCALES = {HUNDRED: 100, "thousand": SCALES["thousand"]}  # what a typed amount reaches
_TOKEN = re.compile(r"\$|%|\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)?")
UNIT_ALIASES = {"percent": "%", "pct": "%", "dollars": "$", "dollar": "$", "bucks": "$"}


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def tokens(text: str) -> list[str]:
    """Lower-case word, number, ``$`` and ``%`` tokens; spelled numbers become digits."""
    raw = _TOKEN.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))
    out: list[str] = []
    value: int | None = None
    last = ""  # kind of the last number word: "unit", "teen", "ten", "hundred", "thousand"
    for tok in raw:
        kind, amount = _number_word(tok)
        if kind and (value is not None or kind not in ("hundred", "thousand")):
            if value is not None and _continues(last, kind):
                if kind == "hundred":
                    value = value - value % 1000 + (value % 1000) * 100
                elif kind == "thousand":
                    value *= 1000
                else:
                    value += amount
            else:
                if value is not None:
                    out.append(str(value))
                value = amount
            last = kind
            continue
        if value is not None:
            out.append(str(value))
            value = None
        out.append(tok.replace(",", "") if tok[0].isdigit() else tok)
    if value is not None:
        out.append(str(value))
    return out


def _number_word(token: str) -> tuple[str, int]:
    if token in _ONES:
        amount = _ONES[token]
        return ("unit" if 0 < amount < 10 else "teen"), amount
    if token in _TENS:
        return "ten", _TENS[token]
    if token in _SCALES:
        return token, 0
    return "", 0


def _continues(last: str, kind: str) -> bool:
    """Whether number word ``kind`` extends the number so far ("twenty" + "five")."""
    if kind in ("unit", "teen", "ten"):
        return last in ("hundred", "thousand") or (last == "ten" and kind == "unit")
    if kind == "hundred":
        return last in ("unit", "teen", "ten")
    return last in ("unit", "teen", "ten", "hundred")


def normalise(text: str) -> str:
    """The text reduced to its tokens: equal for wordings that differ only in case or
    punctuation ("12-month" and "12 month")."""
    return " ".join(tokens(text))


def is_number(token: str) -> bool:
    return token[0].isdigit()


def terms(text: str) -> list[str]:
    """Content terms: stemmed words and numbers, without stop words or negations."""
    return [
        t if is_number(t) else stem(t)
        for t in tokens(text)
        if t not in ("$", "%")
        and t not in STOP_WORDS
        and t not in NEGATIONS
        and (len(t) > 1 or is_number(t))
    ]


def numbers(text: str) -> frozenset[str]:
    return frozenset(t for t in tokens(text) if is_number(t))


def family_singular(name: str) -> list[str]:
    """The surnames a plural family name may mean, likeliest first ("the Zimmermans" →
    Zimmerman; "the Joneses" → Jones), or none when the last word isn't a plural."""
    words = re.sub(r"^the\s+", "", name.strip(), flags=re.I).split()
    last = words[-1] if words else ""
    low = last.lower()
    if len(last) < 4 or not low.endswith("s") or low.endswith(("ss", "'s", "us", "is")):
        return []
    cuts = [2, 1] if re.search(r"(?:s|x|z|ch|sh)es$", low) else [1]
    return [" ".join([*words[:-1], last[:-cut]]) for cut in cuts]
