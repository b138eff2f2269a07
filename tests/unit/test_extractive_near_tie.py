"""Issue 9, answer or admit: when the best-scored sentence says too little of the
question to be read out, a near-tied one that says clearly more of it answers ("another
maker's tape keeps its wrap warranty"); with none, the reader still admits."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer

WARRANTY = {
    "document": "Acme House Wrap — Crew and Sales Guide",
    "heading": "Acme House Wrap — Crew and Sales Guide › Warranty",
    "text": "The warranty applies only when the wrap was covered within its exposure limit, "
    "fastened with cap nails or cap staples, and every seam was taped. A wall wrapped "
    "with another maker's tape keeps its wrap warranty, but the tape itself is not covered.",
    "chunk_id": "doc-acme-wrap:0009",
}


@pytest.mark.parametrize(
    "question",
    [
        "if we use another brand of tape is the wrap still covered",
        "is the wrap still covered if the crew uses another brand of tape",
        "if the guys tape it with another brand is the wrap still covered",
    ],
)
def test_a_near_tied_sentence_that_says_more_answers(question: str) -> None:
    answer = extractive_answer(question, [WARRANTY])

    assert answer is not None
    assert "another maker's tape keeps its wrap warranty" in answer


def test_with_no_such_sentence_the_reader_still_admits() -> None:
    alone = {**WARRANTY, "text": WARRANTY["text"].split(" A wall")[0]}

    assert (
        extractive_answer("if we use another brand of tape is the wrap still covered", [alone])
        is None
    )
