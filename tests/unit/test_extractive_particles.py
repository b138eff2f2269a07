"""Issue 9: words that name nothing the answer must repeat — a particle in what a question
counts ("how many weeks *out*"), a framing word before its last word ("two *foot* apart"),
"never" ("what if they *never* register it": the registration rule answers)."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer
from tests.support.passages import passages_of

passage = passages_of(
    "harborview-bay-and-bow-window-faq.md", "Harborview Bay and Bow Windows FAQ", "doc-harbor:0005"
)


LEAD_TIMES = passage(
    "Ordering and Lead Times",
    "Plan on 5 to 7 weeks from a signed, measured order for white, almond or clay units. "
    "Painted exteriors add 2 weeks.",
)


@pytest.mark.parametrize(
    "question",
    [
        "how many weeks out is a white bay after we order",
        "how many weeks out are white units",
        "how many weeks out is an almond window from the order",
    ],
)
def test_weeks_out_counts_the_weeks(question: str) -> None:
    answer = extractive_answer(question, [LEAD_TIMES])

    assert answer is not None
    assert "5 to 7 weeks" in answer


LINES = passage(
    "Which Line to Quote",
    "Lap 38 is the budget line and must go on studs at 16 in on center or closer. Lap 716 "
    "spans studs at 24 in on center.",
)


@pytest.mark.parametrize(
    "question",
    [
        "can the budget lap go on studs two foot apart",
        "is the budget lap ok on studs 2 foot apart",
    ],
)
def test_a_framing_word_before_the_last_word_is_no_kind_of_thing(question: str) -> None:
    # "two *foot apart*", "get *inspected*": the last two words are no "mobile home"
    answer = extractive_answer(question, [LINES])

    assert answer is not None
    assert "16 in on center or closer" in answer


REGISTRATION = passage(
    "Warranty › Registration",
    "The homeowner must register the warranty within 90 days of the install being finished "
    "to get labour coverage in years 1 to 5; an unregistered job gets material only from "
    "day one.",
)


@pytest.mark.parametrize(
    "question",
    [
        "what happens if the homeowner never registers the warranty",
        "what if they never register the warranty",
    ],
)
def test_never_frames_the_question_and_the_rule_answers_it(question: str) -> None:
    answer = extractive_answer(question, [REGISTRATION])

    assert answer is not None
    assert "an unregistered job gets material only" in answer
