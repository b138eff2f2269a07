"""Issue 9, the coverage gate (is this passage about what was asked?): a figure the passage
states in a range counts as said ("year eight" of "Years 6 to 50"), and a measure word the
answer's figure says ("what *size*") or a particle ("*up*") is not needed to anchor the
passage — what names the thing is."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer


def passage(heading: str, text: str, document: str) -> dict[str, Any]:
    return {"document": document, "heading": heading, "text": text, "chunk_id": "doc-x:0009"}


WARRANTY = passage(
    "Cedarline Siding Guide › Warranty",
    "| Coverage | Term | What it pays |\n|---|---|---|\n"
    "| Board substrate (all products) | 50 years, limited | Years 1 to 5: new material and "
    "labour to replace it. Years 6 to 50: material only, prorated |\n"
    "| Prefinished colour fade | 7 years | Refinish the faded boards |\n",
    "cedarline-siding-guide.md",
)
WALKWAYS = passage(
    "Flatdeck Membrane Guide › Foot Traffic and Rooftop Use",
    "Put Flatdeck walkway pads, 30 in x 30 in, along every path to a unit that needs "
    "service. Loose pads blow off; weld them down.",
    "flatdeck-membrane-guide.md",
)


@pytest.mark.parametrize(
    "question",
    [
        "if a board fails in year eight do they pay for the labor",
        "does the warranty pay labour if a board fails in year 20",
    ],
)
def test_a_year_inside_a_stated_range_is_said_by_that_row(question: str) -> None:
    answer = extractive_answer(question, [WARRANTY])

    assert answer is not None
    assert "Years 6 to 50: material only" in answer


@pytest.mark.parametrize(
    "question", ["what size are the walkway pads", "what size walkway pads do we use"]
)
def test_a_measure_word_is_not_needed_to_anchor_the_passage(question: str) -> None:
    answer = extractive_answer(question, [WALKWAYS])

    assert answer is not None
    assert "30 in x 30 in" in answer


def test_two_ordinary_words_still_do_not_anchor_a_passage_about_something_else() -> None:
    # the anchor is loosened for measure words only: a question about another thing that
    # shares one word with the passage is still not answered from it
    answer = extractive_answer("what size are the pool pump pads", [WALKWAYS])

    assert answer is None
