"""A product asked by the name its own document gives it ("the top of the line", "our
entry door", "the top tier") is read as that product (issue 9); a question asking which
product has that name is answered by the sentence that says so."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer
from hard_e.brain.reading.nicknames import nicknames


def passage(heading: str, text: str) -> dict[str, Any]:
    return {
        "document": "shutter-sheet.md",
        "heading": heading,
        "text": text,
        "chunk_id": "d-6:0001",
    }


LADDER = passage(
    "Shutter Sheet › Lines",
    "We sell three shutter lines. The Harbor 10 is our entry shutter. The Harbor 20 is the"
    " middle package. The Harbor 40 is the top of the line.\n\n"
    "| Line | Material | Warranty |\n|---|---|---|\n"
    "| Harbor 10 | Vinyl | 5 years |\n| Harbor 20 | Composite | 15 years |\n"
    "| Harbor 40 | Cellular PVC | Lifetime |\n| Custom Cedar | Cedar | 1 year |",
)


def test_a_document_names_its_products_ladder() -> None:
    assert nicknames([LADDER]) == {
        "our entry shutter": "Harbor 10",
        "the middle package": "Harbor 20",
        "the top of the line": "Harbor 40",
    }


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("whats the warranty on the top of the line", "Harbor 40: Cellular PVC, Lifetime"),
        ("what material is the middle package", "Harbor 20: Composite"),
        ("how long is our entry shutter warrantied", "Harbor 10: Vinyl, 5 years"),
    ],
)
def test_a_product_asked_by_its_documents_name_for_it_is_that_product(
    question: str, says: str
) -> None:
    said = extractive_answer(question, [LADDER])

    assert said is not None and says in said, question


def test_which_product_has_the_name_is_the_sentence_saying_it() -> None:
    said = extractive_answer("which shutter is the top of the line", [LADDER])

    assert said is not None and "The Harbor 40 is the top of the line" in said
