"""Issue 9: "how often do we need a downspout" asks an interval or a frequency; a
sentence that says what a downspout does ("a blocked downspout turns a gutter into an
ice trough") states neither, and read out it is a confident wrong answer. Invented text;
near-twins that state the interval (every 30 ft, twice a year, a table's years) are
still answered."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.answerable import frequency_unsaid
from hard_e.brain.reading import extractive_answer


def sheet(heading: str, text: str) -> dict[str, Any]:
    return {
        "document": "Acme Gutter Sheet",
        "heading": heading,
        "text": text,
        "chunk_id": "lib-g:0004",
    }


BLOCKED = sheet("Downspouts", "A blocked downspout backs water up under the roof edge.")
SPACED = sheet("Downspouts", "Put a downspout at least every 30 ft of gutter run.")
INSPECTED = sheet("Flat Roofs", "A flat roof is inspected twice a year by the service crew.")
LEAKS = sheet("Flat Roofs", "A flat roof that ponds water leaks at the seams first.")
REPAINT = sheet(
    "Stains",
    "| Stain | Look | Redo decks |\n|---|---|---|\n| Acme Semi | Grain shows | 3 years |",
)


@pytest.mark.parametrize(
    ("question", "text", "unsaid"),
    [
        ("how often do we need a downspout", BLOCKED["text"], True),
        ("how often should a flat roof get inspected", LEAKS["text"], True),
        ("how often do we need a downspout", SPACED["text"], False),  # every 30 ft
        ("how often should a flat roof get inspected", INSPECTED["text"], False),
        ("how often does the deck need redoing", "Acme Semi: Grain shows, 3 years", False),
        ("how often is it cleaned", "Clean the screens each spring", False),
        ("where does the downspout go", BLOCKED["text"], False),  # not how often
    ],
)
def test_how_often_is_stated_by_an_interval(question: str, text: str, unsaid: bool) -> None:
    assert frequency_unsaid(question, text) is unsaid


@pytest.mark.parametrize(
    ("question", "passages"),
    [
        ("how often do we need a downspout", [BLOCKED]),
        ("how often should a flat roof get inspected", [LEAKS]),
        ("how often do downspouts get put in", [BLOCKED]),
    ],
)
def test_no_interval_is_no_answer(question: str, passages: list[dict[str, Any]]) -> None:
    # Given a sentence about the thing that says no interval or frequency
    # When the rep asks how often
    # Then the reader admits instead of reading it out
    assert extractive_answer(question, passages) is None


@pytest.mark.parametrize(
    ("question", "passages", "fact"),
    [
        ("how often do we need a downspout", [BLOCKED, SPACED], "every 30 ft"),
        ("how often should a flat roof get inspected", [LEAKS, INSPECTED], "twice a year"),
        ("how often does the acme semi need redoing on decks", [REPAINT], "3 years"),
    ],
)
def test_the_interval_stated_is_answered(
    question: str, passages: list[dict[str, Any]], fact: str
) -> None:
    answer = extractive_answer(question, passages)

    assert answer is not None and fact in answer
