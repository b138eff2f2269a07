"""Issue 9: "what size dumpster for a 30 square tear off" gives its case in squares and
asks a size; a sentence whose only figure is again in squares ("scrap is credited when
the job removes more than 10 squares") restates a threshold of the case, not the size
asked. Read out, it is a confident wrong answer. Invented text; near-twins that state
the measure (a yard size, a price, a size in inches) are still answered."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.answerable import only_the_case
from hard_e.brain.reading import extractive_answer


def upload(section: str, text: str) -> dict[str, Any]:
    return {
        "document": "acme-tear-off-policy.md",
        "heading": f"Acme Tear-Off Policy › {section}",
        "text": text,
        "chunk_id": "doc-acme:0003",
    }


SCRAP = upload(
    "Dumpsters",
    "Copper flashing is separated for scrap; the credit goes on the invoice only when the "
    "job removes more than 10 squares of old roofing.",
)
YARDS = upload(
    "Dumpsters", "Jobs over 25 squares get a 30-yard dumpster; smaller jobs get a 20-yard one."
)
CREW = upload("Crews", "A crew of four tears off about 15 squares a day.")

DUMPSTER = "what size dumpster for a 30 square tear off"


@pytest.mark.parametrize(
    ("question", "text", "case"),
    [
        (DUMPSTER, "the job removes more than 10 squares", True),
        ("what size crew for a 40 square roof", "a crew tears off 15 squares a day", True),
        ("what's the minimum for a 3 window job", "jobs of more than 5 windows", True),
        (DUMPSTER, "jobs over 25 squares get a 30-yard dumpster", False),  # a yard size said
        (DUMPSTER, "the dumpster fee is $450", False),  # a price
        ("what size nails for 5/8 in trim", "use 2 in nails on 5/8 in trim", False),  # sizes
        ("what size dumpster", "more than 10 squares", False),  # the question gives no case
    ],
)
def test_a_figure_of_the_question_s_own_case_is_no_measure(
    question: str, text: str, case: bool
) -> None:
    assert only_the_case(question, text) is case


@pytest.mark.parametrize(
    "question",
    [DUMPSTER, "what size dumpster for 22 squares", "what size dumpster for a 12 square job"],
)
def test_a_threshold_of_the_case_is_no_answer(question: str) -> None:
    # Given a sentence about scrap credit over 10 squares under the dumpster heading
    # When the rep asks what size dumpster a job of so many squares needs
    # Then the threshold is not read out as the size
    assert extractive_answer(question, [SCRAP]) is None


@pytest.mark.parametrize(
    "question",
    [DUMPSTER, "what size dumpster for 30 squares", "what size dumpster for a 25 square job"],
)
def test_the_size_stated_is_answered(question: str) -> None:
    answer = extractive_answer(question, [SCRAP, YARDS])

    assert answer is not None and "30-yard dumpster" in answer
