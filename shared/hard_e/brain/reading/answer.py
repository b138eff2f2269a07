"""The answer read out: the best candidate (or a near-tied stronger one), its
neighbour and condition, or a table's column; None when nothing answers."""

from __future__ import annotations

import re
from typing import Any

from hard_e.brain.asked import asked_question
from hard_e.brain.reading.candidates import Candidate, candidates
from hard_e.brain.reading.glossary import defined_answer
from hard_e.brain.reading.nicknames import named
from hard_e.brain.reading.passages import _CONDITION, cite
from hard_e.brain.reading.places import placed
from hard_e.brain.reading.question import key_terms, spoken_figures
from hard_e.brain.reading.spelling import spelled
from hard_e.brain.reading.tables import _column
from hard_e.brain.reading.wording import _expand

CLOSE = 0.8
"""A sentence next to the best one, scoring at least this share of it, is read out too."""


WEAK = 0.6
"""An answer saying less than this share of the question's key-term weight (with its
heading) is read out only when it scores at least `SURE` otherwise — by holding the
figure asked for, naming the product, being under the heading that is the question. A
sentence that shares a word or two with the question and nothing more is most often
from a document about something else ("how thick is the coil on the six inch gutters"
answered with a fascia board's row)."""


SURE = 6.5


def extractive_answer(question: str, passages: list[dict[str, Any]]) -> str | None:
    """The sentence (and its condition) that answers the question, and where it is
    from; None when no passage answers it."""
    question = _DIFFERENCE.sub(r"\g<what> between", spelled(asked_question(question), passages))
    glossary = defined_answer(question, passages)
    if glossary is not None:
        return glossary  # "what does RCV stand for": the row or sentence defining it
    question, nicknamed = named(question, passages)  # "the top of the line": "the Stamford 500"
    if not nicknamed:
        question = placed(question, passages)  # "the top containment level": Level 3's row
    ranked = candidates(question, passages)
    if not ranked:
        return None
    best = ranked[0]
    if _weak(best):  # a near-tied sentence that says the question may answer instead
        sure = [
            c
            for c in ranked[1:]
            if c.score >= CLOSE * best.score and c.share >= best.share + MORE and not _weak(c)
        ]
        if not sure:
            return None  # says little of the question, and nothing else vouches for it
        best = sure[0]
        ranked = [best] + [c for c in ranked if c is not best]
    column = _column_answer(question, best)
    if column is not None:
        return f"{column} (Source: {cite(best.passage)})"
    units = best.units
    at = best.unit.position
    chosen = {at}
    for other in ranked[1:]:  # a neighbour that says nearly as much: one answer in two
        if other.passage is best.passage and abs(other.unit.position - at) == 1:
            if other.score - other.own >= CLOSE * (best.score - best.bonus - best.own):
                chosen.add(other.unit.position)
            break
    if best.unit.follows:
        chosen.add(at - 1)
    if best.then:
        chosen.add(at + 1)
    after = max(chosen) + 1
    if after < len(units) and (
        _CONDITION.match(units[after].text) or units[after - 1].text.endswith(":")
    ):
        chosen.add(after)
    text = " ".join(units[i].text for i in sorted(chosen))
    return f"{text} (Source: {cite(best.passage)})"


_DIFFERENCE = re.compile(r"\bthe differences? (?:in (?P<what>[\w-]+) )?between\b", re.I)
"""A comparison asked ("the difference in thickness between Classic and Heritage") is
answered by the figures or the step the documents state, which never say "difference":
it asks for the thickness of both."""


MORE = 0.2
"""How much more of the question's weight a near-tied sentence must say to answer when the
best-scored one is too weak to ("another maker's tape keeps its wrap warranty" for "if
we use another brand of tape is the wrap still covered", over the warranty's general
terms): clearly more, so a sentence barely different is still no reason to answer."""


def _weak(candidate: Candidate) -> bool:
    """Says little of the question, and nothing else vouches for it."""
    return candidate.share < WEAK and candidate.score - candidate.own < SURE and not candidate.then


def _column_answer(question: str, best: Candidate) -> str | None:
    """A table asked about by one of its columns and none of its rows ("what's the wind
    rating on the shingles", "how many bundles per square") is read down that column,
    naming it: "Wind rating — Ridgeback: 110 mph, …; Tempest IR: 130 mph, …" — every
    row, so the rule comes with its exceptions. None when a row is named (then the row
    is the answer) or no single column is what was asked."""
    unit = best.unit
    asked = key_terms(spoken_figures(question))
    at = _column(unit, best.units, asked, _expand(asked, question))
    if at is None:
        return None
    table = [u for u in best.units if u.row and u.header == unit.header]
    values = "; ".join(f"{u.cells[0]}: {u.cells[at]}" for u in table if len(u.cells) > at)
    return f"{unit.header[at]} — {values}"
