"""The offline reader and the rep's word for what the document says another way (issue 9):
a thing that "sits" somewhere is one the document says "stays" there."""

from __future__ import annotations

from typing import Any

from hard_e.brain.reading import extractive_answer

YARD: dict[str, Any] = {
    "document": "yard-policy.md",
    "heading": "Yard Policy › On site",
    "chunk_id": "doc-9:0005",
    "text": (
        "A rented trailer stays in the customer's yard up to 5 days; after that the "
        "rental company charges $40 a day.\n\n"
        "Tarps may stay on a roof for 30 days before the warranty on the deck is void.\n\n"
        "Pallets of brick stay on the driveway only on a plywood sheet."
    ),
}


def test_what_sits_somewhere_is_what_the_document_says_stays_there() -> None:
    cases = {
        "how long can the trailer sit in the yard": "up to 5 days",
        "how long can a tarp sit on the roof": "30 days",
        "can the brick pallets sit on the driveway": "plywood sheet",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [YARD])

        assert said is not None and fact in said, question
