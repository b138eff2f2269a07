"""Answering a product question without a language model — or admitting it can't.

The passages come ranked by BM25; this decides whether one of them really answers the
question (its key terms covered, any figure asked about present) and reads out the
sentence that answers it, with the condition that follows it ("If…", "Only…"), not the
document's introduction. When none does, there is no answer: the brain says so.
"""

from __future__ import annotations

import re
from typing import Any

from hard_e.text import terms

# Words that frame a question rather than say what it is about.
_FRAMING = frozenset(
    terms(
        "tell say answer respond handle know need want customer customers homeowner "
        "homeowners client clients ask asks asked question explain much many get got use "
        "give make kind type sort please thing anyone someone somebody people wants "
        "hard-e hey guy guys folks us our we come comes came go goes went put puts happen "
        "happens exactly actually really best good better right way far long much take "
        "takes work works look looks mean means sure possible available ever every also "
        "need needs now what's whats there here one's anything something doing done use "
        "say says said think thinks told tell them they she he her his inch inches in ft "
        "feet foot lb lbs pound pounds"
    )
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\n\s*\n|\n(?=\s*[-*•|#A-Z]|\s*\d+[.)])")
# A question after a quantity: the sentence with a figure in it is the likely answer.
_QUANTITY = re.compile(
    r"\b(how (long|many|much|far|thick|heavy|wide|big|tall|high|low|often|soon|close)|"
    r"what (size|sizes|width|widths|length|thickness|weight|gap|clearance|pitch|rating|"
    r"spacing|temperature|lrv|percent)|when|minimum|maximum|lowest|highest|rating|r-?value|"
    r"u-?factor|shgc|lead time)\b",
    re.IGNORECASE,
)
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
TRADE_WORDS = frozenset(
    terms(
        "siding roof roofing shingle shingles window windows vinyl fiber cement plank lap "
        "panel trim soffit fascia gutter gutters flashing caulk housewrap wrap nail nails "
        "fastener exposure reveal warranty warranties colour color colours colors texture "
        "install installation installer underlayment ice water shield drip edge starter "
        "ridge vent attic glass glazing u-factor shgc low-e frame sash casement double-hung "
        "hail wind fire rating objection objections price cheaper quote quotes expensive "
        "door doors insulation r-value sheathing j-channel corner primer paint stain cure"
    )
)
COVERAGE = 0.5
SENTENCES = 3  # at most this many sentences are read out, when they score close
CLOSE = 0.35
"""Share of the question's key terms the answering passage itself must contain."""


def key_terms(question: str) -> set[str]:
    """What the question is about: its content terms without the framing words."""
    return {t for t in terms(question) if t not in _FRAMING and (len(t) > 2 or t[0].isdigit())}


def _sentences(text: str) -> list[str]:
    parts = [" ".join(p.split()).strip(" -*•\t#") for p in _SENTENCE.split(text)]
    return [
        _row(p) if p.startswith("|") else p for p in parts if len(p) > 12 and not _RULER.match(p)
    ]


_RULER = re.compile(r"^\|?[\s:|-]+\|?$")


def _row(line: str) -> str:
    """A table row read as words: "| Heartland | 2 to 3 weeks |" → "Heartland: 2 to 3 weeks"."""
    cells = [c.strip() for c in line.strip("|").split("|") if c.strip()]
    return cells[0] + ": " + ", ".join(cells[1:]) if len(cells) > 1 else "".join(cells)


def cite(passage: dict[str, Any]) -> str:
    where = (
        f"{passage['document']} › {passage['heading']}"
        if passage.get("heading")
        else str(passage["document"])
    )
    return where + (f", p. {passage['page']}" if passage.get("page") else "")


def _terms_of(passage: dict[str, Any]) -> set[str]:
    return set(terms(f"{passage['document']} {passage.get('heading') or ''} {passage['text']}"))


def covers(asked: set[str], passage: dict[str, Any], known: set[str]) -> bool:
    """Whether the passage is about what was asked: it shares a word with the question's
    topic (its document's title or heading, or the trade's own words), holds every
    figure asked about, and half of the question's key terms."""
    found = _terms_of(passage)
    topic = set(terms(f"{passage['document']} {passage.get('heading') or ''}"))
    figures = {t for t in asked if t[0].isdigit() and len(t) > 1}  # "8.25", "24"; not "one"
    anchored = bool(asked & topic) or bool(asked & TRADE_WORDS)
    unknown = len(asked - known)  # words no passage found has: what the documents lack
    return (
        anchored
        and unknown <= (len(asked) - 1) // 3
        and figures <= found
        and len(asked & found) >= COVERAGE * len(asked)
    )


def extractive_answer(question: str, passages: list[dict[str, Any]]) -> str | None:
    """The sentence (and its condition) of the passage that answers, and where it is
    from; None when no passage answers the question."""
    asked = key_terms(question)
    if not asked or not passages:
        return None
    wants_figure = bool(_QUANTITY.search(question))
    best: tuple[float, str, dict[str, Any]] | None = None
    known = set().union(*(_terms_of(p) for p in passages))
    names = set(terms(" ".join(re.findall(r"(?<=\s)[A-Z][a-z]+\w*", question))))
    if names - known:  # a product or brand the documents never name: not theirs
        return None
    for passage in passages:
        if not covers(asked, passage, known):
            continue
        topic = set(terms(f"{passage['document']} {passage.get('heading') or ''}"))
        candidates = _sentences(passage["text"])
        scored: list[tuple[float, int]] = []
        for position, sentence in enumerate(candidates):
            if _INTRO.match(sentence):
                continue
            said = terms(sentence)
            overlap = asked & set(said)
            if len(overlap | (asked & topic)) < min(2, len(asked)):
                continue  # the sentence (with its heading) must say what was asked about
            # what the heading already says is the topic; the other words are the answer
            figures = {t for t in overlap if t[0].isdigit()}
            score = 2 * len(overlap - topic) + 0.5 * len(overlap & topic) + len(figures)
            if wants_figure and re.search(r"\d", sentence):
                score += 3
            if said and said[0] in asked:  # "Thickness: 0.044 in" — a label, then its value
                score += 1.5
            scored.append((score - 0.01 * position, position))
        if not scored:
            continue
        scored.sort(reverse=True)
        top, at = scored[0]
        chosen = {at} | {i for score, i in scored[1:SENTENCES] if score >= CLOSE * top}
        after = at + 1
        if after < len(candidates) and (
            _CONDITION.match(candidates[after]) or candidates[at].endswith(":")
        ):
            chosen.add(after)
        text = " ".join(candidates[i] for i in sorted(chosen))
        best = (top, text, passage)
        break  # BM25's order: the first passage that covers the question answers it
    if best is None:
        return None
    _, text, passage = best
    return f"{text} (Source: {cite(passage)})"
