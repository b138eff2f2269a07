"""Issue 9, the figure asked: "how much shorter", "how much wider", "how much deeper" ask
for a difference in length, so the sentence that states one ("1/4 in short") is the
answer, not a sentence on the same work that only counts ("at every rafter bay")."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer

SOFFIT = {
    "document": "Acme Soffit and Fascia — Crew Sheet",
    "heading": "Acme Soffit and Fascia — Crew Sheet › Cutting Panels",
    "text": "Cut vent slots in the old soffit panels at every rafter bay. Wear eye protection "
    "on the ladder. Cut soffit panels 1/4 in short of the channel-to-channel width.",
    "chunk_id": "doc-acme-soffit:0004",
}
FOOTINGS = {
    "document": "Acme Deck Builder — Footings",
    "heading": "Acme Deck Builder — Footings › Digging",
    "text": "Dig footing holes below the frost line at every post. Call before you dig. "
    "Dig footing holes 12 in deeper than the frost line.",
    "chunk_id": "doc-acme-deck:0003",
}


@pytest.mark.parametrize(
    ("question", "passage", "fact"),
    [
        ("how much shorter than the opening do i cut the soffit panels", SOFFIT, "1/4 in short"),
        ("how much shorter do we cut soffit panels", SOFFIT, "1/4 in short"),
        ("how much smaller are soffit panels cut", SOFFIT, "1/4 in short"),
        ("how much deeper than the frost line do we dig footing holes", FOOTINGS, "12 in deeper"),
    ],
)
def test_a_comparative_asks_for_the_difference_in_length(
    question: str, passage: dict[str, str], fact: str
) -> None:
    answer = extractive_answer(question, [passage])

    assert answer is not None
    assert fact in answer
