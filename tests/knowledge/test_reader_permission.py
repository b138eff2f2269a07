"""A rep asking whether something is allowed ("can we pay her deductible", "customer
asked if we can skip the permit", "is it ok to …") gets the rule that forbids it, not a
sentence that only mentions the thing (issue 9); "take care of" and "eat" a cost are
paying it."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer


def passage(heading: str, text: str) -> dict[str, Any]:
    return {"document": "claims-rules.md", "heading": heading, "text": text, "chunk_id": "d-5:0002"}


PAYMENTS = passage(
    "Claims Rules › Payments",
    "The homeowner pays us the $1,000 deductible when the crew starts, and the insurer pays the"
    " rest after the final inspection. The permit fee is paid by the office and shown on the"
    " invoice.",
)
RULES = passage(
    "Claims Rules › What a rep never does",
    "Never offer to waive, absorb or pay the deductible, in any form. Never start work without"
    " the permit posted on site.",
)


@pytest.mark.parametrize(
    "question",
    [
        "can we pay the deductible for her",
        "homeowner asked if we can take care of the deductible",
        "can we eat the deductible",
        "is it ok to pay his deductible",
    ],
)
def test_a_permission_asked_is_answered_by_the_rule_that_forbids_it(question: str) -> None:
    said = extractive_answer(question, [PAYMENTS, RULES])

    assert said is not None and said.startswith("Never offer to waive"), question


def test_a_question_that_asks_no_permission_still_gets_the_plain_fact() -> None:
    said = extractive_answer("when does the homeowner pay the deductible", [PAYMENTS, RULES])

    assert said is not None and "when the crew starts" in said
