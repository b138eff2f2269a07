"""A table read the way a rep reads it (issue 9): the line above it ("Who signs
what:") says what every row is about, so "who signs the lien waiver" is the lien
waiver's row, not the caption and the first row; and a table whose first column names
what each row is ("Photo | Minimum count") answers "how many photos of …"."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer


def passage(heading: str, text: str) -> dict[str, Any]:
    return {"document": "claims-desk.md", "heading": heading, "text": text, "chunk_id": "d-4:0006"}


SIGNERS = passage(
    "Claims Desk › Paperwork",
    "Every claim job has three forms.\n\nWho signs what:\n\n"
    "| Form | Homeowner | Rep | Office |\n|---|---|---|---|\n"
    "| Inspection consent | Yes | Yes | No |\n"
    "| Lien waiver | No | No | Controller signs at final payment |\n"
    "| Change order | Every owner on the deed | Yes | Production manager countersigns |",
)
PHOTOS = passage(
    "Claims Desk › Photos",
    "| Photo | Minimum count | Notes |\n|---|---|---|\n"
    "| Each elevation | 4 | Front, back and both sides |\n"
    "| Each damaged vent | 2 | One wide, one close |\n"
    "| Gutter dents | 3 | With a coin for scale |",
)


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("who signs the lien waiver", "Controller signs at final payment"),
        ("who has to sign a change order", "Production manager countersigns"),
        ("who signs the inspection consent", "Inspection consent: Yes, Yes, No"),
    ],
)
def test_a_tables_caption_says_what_its_rows_are_about(question: str, says: str) -> None:
    said = extractive_answer(question, [SIGNERS])

    assert said is not None and says in said, question
    assert "Who signs what" not in said


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("how many photos of each damaged vent", "Each damaged vent: 2"),
        ("how many pictures of the gutter dents", "Gutter dents: 3"),
        ("how many pics of each elevation do i need", "Each elevation: 4"),
    ],
)
def test_rows_named_by_the_first_column_count_that_thing(question: str, says: str) -> None:
    said = extractive_answer(question, [PHOTOS])

    assert said is not None and says in said, question
