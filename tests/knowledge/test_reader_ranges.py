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


BANDS: dict[str, Any] = {
    "document": "crew-handbook.md",
    "heading": "Crew Handbook › Inspection bands",
    "chunk_id": "doc-8:0002",
    "text": (
        "| Band | Inspection score | What follows |\n|---|---|---|\n"
        "| Gold | 90 to 100 | Crew lead picks the next job |\n"
        "| Silver | 75 to 89 | No change |\n"
        "| Bronze | 60 to 74 | Ride-along with the production manager |\n"
        "| Hold | Under 60 | Crew is pulled from new jobs until a re-inspection |\n"
    ),
}


def test_a_figure_in_a_column_s_range_answers_with_its_row_not_the_column() -> None:
    cases = {
        "we got an 82 inspection score what happens": "No change",
        "inspection score of 65, what does that mean": "Ride-along",
        "what if we get a 52 inspection score": "pulled from new jobs",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [BANDS])

        assert said is not None and fact in said, question
