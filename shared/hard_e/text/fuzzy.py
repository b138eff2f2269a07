"""Near-misses, forgiven: a typed "stgae" is "stage", "apointments" is "appointments".

rapidfuzz does the matching (edit distance with transpositions); this module only says
how far a word may be from a known one (a short word only for two swapped letters, the first
letter must agree), and keeps the person's own words for the values
read out of a message (a name or a text's body is never "corrected").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from hard_e.text.emoji import blanked
from hard_e.text.english import is_english
from hard_e.text.shorthand import CHAT

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def allowed_edits(word: str) -> int:
    """How many typos a word of this length may carry and still be recognised (a word
    of three or four letters only two swapped letters, see ``closest``)."""
    return 0 if len(word) < 3 else 1 if len(word) < 8 else 2


def closest(word: str, known: Iterable[str], *, edits: int | None = None) -> str | None:
    """The known word ``word`` is most likely a typo of, or None when none is close."""
    limit = allowed_edits(word) if edits is None else edits
    if limit == 0:
        return None
    # A typo rarely hits the first letter; asking for it keeps "tell" from being "cell".
    same_start = [k for k in known if k[:1] == word[:1]]
    if len(word) <= 4:  # a short word: two letters swapped ("whta", "jbo") or one left out
        # of a word a letter longer ("mve", "helo", "emal", "writ")
        same_start = [
            k
            for k in same_start
            if sorted(k) == sorted(word) or (len(k) == len(word) + 1 and _left_out(word, k))
        ]
    found = process.extract(
        word, same_start, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=None
    )
    if not found:
        return None
    # Ties are broken the same way every time (``known`` may be a set, whose order changes
    # from one process to the next): a letter left out is the likeliest slip of a thumb
    # ("contrct" is "contract", not "contact"), then one letter too many ("hands" is
    # "hand", not "handy"), then the nearer length, then the alphabet.
    best = min(d for _, d, _ in found)
    tied = [str(k) for k, d, _ in found if d == best]
    return min(
        tied,
        key=lambda k: (
            not _left_out(word, k),
            not _left_out(k, word),
            abs(len(k) - len(word)),
            k,
        ),
    )


def _left_out(word: str, known: str) -> bool:
    """ "helo" is "hello" with one letter left out."""
    return any(known[:i] + known[i + 1 :] == word for i in range(len(known)))


@dataclass(frozen=True)
class Corrected:
    """A lower-cased message with typos of known words fixed, and the way back."""

    text: str
    original: str
    fixes: tuple[tuple[int, int, int], ...] = ()
    """Each fixed word: its start and end in ``text`` and its length in ``original``."""

    def _back(self, at: int) -> int:
        """The position in ``original`` of position ``at`` of ``text``."""
        shift = 0
        for start, end, length in self.fixes:
            if at < end:
                return start - shift if at > start else at - shift
            shift += (end - start) - length
        return at - shift

    def restore(self, start: int, end: int) -> str:
        """The person's own words, in their own case, for the span ``text[start:end]``."""
        return self.original[self._back(start) : self._back(end)]


def _possessive(word: str, vocabulary: Collection[str], protected: Collection[str]) -> bool:
    """ "job's" is the known word "job" owning something, not a typo of "jobs"."""
    base = word[:-2] if word.endswith("'s") else ""
    return bool(base) and (base in vocabulary or base in protected)


def _inflected(word: str, vocabulary: Collection[str]) -> bool:
    """A plural or past form of a known word ("leads", "booked") is that word, not a typo."""
    return any(
        word.endswith(end) and word[: -len(end)] in vocabulary for end in ("s", "es", "ed", "d")
    )


def _dropped_g(word: str, vocabulary: Collection[str], protected: Collection[str]) -> str | None:
    """ "lookin" is "looking", "doin" "doing", "gettin" "getting", "movin" "moving": an
    "-in'" said for "-ing" on a word the brain knows."""
    if not word.endswith("in") or len(word) < 4:
        return None
    base = word[:-2]
    if base + "ing" in vocabulary or base + "ing" in protected:
        return base + "ing"
    for verb in (base, base + "e", base[:-1] if base[-1:] == base[-2:-1] else ""):
        if len(verb) >= 2 and (verb in vocabulary or verb in protected):
            return base + "ing"
    return None


def _held_letter(word: str, vocabulary: Collection[str], protected: Collection[str]) -> str | None:
    """ "heyy", "annd", "soooo": a letter held or hit twice, on a word the brain knows."""
    for m in re.finditer(r"(\w)\1+", word):
        once = word[: m.start()] + m.group(1) + word[m.end() :]
        twice = word[: m.start()] + m.group(1) * 2 + word[m.end() :]
        for plain in (once, twice):
            if plain != word and (plain in vocabulary or plain in protected):
                return plain
    return None


def _skeleton(word: str) -> str:
    """A word's first letter and its consonants, a doubled one once: "remember" → "rmbr"."""
    return re.sub(r"(.)\1+", r"\1", word[:1] + re.sub(r"[aeiou]", "", word[1:]))


def _in_order(short: str, word: str) -> bool:
    """ "shld" is "should" with letters left out, in the same order."""
    letters = iter(word)
    return all(ch in letters for ch in short)


@lru_cache(maxsize=8)
def _skeletons(vocabulary: frozenset[str], protected: frozenset[str]) -> dict[str, str | None]:
    """Each skeleton of three consonants or more → the one known word it is, or None when
    two words share it ("bd": bid or bad)."""
    out: dict[str, str | None] = {}
    for known in vocabulary | protected:
        key = _skeleton(known)
        if len(key) >= 3 and known.isalpha():
            out[key] = known if out.get(key, known) == known else None
    return out


def _vowels_dropped(
    word: str, vocabulary: Collection[str], protected: Collection[str]
) -> str | None:
    """ "rmbr" is "remember", "shld" "should": a word typed without its vowels, when only
    one known word is written so."""
    if len(word) < 3 or not word.isalpha() or re.search(r"[aeiou]", word[1:]):
        return None
    if not isinstance(vocabulary, frozenset) or not isinstance(protected, frozenset):
        return None
    known = _skeletons(vocabulary, protected).get(_skeleton(word))
    return known if known and known != word and _in_order(word, known) else None


SHORTHAND = CHAT  # the one table (``hard_e.text.shorthand``)
_SHORT_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|#(?![\w-])")


def spelled_out(message: str) -> str:
    """``message`` with its texting shorthand spelled out ("what'd i tell u" → "what did i
    tell you"), every other word as it was said (a name keeps its case)."""

    def spell(m: re.Match[str]) -> str:
        after = message[m.end() : m.end() + 1]
        if after in ("-", "'"):
            return m.group()
        spelled = SHORTHAND.get(m.group().lower(), m.group())
        glued = m.group() == "#" and message[m.start() - 1 : m.start()].isalnum()
        return f" {spelled}" if glued else spelled

    return re.sub(r"(?<![\w'])[A-Za-z0-9]+(?:'[A-Za-z]+)?|#(?![\w-])", spell, message)


def correct(message: str, vocabulary: Collection[str], protected: Collection[str]) -> Corrected:
    """``message`` lower-cased, texting shorthand spelled out ("wat" → what), each
    unknown word replaced by the vocabulary word it is one or two typos away from, emoji
    blanked out. Words in ``protected`` (ordinary words) are left alone."""
    low = blanked(message.lower().replace("\u2019", "'").replace("\u2018", "'"))
    out: list[str] = []
    fixes: list[tuple[int, int, int]] = []
    pos = shift = 0
    for m in _SHORT_WORD.finditer(low):
        word = m.group()
        spelled = SHORTHAND.get(word)
        if spelled is not None and low[m.end() : m.end() + 1] not in ("-", "'"):
            fixed: str | None = spelled  # "u-factor" and "u's" are not shorthand
            if word == "#" and low[m.start() - 1 : m.start()].isalnum():
                fixed = f" {spelled}"  # "ph#": "ph number"
        elif (
            not _WORD.fullmatch(word)
            or _possessive(word, vocabulary, protected)
            or word in vocabulary
            or word in protected
            or _inflected(word, vocabulary)
        ):
            continue
        else:
            fixed = (
                _dropped_g(word, vocabulary, protected)
                or closest(word, vocabulary)
                or _vowels_dropped(word, vocabulary, protected)
                or _held_letter(word, vocabulary, protected)
                or (None if is_english(word) else closest(word, protected))  # "thier", "tht"
            )
            if fixed is not None and message[m.start() : m.start() + 1].isupper():
                fixed = None  # "Devin", "Austin": a name said with a capital
        if fixed is None:
            continue
        out.append(low[pos : m.start()])
        start = m.start() + shift
        out.append(fixed)
        fixes.append((start, start + len(fixed), len(word)))
        shift += len(fixed) - len(word)
        pos = m.end()
    out.append(low[pos:])
    return Corrected("".join(out), message, tuple(fixes))
