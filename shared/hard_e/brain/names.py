"""A customer's name typed with a typo ("kellr", "zimerman", "albrihgts") or heard by
speech recognition as other words ("karen bucket", "the oh show roof"): the CRM name it
stands for.

Asked only after the CRM found nothing for the name as said. For a typo the CRM is
searched by the name's first letters (a typo rarely hits them) and rapidfuzz picks the
closest; for a name heard as words, by the first name said and the surname's first
sound, and the names compared by how they sound (metaphone keys, jellyfish). A name is
taken only when one of the names found is clearly the closest, so "Delgadoo" stays
unknown when nobody is close.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import jellyfish
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from hard_e.brain.port import ToolOutcome
from hard_e.text import STOP_WORDS
from hard_e.text.words import word_set

_PREFIX = 3
_CUTOFF = 75.0
_TIED = 5.0  # two names this close to a typo are both asked about
_LONG, _SURE = 6, 85.0  # a typo in a name's first letters: only a long name, one slip off
_SOUND_CUTOFF = 85.0  # how alike two names' metaphone keys must be
_SOUND_AHEAD = 10.0  # and how far ahead of the next surname
_FIRST_CUTOFF = 85.0  # a first name said is the CRM's with a typo at most
# The letters a name's first sound may be written with ("colors" is heard for Keller).
_SAME_SOUND = {"c": "ck", "k": "kc", "q": "qkc", "s": "sc", "z": "zs", "j": "jg", "g": "gj"}
# How a metaphone sound after a first vowel may be spelt ("oh show" is heard for Ochoa).
_SPELT = {"X": ("ch", "sh"), "0": ("th",), "K": ("c", "k"), "S": ("s", "c"), "J": ("j", "g")}
_NOT_NAMES = STOP_WORDS | word_set(
    "job jobs project roof roofing siding window windows gutter gutters door doors family "
    "house home place one deal the customer homeowner replacement entry seamless"
)
_NOT_HEARD = (_NOT_NAMES - STOP_WORDS) | word_set("the a an my our that this s")


class _Tools(Protocol):
    async def tool(self, name: str, args: dict[str, Any]) -> ToolOutcome: ...


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in _NOT_NAMES]


async def near_names(act: _Tools, said: str) -> list[str]:
    """The CRM names a misspelt or mis-heard ``said`` may stand for: one when one is
    clearly the closest, two when two are about as close (the rep is asked which), none
    when nobody is close or ``said`` is a name the CRM has as said."""
    typos = await typo_names(act, said)
    if typos:
        return typos
    heard = await heard_name(act, said)
    return [heard] if heard is not None and heard.lower() != said.strip().lower() else []


async def near_name(act: _Tools, said: str) -> str | None:
    """``said`` with its misspelt or mis-heard name replaced by the CRM name it is closest
    to, or None (also when two are as close)."""
    found = await near_names(act, said)
    return found[0] if len(found) == 1 else None


async def typo_name(act: _Tools, said: str) -> str | None:
    """``said`` with its misspelt name replaced by the CRM name it is closest to, or None."""
    found = await typo_names(act, said)
    return found[0] if len(found) == 1 else None


async def typo_names(act: _Tools, said: str) -> list[str]:
    """``said`` with its misspelt name replaced by the CRM name it is closest to — or by
    each of two names as close ("petersan": Peterson and Petersen) — or []."""
    words = _words(re.sub(r"(?:'s|s')\b", "", said))
    if not words or len(words) > 3:
        return []
    readings: list[list[str]] = [[]]
    for word in words:
        if len(word) < 4:
            return []
        known = await _words_starting(act, word[:_PREFIX], word[0])
        if known is None:
            return []
        if word in known:
            readings = [[*r, word] for r in readings]
            continue
        ranked = _closest(word, known)
        if not ranked and len(word) >= _LONG:  # "bekcett": a typo in its first letters
            more = await _words_starting(act, word[:2], word[0])
            ranked = _closest(word, more or set(), _SURE)  # "milk" is not Mike
        close = [str(r[0]) for r in ranked if r[1] >= ranked[0][1] - _TIED]
        if not ranked or len(close) > 2 or (len(close) == 2 and len(readings) > 1):
            return []  # nobody close, or too many as close to tell
        readings = [[*r, c] for r in readings for c in close]
    found = [" ".join(r) for r in readings]
    return [] if found == [" ".join(words)] else found


async def _words_starting(act: _Tools, query: str, first: str) -> set[str] | None:
    """The words of the CRM's customer names found for ``query`` that start with
    ``first``, or None when the CRM could not be asked."""
    outcome = await act.tool("search_customers", {"query": query, "limit": 50})
    if outcome.is_error:
        return None
    return {
        w
        for c in outcome.content["customers"]
        for w in re.findall(r"[a-z]+", str(c["name"]).lower())
        if w[:1] == first
    }


def _typo_score(word: str, name: str, **_: object) -> float:
    """How alike a typed word and a name are, 0–100: letters left out or added (Indel),
    or two swapped ("bekcett"), whichever is kinder."""
    return max(fuzz.ratio(word, name), 100 * DamerauLevenshtein.normalized_similarity(word, name))


def _closest(word: str, known: set[str], cutoff: float = _CUTOFF) -> list[tuple[str, float, int]]:
    """The (at most three) names closest to ``word`` above ``cutoff``, best first."""
    return process.extract(word, known, scorer=_typo_score, limit=3, score_cutoff=cutoff)


async def heard_name(act: _Tools, said: str) -> str | None:
    """The CRM name ``said`` sounds like when speech recognition wrote it as other words
    ("patricia oh show" → "Patricia Ochoa", "the bucket job" → "Beckett"), or None."""
    words = [  # "all", "oh", "her" may be a name's sounds here ("linda all brights")
        w
        for w in re.findall(r"[a-z]+", re.sub(r"(?:'s|s')\b", "", said.lower()))
        if w not in _NOT_HEARD
    ]
    if not words or len(words) > 4:
        return None
    if len(words) > 1 and len(words[0]) >= 3:  # a first name said as the CRM has it
        found = await _names_matching(act, [words[0]])
        if found is None:
            return None
        with_first = sounds_like(words, found)
        if with_first is not None:
            return with_first
    heard = "".join(words)  # a surname alone, heard as one word or several
    found = await _names_matching(act, _first_sounds(heard))
    return None if found is None else sounds_like([heard], found)


def _first_sounds(heard: str) -> list[str]:
    """Short CRM queries a name sounding like ``heard`` contains: how its first sound may
    be written, with a vowel after it ("ke" for "colors"), or a vowel's next sound."""
    first = _SAME_SOUND.get(heard[0], heard[0])
    queries = [heard[:2], *(f"{letter}{vowel}" for letter in first for vowel in "aeiou")]
    key = jellyfish.metaphone(heard)
    if heard[0] in "aeiou" and len(key) > 1:
        queries += [heard[0] + spelt for spelt in _SPELT.get(key[1], key[1].lower())]
    return list(dict.fromkeys(queries))


async def _names_matching(act: _Tools, queries: list[str]) -> dict[str, str] | None:
    """The customer names the CRM finds for ``queries`` (lower-case → as written), or None
    when the CRM could not be asked."""
    seen: dict[str, str] = {}
    for query in queries:
        outcome = await act.tool("search_customers", {"query": query, "limit": 50})
        if outcome.is_error:
            return None
        for customer in outcome.content["customers"]:
            seen[str(customer["name"]).lower()] = str(customer["name"])
    return seen


def _key_alike(heard: str, name: str) -> float:
    """How alike ``heard`` and ``name`` sound, 0–100 (a plural "colors" as "color")."""
    key = jellyfish.metaphone(name)
    best = 0.0
    for variant in {heard, heard[:-1] if heard.endswith("s") and len(heard) > 3 else heard}:
        said = jellyfish.metaphone(variant)
        if said and key and said[0] == key[0]:
            best = max(best, fuzz.ratio(said, key))
        if len(key) >= 2 and len(said) == len(key) + 1 and said.startswith(key):
            best = max(best, _SOUND_CUTOFF)  # one sound more at the end: "duffel" for Duffy
    return best


def sounds_like(words: list[str], names: dict[str, str]) -> str | None:
    """The one of ``names`` (lower-case → as written) that ``words`` sound like: a surname
    heard as one or more words, after a first name said as the CRM has it (or none)."""
    scored: dict[str, tuple[float, str]] = {}
    for written in names.values():
        parts = written.split()
        if len(parts) < 2:
            continue
        first, last = parts[0], parts[-1]
        readings = [("".join(words), last)]
        if len(words) > 1 and fuzz.ratio(words[0], first.lower()) >= _FIRST_CUTOFF:
            readings.append(("".join(words[1:]), f"{first} {last}"))
        for heard, means in readings:
            score = _key_alike(heard, last.lower())
            if score >= _SOUND_CUTOFF and score > scored.get(last, (0.0, ""))[0]:
                scored[last] = (score, means)
    ranked = sorted(scored.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[1][0] > ranked[0][0] - _SOUND_AHEAD):
        return None
    return ranked[0][1]


async def names_someone(act: _Tools, said: str) -> bool:
    """Whether ``said`` names a customer on file, as said or close ("Keller siding",
    "kelor"); "vinyl siding" and "metal roofing" name nobody: a product, not a job."""
    words = _words(said)
    for word in words:
        outcome = await act.tool("search_customers", {"query": word, "limit": 20})
        found = [] if outcome.is_error else outcome.content["customers"]
        if any(word in word_set(c["name"].lower()) for c in found):
            return True
    return bool(words) and bool(await near_names(act, " ".join(words)))
