"""The offline reader and a tier asked by its place in the document's table (issue 9):
"the top scaffold level", "the biggest trailer", "the cheapest bin" are read with that
row's name, so the row or sentence that says it answers; a place a row is named by, or
no table of that thing, leaves the question as asked."""

from __future__ import annotations

from typing import Any

from hard_e.brain.reading import extractive_answer
from hard_e.brain.reading.places import placed


def passage(heading: str, text: str, document: str = "yard-policy.md") -> dict[str, Any]:
    return {"document": document, "heading": heading, "text": text, "chunk_id": "doc-9:0002"}


SCAFFOLD = passage(
    "Yard Policy › Scaffold Levels",
    "We use three scaffold levels.\n\n"
    "| Level | Name | When it is used |\n|---|---|---|\n"
    "| 1 | Ground Staging | One-storey walls |\n"
    "| 2 | Pump Jacks | Two-storey walls |\n"
    "| 3 | Full Frame | Walls over two storeys or on a slope |\n",
)
TRAILERS = passage(
    "Yard Policy › Trailers",
    "| Trailer | Load | Daily fee |\n|---|---|---|\n"
    "| 12 ft | Up to 2 tons | $140 |\n"
    "| 16 ft | Up to 4 tons | $95 |\n"
    "| 20 ft | Up to 6 tons | $180 |\n",
)
PLANS = passage(
    "Yard Policy › The three gutter plans",
    "| Plan | Guard | Yearly visits | Price |\n|---|---|---|---|\n"
    "| Rainkeep | Screen | 1 | $120 a year |\n"
    "| Flowmaster | Mesh | 2 | $210 a year |\n"
    "| Stormking | Hood | 4 | $390 a year |\n",
)
NAMED = passage(
    "Yard Policy › Guards",
    "| Tier | Guard | Price |\n|---|---|---|\n"
    "| Basic | Screen | $3 |\n| Middle | Mesh | $6 |\n| Top | Hood | $9 |\n",
)


def test_a_tier_asked_by_its_place_is_read_with_its_row() -> None:
    cases = {
        "when do we use the top scaffold level": "Walls over two storeys",
        "when is the bottom scaffold level enough": "One-storey walls",
        "when do we use the middle scaffold level": "Two-storey walls",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [SCAFFOLD])

        assert said is not None and fact in said, question


def test_a_tier_word_finds_the_table_of_plans_or_packages() -> None:
    cases = {
        "how many visits come with the basic tier": "Rainkeep",
        "whats the price on the middle package": "Flowmaster",
        "what guard is in the top plan": "Stormking",
        "is the entry level option a screen": "Rainkeep",
    }
    for question, row in cases.items():
        assert row in placed(question, [PLANS]), question


def test_biggest_and_cheapest_go_by_the_row_s_size_and_price() -> None:
    assert "20 ft" in placed("how much does the biggest trailer hold", [TRAILERS])
    assert "12 ft" in placed("whats the smallest trailer", [TRAILERS])
    assert "16 ft" in placed("which is the cheapest trailer", [TRAILERS])


def test_a_place_that_names_a_row_or_no_table_is_left_as_asked() -> None:
    for question, passages in (
        ("how much is the top guard", [NAMED]),
        ("how far from the top of the wall", [SCAFFOLD]),
        ("whats the cheapest truck", [TRAILERS]),
        ("which plan has the lowest yearly price", [PLANS]),  # a column's least, no place
        ("how do i clean the top of a gutter guard", [PLANS]),
    ):
        assert placed(question, passages) == question, question
