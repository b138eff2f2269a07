"""Issue 9, a choice asked: "which blend …", "which trim …" is answered by the sentence
that names one ("Ohio Buff is the only blend …"), not by one that only says the
question's own words back ("Not every blend is made in every profile")."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer

BLENDS = {
    "document": "Acme Stone Veneer — Sales and Install Guide",
    "heading": "Acme Stone Veneer — Sales and Install Guide › Colour Blends",
    "text": "Acme stone is made in eight colour blends. Not every blend is made in every "
    "profile.\n\nOhio Buff is the only blend made in all five profiles.",
    "chunk_id": "doc-acme-stone:0003",
}
TRIM = {
    "document": "Acme Trim Boards — Product Sheet",
    "heading": "Acme Trim Boards — Product Sheet › Colours",
    "text": "Acme trim is made in six colours. Not every trim colour is made in every "
    "width.\n\nArctic White is the only trim colour made in all widths.",
    "chunk_id": "doc-acme-trim:0002",
}


@pytest.mark.parametrize(
    ("question", "passage", "fact"),
    [
        ("which color blend comes in every profile", BLENDS, "Ohio Buff"),
        ("which blend is made in every profile", BLENDS, "Ohio Buff"),
        ("which of the blends comes in every profile", BLENDS, "Ohio Buff"),
        ("which trim colour is made in every width", TRIM, "Arctic White"),
        ("which colour of trim comes in every width", TRIM, "Arctic White"),
    ],
)
def test_a_choice_is_answered_by_the_sentence_that_names_one(
    question: str, passage: dict[str, str], fact: str
) -> None:
    answer = extractive_answer(question, [passage])

    assert answer is not None
    assert fact in answer


def test_a_question_that_is_no_choice_still_reads_the_rule() -> None:
    answer = extractive_answer("is every blend made in every profile", [BLENDS])

    assert answer is not None
    assert "Not every blend is made in every profile" in answer
