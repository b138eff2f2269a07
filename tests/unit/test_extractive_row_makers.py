"""Issue 9, table rows: a row's name (its first cell) says which row of its table the
question asks about. The maker the document's title names goes without saying ("the
shakes" of the Acme sheet name its "Acme Shake" row whole), and a row whose name says
nothing asked ("Acme Slate") is not the answer when another row of its table is named."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer

LINES = {
    "document": "Acme Composite Slate and Shake — Technical Data Sheet",
    "heading": "Acme Composite Slate and Shake — Technical Data Sheet › Product Lines",
    "text": "| Line | Profile | Tile width | Tile length | Exposure | Weight per square |\n"
    "|---|---|---|---|---|---|\n"
    "| Acme Slate | Single-width slate | 12 in | 18 in | 7.5 in | 265 lb |\n"
    "| Acme Shake | Hand-split cedar look | 6 in to 10 in | 22 in | 10 in | 290 lb |\n"
    "| Acme Shake Heavy | Thick-butt cedar look | 6 in to 10 in | 22 in | 9 in | 340 lb |\n",
    "chunk_id": "doc-acme:0002",
}
ACCESSORIES = {
    "document": "Acme Composite Slate and Shake — Technical Data Sheet",
    "heading": "Acme Composite Slate and Shake — Technical Data Sheet › Accessories",
    "text": "| Accessory | Size | Coverage | Use |\n"
    "|---|---|---|---|\n"
    "| Acme Starter | 12 in x 36 in | 3 linear ft per piece | Eaves and rakes |\n"
    "| Acme Hip and Ridge, slate | 12 in x 12 in | 6 in exposure | Hips on Slate |\n"
    "| Acme Hip and Ridge, shake | 10 in x 12 in | 6 in exposure | Hips on Shake and "
    "Shake Heavy |\n",
    "chunk_id": "doc-acme:0003",
}


@pytest.mark.parametrize(
    "question",
    [
        "what exposure do the shakes get",
        "what's the exposure on the shake",
        "what exposure do the regular shakes go on at",
        "how much weight per square is the shake",
    ],
)
def test_the_row_named_by_the_product_and_its_maker_answers(question: str) -> None:
    answer = extractive_answer(question, [ACCESSORIES, LINES])

    assert answer is not None
    assert "Acme Shake: Hand-split cedar look" in answer


def test_the_row_named_whole_wins_over_a_longer_name() -> None:
    answer = extractive_answer("what exposure does the shake heavy get", [ACCESSORIES, LINES])

    assert answer is not None
    assert "Acme Shake Heavy: Thick-butt" in answer


def test_a_row_naming_another_part_still_answers_about_that_part() -> None:
    answer = extractive_answer(
        "what exposure does the hip and ridge shake get", [ACCESSORIES, LINES]
    )

    assert answer is not None
    assert "Hip and Ridge, shake" in answer
