"""Answering a product question without a language model: the best sentences of the
best passages, with the citation. Plain word overlap is enough here because the
passages were already ranked by BM25; this only picks what to read out."""

from __future__ import annotations

import re
from typing import Any

import Stemmer

_STOP_WORDS = (
    "a an and are as at be by can do does for from how i if in is it its me my of on or "
    "our should so that the their them they this to was we what whats when where which "
    "who why will with you your about tell say answer respond handle"
)
_STOP = frozenset(_STOP_WORDS.split())
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\n+")


_STEM = Stemmer.Stemmer("english")


def terms(text: str) -> set[str]:
    """The stemmed content words of ``text``."""
    words = re.findall(r"[a-z0-9]+(?:[./-][a-z0-9]+)*", text.lower())
    kept = [w for w in words if w not in _STOP and (len(w) > 2 or w.isdigit())]
    return set(_STEM.stemWords(kept))


def _sentences(text: str) -> list[str]:
    parts = [p.strip(" -*•\t") for p in _SENTENCE.split(text)]
    return [p for p in parts if len(p) > 20 and not p.startswith("|")]


def cite(passage: dict[str, Any]) -> str:
    where = (
        f"{passage['document']} › {passage['heading']}"
        if passage.get("heading")
        else str(passage["document"])
    )
    return where + (f", p. {passage['page']}" if passage.get("page") else "")


def extractive_answer(
    question: str, passages: list[dict[str, Any]], *, sentences: int = 2
) -> str | None:
    """Up to ``sentences`` sentences from the passage that answers best, and where they are from."""
    asked = terms(question)
    if not asked or not passages:
        return None
    best: tuple[float, int, list[str]] | None = None
    for rank, passage in enumerate(passages[:3]):
        candidates = _sentences(passage["text"])
        scored = []
        for position, sentence in enumerate(candidates):
            overlap = asked & terms(sentence)
            numbers = {t for t in overlap if any(ch.isdigit() for ch in t)}
            scored.append((len(overlap) + len(numbers), position, sentence))
        top = sorted(scored, key=lambda s: (-s[0], s[1]))[:sentences]
        score = sum(s[0] for s in top) / (1 + 0.25 * rank)
        if top and top[0][0] > 0 and (best is None or score > best[0]):
            chosen = [s[2] for s in sorted(top, key=lambda s: s[1]) if s[0] > 0]
            best = (score, rank, chosen)
    if best is None:
        return None
    _, rank, chosen = best
    return f"{' '.join(chosen)} (Source: {cite(passages[rank])})"
