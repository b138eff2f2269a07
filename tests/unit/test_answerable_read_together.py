"""Issue 9: a sentence read out with the next one ("… lap the seams 12 in. Tape every
seam …") is judged on both: a thing named in two words whose width is asked ("the seam
tape") must be said together there too, not "seams" at the end of one sentence and a
verb "Tape" opening the next. Invented text; the tape's own width is still answered."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer


def sheet(heading: str, text: str) -> dict[str, Any]:
    return {
        "document": "Acme Siding Guide",
        "heading": heading,
        "text": text,
        "chunk_id": "lib-s:0005",
    }


LAPS = sheet(
    "Barrier",
    "Lap horizontal seams of the barrier at least 6 in and vertical seams at least 12 in. "
    "Tape every seam and tie the barrier into the window flashing.",
)
CAPS = sheet(
    "Barrier",
    "Fasten the barrier every 18 in along the studs with plastic caps. Nail every cap flush.",
)
TAPE = sheet("Tapes", "Acme seam tape is 3 in wide and comes in 165 ft rolls.")


@pytest.mark.parametrize(
    ("question", "passages"),
    [
        ("how wide is the seam tape", [LAPS]),
        ("how wide are the seam tapes", [LAPS]),
        ("how far apart are the cap nails", [CAPS]),
    ],
)
def test_a_thing_said_apart_across_two_sentences_is_not_measured(
    question: str, passages: list[dict[str, Any]]
) -> None:
    # Given a sentence whose rest is read from the next one, the two words apart
    # When the rep asks a dimension of the two-word thing
    # Then the reader admits
    assert extractive_answer(question, passages) is None


@pytest.mark.parametrize(
    ("question", "passages", "fact"),
    [
        ("how wide is the seam tape", [LAPS, TAPE], "3 in wide"),
        ("how much do we lap the horizontal seams", [LAPS], "at least 6 in"),
        ("how wide is the horizontal seam lap", [LAPS], "at least 6 in"),  # said together
    ],
)
def test_the_thing_said_together_is_measured(
    question: str, passages: list[dict[str, Any]], fact: str
) -> None:
    answer = extractive_answer(question, passages)

    assert answer is not None and fact in answer
