"""Issue 9, answer or admit: a maker or line the documents name only in their titles
("Oakhaven Engineered Wood Siding — Product Guide") is still a product asked about; a
question that says it is never answered with another maker's sentence."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer

LIBRARY_FIRE = {
    "document": "Acme Fiber Cement Lap Siding — Product Specification Sheet",
    "heading": "Performance Ratings › Fire",
    "text": "AcmeLap is noncombustible and has a flame spread index of 0 under ASTM E84, which "
    "is a Class A fire rating.",
    "chunk_id": "lib-acme-lap:0006",
}


def oakhaven(heading: str, text: str, chunk: str) -> dict[str, Any]:
    return {
        "document": "oakhaven-engineered-wood-siding-guide.md",
        "heading": f"Oakhaven Engineered Wood Lap Siding — Product Guide › {heading}",
        "text": text,
        "chunk_id": f"doc-oak:{chunk}",
    }


FASTENING = oakhaven(
    "Fastening",
    "Nail every stud with 8d hot-dip galvanized nails, 3/8 in from the top edge of the board.",
    "0004",
)
FIRE = oakhaven(
    "Fire",
    "The lap siding carries a Class C flame spread rating; use a fire-rated board within 5 ft "
    "of a neighbouring house.",
    "0009",
)


@pytest.mark.parametrize(
    "question",
    [
        "what's the fire rating on oakhaven siding",
        "what's the fire rating on the oakhaven lap",
        "is oakhaven siding noncombustible",
    ],
)
def test_a_maker_named_in_the_titles_is_no_other_makers_answer(question: str) -> None:
    assert extractive_answer(question, [LIBRARY_FIRE, FASTENING]) is None


def test_the_makers_own_section_answers() -> None:
    answer = extractive_answer(
        "what's the fire rating on oakhaven siding", [LIBRARY_FIRE, FASTENING, FIRE]
    )

    assert answer is not None
    assert "Class C flame spread rating" in answer
