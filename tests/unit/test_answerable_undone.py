"""Issue 9: "what if they never register the system" asks what its absence costs; a
sentence about what a registered system gets ("the full warranty … registered by the
contractor") or what a re-registration transfers says nothing of a registration never
made, and read out it is a confident wrong answer. The unit must speak of something not
done, missing or lost. Invented text; the rule for the undone case is still answered."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.answerable import undone_unsaid
from hard_e.brain.reading import extractive_answer


def upload(section: str, text: str, chunk: str) -> dict[str, Any]:
    return {
        "document": "acme-cable-guide.md",
        "heading": f"Acme Cable Guide › {section}",
        "text": text,
        "chunk_id": chunk,
    }


FULL = upload(
    "Warranty",
    "A system installed by an Acme Pro gets the full 10-year warranty, registered by the "
    "installer.",
    "doc-c:0003",
)
UNREGISTERED = upload(
    "Registration",
    "Without registration, the system is covered for 3 years only.",
    "doc-c:0004",
)


@pytest.mark.parametrize(
    ("question", "text", "unsaid"),
    [
        ("what if they never register the system", FULL["text"], True),
        ("what happens if we dont register the deck", "A registered deck gets Frame Guard", True),
        ("what if the homeowner forgets to sign", "The homeowner signs the change order", False),
        ("what if they never register the system", UNREGISTERED["text"], False),
        (
            "what happens if we dont register the deck",
            "An unregistered deck loses Frame Guard",
            False,
        ),
        ("what if they register the system late", FULL["text"], False),  # nothing left undone
        ("what if they wont sign the form", "If the homeowner refuses to sign, we park", False),
    ],
)
def test_an_undone_thing_is_answered_by_its_absence(question: str, text: str, unsaid: bool) -> None:
    assert undone_unsaid(question, text) is unsaid


@pytest.mark.parametrize(
    "question",
    [
        "what if they never register the system",
        "what happens if they don't register the cable",
        "what if we forget to register the system",
    ],
)
def test_what_a_done_one_gets_is_no_answer(question: str) -> None:
    # Given a sentence about what a registered system gets
    # When the rep asks what happens if it is never registered
    # Then the reader admits
    assert extractive_answer(question, [FULL]) is None


def test_the_undone_rule_is_answered() -> None:
    answer = extractive_answer("what if they never register the system", [FULL, UNREGISTERED])

    assert answer is not None and "Without registration" in answer
