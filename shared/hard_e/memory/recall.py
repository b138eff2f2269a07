"""Recall: the few memories worth putting in front of the model for this turn."""

from __future__ import annotations

import math
from collections import Counter

from hard_e.memory.items import PER_USER, Category, Memory, terms

K1 = 1.2
B = 0.75
RELEVANCE_WEIGHT = 2.0
PREFERENCE_BONUS = 0.5
"""A user's own preferences shape every answer, so they rank above merely related items."""
HALF_LIFE_DAYS = 90.0
_BACKGROUND: frozenset[Category] = frozenset({"user_preference", "company_fact", "decision"})
"""What an empty query still returns: how to talk to this user and how the company works."""


def recall(
    query: str,
    items: list[Memory],
    *,
    budget_chars: int = 1500,
    user_id: str | None = None,
    limit: int = 12,
    now: float | None = None,
) -> list[Memory]:
    """The most relevant active items for a turn, best first, within ``budget_chars`` of text.

    Other users' PER_USER items are never returned; the user's own preferences always
    compete. Items are ranked by BM25 relevance to ``query`` (stemmed), then by
    confidence, mentions and recency (relative to ``now``, by default the newest item).
    With no usable query words, the user's preferences and the most confirmed company
    facts and decisions come back. Deterministic: ties break on id.
    """
    pool = [m for m in items if m.active and _visible(m, user_id)]
    if not pool or limit <= 0 or budget_chars <= 0:
        return []
    asked = set(terms(query))
    relevance = _bm25(asked, pool) if asked else [0.0] * len(pool)
    top = max(relevance) or 1.0
    newest = now if now is not None else max(m.updated_at for m in pool)
    ranked: list[tuple[float, str, Memory]] = []
    for memory, rel in zip(pool, relevance, strict=True):
        preference = memory.category == "user_preference"
        if rel <= 0 and not preference and (asked or memory.category not in _BACKGROUND):
            continue
        score = RELEVANCE_WEIGHT * rel / top + _prior(memory, newest)
        ranked.append((score + (PREFERENCE_BONUS if preference else 0.0), memory.id, memory))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    chosen: list[Memory] = []
    left = budget_chars
    for _, _, memory in ranked:
        if len(memory.text) <= left:
            chosen.append(memory)
            left -= len(memory.text)
            if len(chosen) == limit:
                break
    return chosen


def _visible(memory: Memory, user_id: str | None) -> bool:
    return memory.category not in PER_USER or (user_id is not None and memory.user_id == user_id)


def _prior(memory: Memory, now: float) -> float:
    """0..1: how much an item is worth regardless of the question."""
    confirmed = min(1.0, math.log(max(memory.mentions, 1)) / math.log(5))
    age_days = max(0.0, now - memory.updated_at) / 86_400
    recency = math.pow(0.5, age_days / HALF_LIFE_DAYS)
    confidence = min(1.0, max(0.0, memory.confidence))
    return 0.4 * confidence + 0.4 * confirmed + 0.2 * recency


def _bm25(asked: set[str], pool: list[Memory]) -> list[float]:
    docs = [
        Counter(terms(f"{m.subject.replace(':', ' ').replace('_', ' ')} {m.text}")) for m in pool
    ]
    average = sum(sum(d.values()) for d in docs) / len(docs) or 1.0
    frequency = Counter(t for d in docs for t in set(d) & asked)
    n = len(docs)
    scores: list[float] = []
    for doc in docs:
        length = sum(doc.values())
        score = 0.0
        for term in asked & set(doc):
            idf = math.log(1 + (n - frequency[term] + 0.5) / (frequency[term] + 0.5))
            tf = doc[term]
            score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
        scores.append(score)
    return scores
