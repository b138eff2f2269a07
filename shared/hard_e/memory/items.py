"""What Hard-E remembers: memory items, extraction candidates, and how their words compare.

The word helpers here are shared by extraction (is a claim backed by the user's own
words?), consolidation (same fact, or a contradiction?) and recall (is it relevant?), so
all three agree on what a "word", a "number" and a "negation" are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, get_args

Category = Literal[
    "company_fact",
    "decision",
    "action_item",
    "user_preference",
    "learned_pattern",
    "tool_knowledge",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)
PER_USER: frozenset[Category] = frozenset({"user_preference", "action_item"})
"""Categories that belong to one user; every other category is shared by the company."""

Source = Literal["learned", "told"]


@dataclass(frozen=True)
class Memory:
    """One remembered item. Never deleted: a superseded or forgotten item gets ``valid_to``."""

    id: str
    tenant_id: str
    category: Category
    text: str
    subject: str
    """A short normalised topic key, e.g. ``financing`` or ``crm:proposal sent stage``."""
    user_id: str | None
    source_session: str | None
    source: Source
    confidence: float
    created_at: float
    updated_at: float
    valid_to: float | None = None
    superseded_by: str | None = None
    mentions: int = 1
    pending_reason: str | None = None
    """Set while a company-wide rule, price or instruction a rep stated waits for an
    admin's confirmation; such an item is kept but never used."""
    confirmed_by: str | None = None
    forgotten_at: float | None = None
    """When a person asked Hard-E to forget it (``valid_to`` is then set too)."""

    @property
    def active(self) -> bool:
        """In use: not ended, and not waiting for an admin."""
        return self.valid_to is None and self.pending_reason is None

    @property
    def pending(self) -> bool:
        return self.valid_to is None and self.pending_reason is not None

    @property
    def status(self) -> str:
        return "active" if self.active else "pending" if self.pending else "ended"


@dataclass(frozen=True)
class Candidate:
    """Something extraction found in a conversation, not yet stored."""

    category: Category
    text: str
    subject: str
    confidence: float
    user_id: str | None = None
    said_at: float | None = None
    """When the person said it (the utterance's time), so a fact said before it was
    forgotten is not learned back."""


def owner(category: Category, user_id: str | None) -> str | None:
    """Whose item this is: the user for PER_USER categories, else the company (None)."""
    return user_id if category in PER_USER else None


# --- words -------------------------------------------------------------------------


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
_NOT_NEGATING_AFTER_NO = word_set(
    "interest money obligation pressure cost charge payment payments problem worries"
)
_ONES_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
)
_ONES = {w: i for i, w in enumerate(_ONES_WORDS.split())}
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_TENS = {w: 10 * (i + 2) for i, w in enumerate(_TENS_WORDS.split())}
_SCALES = {"hundred": 100, "thousand": 1000}
_TOKEN = re.compile(r"\$|%|\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)?")
_UNIT_ALIASES = {"percent": "%", "pct": "%", "dollars": "$", "dollar": "$", "bucks": "$"}


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


def _is_number(token: str) -> bool:
    return token[0].isdigit()


def terms(text: str) -> list[str]:
    """Content terms: stemmed words and numbers, without stop words or negations."""
    return [
        t if _is_number(t) else stem(t)
        for t in tokens(text)
        if t not in ("$", "%")
        and t not in STOP_WORDS
        and t not in NEGATIONS
        and (len(t) > 1 or _is_number(t))
    ]


def numbers(text: str) -> frozenset[str]:
    return frozenset(t for t in tokens(text) if _is_number(t))


def values(text: str) -> dict[str, frozenset[str]]:
    """Numbers grouped by unit: "$450 per square, 12-month" → {"$": {450}, "month": {12}}.

    The unit is ``$`` or ``%`` when marked so, else the stem of the next content word,
    else "" (a bare number)."""
    toks = tokens(text)
    found: dict[str, set[str]] = {}
    for i, tok in enumerate(toks):
        if not _is_number(tok):
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if i > 0 and toks[i - 1] == "$":
            unit = "$"
        elif nxt in ("%", "$") or nxt in _UNIT_ALIASES:
            unit = _UNIT_ALIASES.get(nxt, nxt)
        elif nxt.isalpha() and (nxt not in STOP_WORDS or nxt in ("down", "off")):
            unit = stem(nxt)
        else:
            unit = ""
        found.setdefault(unit, set()).add(tok)
    return {unit: frozenset(nums) for unit, nums in found.items()}


def is_negative(text: str) -> bool:
    """Whether the statement is negated ("we no longer offer…", "we never…")."""
    toks = tokens(text)
    for i, tok in enumerate(toks):
        if tok == "no":
            if i + 1 < len(toks) and toks[i + 1] in _NOT_NEGATING_AFTER_NO:
                continue
            return True
        if tok in NEGATIONS or tok.endswith("n't"):
            return True
    return False


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def subject_key(subject: str) -> frozenset[str]:
    """A subject compared by its stemmed terms, so "Financing" equals "finance"."""
    return frozenset(terms(subject.replace(":", " ").replace("_", " ")))
