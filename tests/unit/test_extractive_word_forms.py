"""Issue 9, word forms: a verb's irregular forms ("laid", "paid", "hung") are the
question's word in the documents' form ("Lay the shakes", "Acme pays", "Hang the
cable"); the stemmer joins only the regular ones, and the index keeps its own tokens."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer

SHAKES = {
    "document": "Acme Composite Shake — Application Sheet",
    "heading": "Acme Composite Shake — Application Sheet › Installation",
    "text": "Lay the shakes at a 10 in exposure, with joints offset at least 1.5 in from the "
    "course below. Start at the eave with the starter course.",
    "chunk_id": "doc-acme-shake:0004",
}
WARRANTY = {
    "document": "Acme Composite Shake — Warranty",
    "heading": "Acme Composite Shake — Warranty › Labour",
    "text": "Acme pays the labour to replace a defective shake for the first 10 years. "
    "After year 10 the homeowner pays the labour.",
    "chunk_id": "doc-acme-warranty:0003",
}
CABLE = {
    "document": "Acme Heat Cable — Install Guide",
    "heading": "Acme Heat Cable — Install Guide › Routing",
    "text": "Hang the cable in a zigzag along the roof edge with the Acme roof clips, one clip "
    "at every bend.",
    "chunk_id": "doc-acme-cable:0002",
}


@pytest.mark.parametrize(
    ("question", "passage", "fact"),
    [
        ("what exposure are the shakes laid at", SHAKES, "10 in exposure"),
        ("what exposure do the shakes get laid at", SHAKES, "10 in exposure"),
        ("how are the shakes laid", SHAKES, "Lay the shakes"),
        ("who gets paid the labour after year 10", WARRANTY, "the homeowner pays the labour"),
        ("how should the heat cable be hung", CABLE, "zigzag"),
    ],
)
def test_an_irregular_form_finds_the_sentence_in_another_form(
    question: str, passage: dict[str, str], fact: str
) -> None:
    answer = extractive_answer(question, [passage])

    assert answer is not None
    assert fact in answer


def test_a_form_of_another_verb_is_still_no_answer() -> None:
    assert extractive_answer("how should the heat cable be sold", [CABLE]) is None
