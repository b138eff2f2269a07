"""Issue 9: a dictionary word the rep meant, made of two common words ("weathertight"),
is not a typo of a word the passages say ("weathering"): spelled into it, "who can offer
the weathertight warranty" became a question about weathering and was answered with a
fade clause — a confident wrong answer. Invented text; real typos are still spelled as
the documents spell them."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer
from hard_e.brain.reading.spelling import compounded, spelled

FADE: dict[str, Any] = {
    "document": "Acme Warranty Booklet",
    "heading": "Fade Coverage",
    "text": "Fade must be uneven or exceed the limit; normal even weathering is not a defect. "
    "The woodgrain finish has a lead time of 3 weeks. Sheets go over the underlay.",
    "chunk_id": "lib-w:0004",
}


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("who can offer the weathertight warranty", "who can offer the weathertight warranty"),
        ("is the membrane underlaid", "is the membrane underlaid"),
        ("does weathring void it", "does weathering void it"),  # a typo: spelled
        ("whats the lead tiem on woodgrian", "what's the lead time on woodgrain"),
    ],
)
def test_a_compound_is_meant_and_a_typo_is_spelled(question: str, said: str) -> None:
    assert spelled(question, [FADE]) == said


@pytest.mark.parametrize(
    ("word", "compound"),
    [
        ("weathertight", True),
        ("stormproof", True),
        ("windproof", True),
        ("weathering", False),  # "weather" and an ending
        ("flashing", False),
        ("stoneware", False),  # "ware" is no common word
    ],
)
def test_a_compound_is_two_common_words(word: str, compound: bool) -> None:
    assert compounded(word) is compound


def test_a_compound_the_documents_lack_is_not_answered_from_a_near_word() -> None:
    # Given a fade clause that says "weathering"
    # When the rep asks who can offer the weathertight warranty
    # Then the reader admits instead of answering about weathering
    assert extractive_answer("who can offer the weathertight warranty", [FADE]) is None
