"""The question spelled as the documents spell it: typos, texting shorthand, a name
spelled by ear, a name said as two words."""

from __future__ import annotations

import functools
import re
from typing import Any

from rapidfuzz import fuzz, process

from hard_e.brain.reading.words import _FRAMING, _MEASURE_WORDS
from hard_e.knowledge.shared_library import library_chunks, library_version
from hard_e.knowledge.synonyms import equivalents, phrase_words
from hard_e.text import STOP_WORDS
from hard_e.text.english import is_english, is_everyday, zipf
from hard_e.text.fuzzy import closest
from hard_e.text.search import tokenize
from hard_e.text.shorthand import CHAT

_TYPED = re.compile(r"\b[a-z]{4,}\b")


def spelled(question: str, passages: list[dict[str, Any]]) -> str:
    """The question with a typo of a word the passages use spelled as they spell it
    ("lead tiem" → "lead time", "woodgrian" → "woodgrain"): a word no passage says is
    otherwise taken as something the documents don't cover. Capitalised names are left.
    Texting shorthand is spelled out ("wats" → "whats"); a word no dictionary has
    may also be a typo of a word the trade's library says ("minmum" → "minimum") or of a
    name it says, spelled by ear ("northlite" → "northlight"). A brand the library never
    names ("frostline") stays as typed: the documents don't cover it. A name said as two
    words is the one word the passages write ("clear guard" → "clearguard")."""
    text = " ".join(f"{p['text']} {p.get('heading') or ''} {p['document']}" for p in passages)
    surface = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}
    known = set(tokenize(" ".join(surface)))
    question = joined_names(question, surface)
    common = set(re.findall(r"\b[a-z]+\b", text))  # never a capitalised name

    def fix(found: re.Match[str]) -> str:
        word = found.group(0)
        if word in CHAT:  # a shorthand of four letters or more; not "r" of "r value"
            return CHAT[word]
        terms = set(tokenize(word))
        if terms <= known | _FRAMING or any(
            phrase_words(equivalents(t), terms) & known for t in terms
        ):
            return word  # a word the passages say, or say in their own words
        if is_everyday(word):
            return word  # "constant", "pictures": meant, not a typo of "contain"
        if is_english(word) and compounded(word):
            return word  # "weathertight": two words meant as one, not "weathering"
        near = closest(word, surface) or sounded(word, common)
        if near or is_english(word):
            return near or word
        library = _library_words(library_version())
        heard = sounded(word, {w for w in library if w[:_HEARD] == word[:_HEARD]})
        if heard and len(heard) < len(word):
            heard = None  # "hardie's" is no "hard": a name's ending heard, not cut off
        return closest(word, library) or heard or _asking_word(word) or word

    return _TYPED.sub(fix, question)


_PART = 4
"""Letters each word of a compound has at least ("storm" of "stormproof")."""

_PART_ZIPF = 3.5
"""How common (Zipf) each word of a compound is: "weather" 4.4, "tight" 4.5 — not the
"ing" or "king" a word happens to end in."""


def compounded(word: str) -> bool:
    """Whether a dictionary word is two common words written as one ("weathertight",
    "stormproof"): meant as typed, however close a word the passages say is."""
    return any(
        min(zipf(word[:i]), zipf(word[i:])) >= _PART_ZIPF
        for i in range(_PART, len(word) - _PART + 1)
    )


def _asking_word(word: str) -> str | None:
    """The one small word or measure of a question ("many", "degrees") that a typed word
    misses by one letter ("meny", "degres"): never a word the reader weighs as a name."""
    near = [
        w
        for w in _ASKING_WORDS
        if w[0] == word[0]
        and (
            (len(w) == len(word) and sum(a != b for a, b in zip(w, word, strict=True)) == 1)
            or (len(w) == len(word) + 1 and any(w[:i] + w[i + 1 :] == word for i in range(len(w))))
        )
    ]
    return near[0] if len(near) == 1 else None


_ASKING_WORDS = frozenset(
    STOP_WORDS | set(_MEASURE_WORDS.split()) | {"many", "much", "long", "often", "soon"}
)


_HEARD = 5
"""Letters a name spelled by ear must begin with as typed ("northlite" → "northlight")."""


@functools.lru_cache(maxsize=1)
def _library_words(version: object) -> frozenset[str]:
    """Every word of four letters or more the trade's library says, lower-cased."""
    text = " ".join(c.text for c in library_chunks())
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]{4,}", text))


_PAIR = re.compile(r"\b([A-Za-z]{3,}) ([A-Za-z]{3,})\b")


def joined_names(question: str, written: set[str]) -> str:
    """The question with two words said apart that the documents write as one name
    ("clear guard", "stone lap") written as they write it; the words stay as typed
    when the documents say them apart too."""

    at = 0
    while found := _PAIR.search(question, at):
        one = (found.group(1) + found.group(2)).lower()
        if one in written and not is_english(one):
            question = question[: found.start()] + one + question[found.end() :]
            at = found.start() + len(one)
        else:  # the next pair may start with this one's second word
            at = found.start(2)
    return question


_SOUNDED = 6
"""Letters a word needs before it may be spelled by ear ("skylite")."""


SOUNDS_LIKE = 80.0
"""The similarity (rapidfuzz's ratio, 0-100) a word spelled by ear keeps to the real one."""


def sounded(word: str, known: set[str]) -> str | None:
    """The one word of ``known`` that ``word`` spells by ear, more than an edit or two away
    ("skylite" → "skylight"): same first letter, about as long, and no other word as close."""
    if len(word) < _SOUNDED:
        return None
    near = [k for k in known if k[0] == word[0] and abs(len(k) - len(word)) <= 2]
    found = process.extract(word, near, scorer=fuzz.ratio, score_cutoff=SOUNDS_LIKE, limit=2)
    if not found or (len(found) > 1 and found[1][1] == found[0][1]):
        return None
    return str(found[0][0])
