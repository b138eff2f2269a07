"""The offline reader and a figure that picks a tier by range (issue 9): "what size bin
for 18 squares" is answered by the row whose range holds 18 ("13 to 25 squares"), not by
a sentence whose bound merely holds it too ("more than 8 squares of slate")."""

from __future__ import annotations

from typing import Any

from hard_e.brain.reading import extractive_answer

BINS: dict[str, Any] = {
    "document": "yard-policy.md",
    "heading": "Yard Policy › Bins and Haul-Away",
    "chunk_id": "doc-9:0004",
    "text": (
        "| Bin | Roofing removed | Haul fee |\n|---|---|---|\n"
        "| 8 yd | Up to 12 squares | $310 |\n"
        "| 15 yd | 13 to 25 squares | $460 |\n"
        "| 25 yd | 26 to 40 squares | $620 |\n\n"
        "Slate is hauled apart from shingles; a tear-off of more than 8 squares of slate "
        "adds a second bin at cost to the final invoice.\n"
    ),
}


def test_a_figure_asked_picks_the_row_whose_range_holds_it() -> None:
    cases = {
        "what size bin for 18 squares": "13 to 25 squares",
        "which bin do i order for 30 squares": "26 to 40 squares",
        "which bin do i need for 14 squares": "13 to 25 squares",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [BINS])

        assert said is not None and fact in said, question
