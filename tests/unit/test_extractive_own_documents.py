"""Issue 9 on documents nobody tuned on: when the industry library and the company's own
sheet both say something about what was asked, the company's sheet is what its reps sell
and is read out — yet being the company's own never makes a weak passage an answer."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer


def library(heading: str, text: str, document: str) -> dict[str, Any]:
    return {"document": document, "heading": heading, "text": text, "chunk_id": "lib-siding:0004"}


def upload(heading: str, text: str, document: str = "birchmoor-siding-guide.md") -> dict[str, Any]:
    return {"document": document, "heading": heading, "text": text, "chunk_id": "doc-birch:0006"}


LIBRARY_FASTENERS = library(
    "Fasteners",
    "Staples are allowed only if they are 16-gauge, corrosion resistant and at least 1 in "
    "crown. Nails must be hot-dip galvanized or stainless steel. Within 1,500 ft of salt "
    "water, only Type 316 stainless steel fasteners may be used on any panel.",
    "Ridgeline Vinyl Siding Installation Guide",
)
OWN_FASTENING = upload(
    "Birchmoor Siding Guide › Fastening",
    "Staples are never allowed on any Birchmoor board. Within 1,500 ft of salt water, "
    "stainless steel nails are required. Face-nail each board 3/4 in up from the bottom edge.",
)
LIBRARY_PAINT = library(
    "Finish Options › Primed Finish",
    "CrestPrime planks are primed only and must be field painted with acrylic paint within "
    "180 days of installation.",
    "Stonecrest Fiber Cement Lap Siding — Product Sheet",
)
OWN_PAINT = upload(
    "Birchmoor Siding Guide › Colours and Finishes",
    "BirchPrime boards are primed at the mill and must be painted within 120 days of installation.",
)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("can we use staples instead of nails", "Staples are never allowed on any Birchmoor"),
        ("are staples ok on these boards", "Staples are never allowed on any Birchmoor"),
        ("what nails near salt water", "stainless steel nails are required"),
    ],
)
def test_the_company_sheet_answers_before_the_library_when_both_say_it(
    question: str, said: str
) -> None:
    # Given the library's fastener rules ranked above the company's own fastening section
    passages = [LIBRARY_FASTENERS, OWN_FASTENING]
    # When a rep asks about fastening
    answer = extractive_answer(question, passages)
    # Then the company's rule is read out, from the company's document
    assert answer is not None
    assert said in answer
    assert "birchmoor-siding-guide.md" in answer


def test_the_company_primer_rule_wins_over_the_library_one() -> None:
    answer = extractive_answer(
        "how long does the homeowner have to get the primed boards painted",
        [LIBRARY_PAINT, OWN_PAINT],
    )

    assert answer is not None
    assert "within 120 days" in answer
    assert "CrestPrime" not in answer


def test_being_the_company_document_does_not_vouch_for_a_weak_passage() -> None:
    # Given only a company passage that shares a word or two with the question
    passages = [
        upload(
            "Birchmoor Siding Guide › Colours",
            "We don't paint Almond or Clay boards any other colour. The trim matches the "
            "boards unless the order says otherwise.",
        )
    ]
    # When the rep asks about something the sheet never says
    answer = extractive_answer("are the birchmoor boards fusion welded at the trim", passages)
    # Then the reader admits rather than reading out a colour rule
    assert answer is None


def test_a_neighbour_sentence_is_not_pulled_in_just_because_both_are_the_company_s() -> None:
    clearances = upload(
        "Clearances",
        "| Location | Minimum clearance |\n|---|---|\n| Finished grade | Keep siding 6 in "
        "above grade |\n| Roof lines | Keep siding 2 in above the shingles |",
    )

    answer = extractive_answer("how far above the roof does birchmoor siding stop", [clearances])

    assert answer is not None
    assert answer.startswith("Roof lines: Keep siding 2 in above the shingles")
    assert "6 in above grade" not in answer
