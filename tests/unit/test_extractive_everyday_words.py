"""Issue 9, the coverage gate: a rep's everyday word that neither the passages found nor
the trade's library ever says ("how do we *fix* a big tear") weighs as little as a word
every sentence says; one the library does say ("the *sun*") still weighs fully, so a
passage without it is not about it."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer
from hard_e.text.english import zipf

WRAP = {
    "document": "Acme House Wrap — Crew and Sales Guide",
    "heading": "Acme House Wrap — Crew and Sales Guide › Repairs",
    "text": "Patch a tear longer than 3 in with a piece of wrap that laps 6 in past the tear on "
    "every side, tucked under the course above; tape a tear shorter than 3 in.",
    "chunk_id": "doc-acme-wrap:0005",
}


@pytest.mark.parametrize(
    "question",
    [
        "how do we fix a big tear in the wrap",
        "how do the guys fix a big tear in the wrap",
        "how do we fix a big tear in the house wrap",
    ],
)
def test_an_everyday_word_no_document_says_does_not_sink_the_answer(question: str) -> None:
    answer = extractive_answer(question, [WRAP])

    assert answer is not None
    assert "Patch a tear longer than 3 in" in answer


@pytest.mark.parametrize(
    "question",
    [
        "the wrap has been in the sun for six months is it ok to side over",
        "can a kid fix a tear in the wrap",
        "how do we fix a tear in the heat cable",
    ],
)
def test_a_word_the_trade_says_or_another_thing_still_admits(question: str) -> None:
    assert extractive_answer(question, [WRAP]) is None


def test_english_frequency_tells_everyday_speech_from_trade_words() -> None:
    assert zipf("money") > zipf("garage") > zipf("warranty") > zipf("soffit") > 0
    assert zipf("kynar") == 0.0
