"""A price asked in shorthand ("price to replace one section", "how much to add a
window", "how much for a second layer") is a price question (issue 9): answered by the
sentence that states the price, never by one that only mentions the thing."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer
from hard_e.brain.speech import normalise


def passage(heading: str, text: str) -> dict[str, Any]:
    return {"document": "door-sheet.md", "heading": heading, "text": text, "chunk_id": "d-8:0003"}


WARRANTY = passage(
    "Door Sheet › Warranty",
    "The warranty does not cover dents, damage from a car, or salt air within 1 mile of salt"
    " water on the Harlow 100 and Harlow 300. Sections are sold only as part of a repair.",
)
WINDOWS = passage(
    "Door Sheet › Windows",
    "Windows go in the top section only. A window section adds $240 to a 16 ft door.",
)


@pytest.mark.parametrize(
    "question",
    [
        "price to replace just one dented section on a harlow door",
        "how much to replace a dented section on the Harlow",
        "what does it cost to replace one dented section on a harlow",
    ],
)
def test_a_price_no_sentence_states_is_admitted(question: str) -> None:
    assert extractive_answer(question, [WARRANTY]) is None, question


@pytest.mark.parametrize(
    "question",
    ["how much to add a window section", "price to add a window section"],
)
def test_a_price_asked_in_shorthand_is_read_from_the_sentence_stating_it(question: str) -> None:
    said = extractive_answer(question, [WARRANTY, WINDOWS])

    assert said is not None and "$240" in said, question


APPROVALS = passage(
    "Door Sheet › Approvals",
    "A repair order over $2,500 needs the sales manager's approval before it is sent. Orders"
    " under $500 need no approval.",
)


@pytest.mark.parametrize(
    "question",
    ["repair order is 3 grand, who has to approve it", "who approves a $4,000 repair order"],
)
def test_an_amount_over_a_stated_bound_is_held_by_it(question: str) -> None:
    said = extractive_answer(normalise(question), [APPROVALS])

    assert said is not None and "sales manager's approval" in said, question
