"""A product asked about by its name alone, as speech-to-text and thumbs write it — in
lower case ("whats stormlok", "what is tuffbond") — is answered as its capitalised form
is; one everyday word alone is still no product question (issue 9)."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer


def passage(heading: str, text: str) -> dict[str, Any]:
    return {
        "document": "harbor-roofing-accessories.md",
        "heading": heading,
        "text": text,
        "chunk_id": "doc-3:0004",
    }


RIDER = passage(
    "Harbor Roofing Accessories › Warranty Riders › StormLok Rider",
    "StormLok is included with every registered Harbor Shake roof. For the first 8 years,"
    " Harbor replaces shakes that wind lifts or tears, including labour.",
)
UNDERLAY = passage(
    "Harbor Roofing Accessories › Underlayments › TuffBond",
    "TuffBond is a peel-and-stick underlayment for eaves and valleys. It runs 36 in wide and"
    " 65 ft long per roll.",
)


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("whats stormlok", "wind lifts or tears"),
        ("what is stormlok", "wind lifts or tears"),
        ("what is StormLok", "wind lifts or tears"),
        ("whats tuffbond", "peel-and-stick"),
        ("tuffbond?", "peel-and-stick"),
    ],
)
def test_a_product_named_alone_in_any_case_is_answered(question: str, says: str) -> None:
    said = extractive_answer(question, [RIDER, UNDERLAY])

    assert said is not None and says in said, question


@pytest.mark.parametrize("question", ["whats included", "what is registered", "whats labour"])
def test_one_everyday_word_alone_is_still_no_product_question(question: str) -> None:
    assert extractive_answer(question, [RIDER, UNDERLAY]) is None
