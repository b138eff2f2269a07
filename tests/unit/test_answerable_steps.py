"""Issue 9: "what do we do before blowing the insulation" asks for a step by when it
comes; a sentence that only mentions insulation ("R-2.7 is not a replacement for wall
insulation") states no step, and read out it is a confident wrong answer. The unit or
its headings must say an order (before, first, once …) or the thing the step comes
before. Invented text; the step itself is still answered."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.answerable import step_unsaid
from hard_e.brain.reading import extractive_answer


def sheet(heading: str, text: str, chunk: str = "lib-i:0003") -> dict[str, Any]:
    return {"document": "Acme Siding Sheet", "heading": heading, "text": text, "chunk_id": chunk}


TALKING = sheet(
    "Insulated Siding › Energy Talk",
    "Foam-backed siding is not a replacement for wall insulation, but it covers the studs.",
)
PAINT_TALK = sheet("Finishes", "The factory finish on the trim holds its colour for 15 years.")
AIR_SEAL = sheet(
    "Before We Blow Insulation",
    "Air-seal the top plates, plumbing chases and light fixtures with foam before any "
    "insulation is blown.",
    "lib-i:0004",
)


@pytest.mark.parametrize(
    ("question", "text", "unsaid"),
    [
        ("what do we do before blowing the insulation", TALKING["text"], True),
        ("what should the crew do before painting the trim", PAINT_TALK["text"], True),
        ("what do we do after blowing the insulation", TALKING["text"], True),
        ("what do we do before blowing the insulation", "Before We Blow: air-seal plates", False),
        ("what do we do before painting the trim", "Scrape loose paint first", False),
        ("what do we do before painting", "Painting over chalk voids the warranty", False),
        ("what do we do about insulation", TALKING["text"], False),  # no step asked
    ],
)
def test_a_step_asked_by_when_it_comes_needs_an_order(
    question: str, text: str, unsaid: bool
) -> None:
    assert step_unsaid(question, text) is unsaid


@pytest.mark.parametrize(
    ("question", "passages"),
    [
        ("what do we do before blowing the insulation", [TALKING]),
        ("what should we do before blowing in insulation", [TALKING]),
        ("what do we check before painting the trim", [PAINT_TALK]),
    ],
)
def test_a_mention_is_no_step(question: str, passages: list[dict[str, Any]]) -> None:
    # Given a sentence that mentions the thing but states no step
    # When the rep asks what is done before it
    # Then the reader admits
    assert extractive_answer(question, passages) is None


@pytest.mark.parametrize(
    "question",
    [
        "what do we do before blowing the insulation",
        "what should we do before blowing in insulation",
    ],
)
def test_the_step_is_answered(question: str) -> None:
    answer = extractive_answer(question, [TALKING, AIR_SEAL])

    assert answer is not None and "Air-seal the top plates" in answer
