"""Issue 9, figures: a rating named by its letter ("the r value", "the U-factor") is
stated by a sheet as the letter and the figure ("R-5.7 per inch", "U-0.27"); the letter
covers the question, and a sentence that says the rating in words still ranks first."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer

INSULATION = {
    "document": "Acme Low-Slope Roofing — Membrane Guide",
    "heading": "Acme Low-Slope Roofing — Membrane Guide › Insulation and Cover Board",
    "text": "Most flat roofs have little or no insulation.\n\n"
    "- Polyiso insulation: R-5.7 per inch of thickness at 75°F\n"
    "- Tapered polyiso: pre-cut panels in 1/8 in and 1/4 in slopes",
    "chunk_id": "doc-acme-roof:0006",
}
SIDING = {
    "document": "Acme Vinyl Siding Lines",
    "heading": "Acme Summit Insulated › Specifications",
    "text": "- Vinyl thickness: 0.046 in\n- Insulating value: R-2.7 added to the wall\n"
    "- Panel length: 12 ft",
    "chunk_id": "lib-acme-siding:0004",
}
GLASS = {
    "document": "Acme Bay Windows — FAQ",
    "heading": "Acme Bay Windows — FAQ › Glass",
    "text": "TripleGuard glass is our coldest-climate package, rated U-0.20 with krypton "
    "between its three panes.",
    "chunk_id": "doc-acme-bay:0005",
}


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what's the r value of polyiso per inch", "R-5.7 per inch"),
        ("what r-value does polyiso have per inch", "R-5.7 per inch"),
        ("what's the u factor on the tripleguard glass", "U-0.20"),
    ],
)
def test_a_rating_asked_by_its_letter_is_the_figure_with_that_letter(
    question: str, fact: str
) -> None:
    answer = extractive_answer(question, [INSULATION, SIDING, GLASS])

    assert answer is not None
    assert fact in answer


def test_the_rating_said_in_words_still_answers_first() -> None:
    answer = extractive_answer("whats the r value on the summit insulated", [SIDING])

    assert answer is not None
    assert "Insulating value: R-2.7" in answer
