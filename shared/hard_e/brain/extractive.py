"""Answering a product question without a language model — or admitting it can't.

The passages come ranked by BM25; this decides whether one of them really answers the
question (its key terms covered, any figure asked about present) and reads out the
sentence that answers it, with the condition that follows it ("If…", "Only…"), not the
document's introduction. When none does, there is no answer: the brain says so.
"""

from __future__ import annotations

import math
import re
from typing import Any

from hard_e.text import terms

# Words that frame a question rather than say what it is about.
_FRAMING = frozenset(
    terms(
        "tell say answer respond handle know need want customer customers homeowner "
        "homeowners client clients ask asks asked question explain much many get got use "
        "give make kind type sort please thing anyone someone somebody people wants "
        "hard-e hey guy guys folks us our we"
    )
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\n+")
_CONDITION = re.compile(
    r"^(if|unless|only|provided|when|except|but|this applies|not |it must|must|requires?|"
    r"as long as|in that case|otherwise)\b",
    re.IGNORECASE,
)
_INTRO = re.compile(
    r"^(this (guide|document|section|sheet|page)|in this (guide|section)|the following|"
    r"below (you|are|is)|read this|use this|overview)\b",
    re.IGNORECASE,
)
COVERAGE = 0.75
"""Share of the key terms of a longer question (over three) a passage must contain to
count as an answer; a short question's terms must all be there."""


def key_terms(question: str) -> set[str]:
    """What the question is about: its content terms without the framing words."""
    return {t for t in terms(question) if t not in _FRAMING and (len(t) > 2 or t[0].isdigit())}


def _sentences(text: str) -> list[str]:
    parts = [p.strip(" -*•\t#") for p in _SENTENCE.split(text)]
    return [p for p in parts if len(p) > 20 and not p.startswith("|")]


def cite(passage: dict[str, Any]) -> str:
    where = (
        f"{passage['document']} › {passage['heading']}"
        if passage.get("heading")
        else str(passage["document"])
    )
    return where + (f", p. {passage['page']}" if passage.get("page") else "")


def covers(asked: set[str], passage: dict[str, Any]) -> bool:
    """Whether the passage is about what was asked: key terms and every figure."""
    found = set(terms(f"{passage['document']} {passage.get('heading') or ''} {passage['text']}"))
    figures = {t for t in asked if t[0].isdigit()}
    need = len(asked) if len(asked) <= 3 else math.ceil(COVERAGE * len(asked))
    return len(asked & found) >= need and figures <= found


def extractive_answer(question: str, passages: list[dict[str, Any]]) -> str | None:
    """The sentence (and its condition) of the passage that answers, and where it is
    from; None when no passage answers the question."""
    asked = key_terms(question)
    if not asked or not passages:
        return None
    best: tuple[float, str, dict[str, Any]] | None = None
    for rank, passage in enumerate(passages[:3]):
        if not covers(asked, passage):
            continue
        heading = set(terms(str(passage.get("heading") or "")))
        candidates = _sentences(passage["text"])
        for position, sentence in enumerate(candidates):
            if _INTRO.match(sentence):
                continue
            said = set(terms(sentence))
            overlap = asked & said
            if not overlap:
                continue
            figures = {t for t in overlap if t[0].isdigit()}
            score = len(overlap) + len(figures) + 0.5 * len(asked & heading - said)
            score = score / (1 + 0.3 * rank) - 0.01 * position
            if best is None or score > best[0]:
                text = sentence
                after = candidates[position + 1] if position + 1 < len(candidates) else ""
                if after and (_CONDITION.match(after) or sentence.endswith(":")):
                    text = f"{sentence} {after}"
                best = (score, text, passage)
    if best is None:
        return None
    _, text, passage = best
    return f"{text} (Source: {cite(passage)})"
