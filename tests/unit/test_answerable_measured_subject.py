"""Issue 9: "how much do the horizontal laps overlap" asks a measure of one thing (the
laps); a sentence measuring another ("Overlap horizontal panel ends by 1 in") or naming
the laps with no amount ("never caulk the lap where one plank overlaps another") is a
confident wrong answer. The thing measured must be named by the unit or the headings
over it (not the title), and an amount stated. Invented text; near-twins are answered."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.answerable import subject_unsaid
from hard_e.brain.reading import extractive_answer
from hard_e.text.search import tokenize


def sheet(heading: str, text: str, chunk: str = "lib-v:0006") -> dict[str, Any]:
    return {
        "document": "Acme Vinyl Install Guide",
        "heading": heading,
        "text": text,
        "chunk_id": chunk,
    }


ENDS = sheet("Overlaps", "Overlap horizontal panel ends by 1 in, about half the factory notch.")
CAULK = sheet(
    "Caulking", "Never caulk the bottom lap where one plank overlaps another.", "lib-v:0007"
)
LAPS = sheet(
    "Wrap Laps",
    "Horizontal laps of the wrap overlap 6 in; vertical laps overlap 12 in.",
    "lib-v:0008",
)
WARRANTY = sheet(
    "Warranty", "The finish warranty lasts 25 years from the install date.", "lib-v:0009"
)


@pytest.mark.parametrize(
    ("question", "text", "says", "unsaid"),
    [
        (
            "how much do the horizontal laps overlap",
            ENDS["text"],
            "overlap horizont panel end",
            True,
        ),
        ("how much do the horizontal laps overlap", CAULK["text"], "caulk bottom lap plank", True),
        (
            "how long does the finish warranty last",
            "Colours stay true",
            "colour finish warranti",
            True,
        ),
        (
            "how much do the horizontal laps overlap",
            LAPS["text"],
            "horizont lap wrap overlap",
            False,
        ),
        ("how long does the finish warranty last", WARRANTY["text"], "finish warranti last", False),
        ("how much overlap on the laps", ENDS["text"], "overlap panel end", False),  # another shape
    ],
)
def test_a_measure_of_a_thing_names_it_and_states_an_amount(
    question: str, text: str, says: str, unsaid: bool
) -> None:
    words = {t: frozenset({t}) for t in tokenize(question)}
    assert subject_unsaid(question, text, set(says.split()), words) is unsaid


@pytest.mark.parametrize(
    "question",
    [
        "how much do the horizontal laps overlap",
        "how far do the wrap laps overlap",
        "how much do the laps overlap",
    ],
)
def test_another_thing_measured_is_no_answer(question: str) -> None:
    # Given sentences about panel ends and caulking laps, no lap measured
    # When the rep asks how much the laps overlap
    # Then the reader admits
    assert extractive_answer(question, [ENDS, CAULK]) is None


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("how much do the horizontal laps overlap", "overlap 6 in"),
        ("how far do the wrap laps overlap", "overlap 6 in"),
    ],
)
def test_the_thing_measured_is_answered(question: str, fact: str) -> None:
    answer = extractive_answer(question, [ENDS, CAULK, LAPS])

    assert answer is not None and fact in answer
