"""What Hard-E remembers: memory items, extraction candidates, and how their words compare.

The word helpers here are shared by extraction (is a claim backed by the user's own
words?), consolidation (same fact, or a contradiction?) and recall (is it relevant?), so
all three agree on what a "word", a "number" and a "negation" are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from hard_e.text.words import (
    NEGATIONS,
    NOT_NEGATING_AFTER_NO,
    STOP_WORDS,
    UNIT_ALIASES,
    is_number,
    normalise,
    numbers,
    stem,
    terms,
    tokens,
    word_set,
)

__all__ = [
    "NEGATIONS",
    "STOP_WORDS",
    "normalise",
    "numbers",
    "stem",
    "terms",
    "tokens",
    "word_set",
]

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


def values(text: str) -> dict[str, frozenset[str]]:
    """Numbers grouped by unit: "$450 per square, 12-month" → {"$": {450}, "month": {12}}.

    The unit is ``$`` or ``%`` when marked so, else the stem of the next content word,
    else "" (a bare number)."""
    toks = tokens(text)
    found: dict[str, set[str]] = {}
    for i, tok in enumerate(toks):
        if not is_number(tok):
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if i > 0 and toks[i - 1] == "$":
            unit = "$"
        elif nxt in ("%", "$") or nxt in UNIT_ALIASES:
            unit = UNIT_ALIASES.get(nxt, nxt)
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
            if i + 1 < len(toks) and toks[i + 1] in NOT_NEGATING_AFTER_NO:
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
