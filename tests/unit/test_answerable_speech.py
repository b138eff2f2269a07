"""Issue 9: "can I tell the homeowner insurance will pay for it" asks what a rep may say;
a sentence about how a rider pays after an insurance claim says nothing of what a rep
may tell, and read out it sounds like a yes — the worst kind of wrong answer. The unit
must speak of telling, saying or promising. Invented text; the rule on what reps may say
is still answered."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.answerable import speech_unsaid
from hard_e.brain.reading import extractive_answer


def upload(section: str, text: str, chunk: str) -> dict[str, Any]:
    return {
        "document": "acme-sales-rules.md",
        "heading": f"Acme Sales Rules › {section}",
        "text": text,
        "chunk_id": chunk,
    }


RIDER = upload(
    "Hail Rider",
    "The hail rider pays after the homeowner's insurance claim is settled and covers what "
    "insurance did not.",
    "doc-s:0003",
)
BILLS = upload(
    "Energy", "Homeowners notice fewer drafts more than they notice a lower bill.", "doc-s:0004"
)
RULE = upload(
    "What Reps May Say",
    "Reps never tell a homeowner that insurance will pay; the adjuster decides.",
    "doc-s:0005",
)
SAVINGS = upload(
    "What Reps May Say",
    "Never promise a dollar amount or a percentage of savings on the energy bill.",
    "doc-s:0006",
)


@pytest.mark.parametrize(
    ("question", "text", "unsaid"),
    [
        ("can I tell the homeowner insurance will pay for it", RIDER["text"], True),
        ("can I tell them how much they'll save on their bill", BILLS["text"], True),
        ("can we promise the job is done by friday", "Jobs take 3 days", True),
        ("can I tell the homeowner insurance will pay for it", RULE["text"], False),
        ("can I tell them how much they'll save on their bill", SAVINGS["text"], False),
        ("can we call it burglar proof", "Never call it burglar-proof", False),
        ("does insurance pay for it", RIDER["text"], False),  # not what a rep says
    ],
)
def test_what_a_rep_may_say_is_answered_by_a_rule_on_saying(
    question: str, text: str, unsaid: bool
) -> None:
    assert speech_unsaid(question, text) is unsaid


@pytest.mark.parametrize(
    ("question", "passages"),
    [
        ("can I tell the homeowner insurance will pay for it", [RIDER]),
        ("can we tell them insurance will cover it", [RIDER]),
        ("can I tell them how much they'll save on their bill", [BILLS]),
    ],
)
def test_how_a_thing_pays_is_no_rule_on_what_to_say(
    question: str, passages: list[dict[str, Any]]
) -> None:
    # Given a sentence about how a rider pays or what homeowners notice
    # When the rep asks whether they may tell the homeowner something
    # Then the reader admits instead of sounding like a yes
    assert extractive_answer(question, passages) is None


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("can I tell the homeowner insurance will pay for it", "never tell a homeowner"),
        ("can I tell them how much they'll save on their bill", "Never promise a dollar amount"),
    ],
)
def test_the_rule_on_saying_is_answered(question: str, fact: str) -> None:
    answer = extractive_answer(question, [RIDER, BILLS, RULE, SAVINGS])

    assert answer is not None and fact in answer
