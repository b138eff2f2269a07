"""Tax, legal and loan advice is not a product question, even when it shares words with a
product document: the brain admits it instead of reading a passage."""

from __future__ import annotations

import pytest

from hard_e.brain.rules import read


@pytest.mark.parametrize(
    "message",
    [
        "Do you know whether the homeowner can deduct new windows on their taxes?",
        "can the Hendersons write off the new roof on their taxes",
        "is the siding job tax deductible for a rental property?",
        "do Energy Star windows qualify for a tax credit",
        "will the customer get a tax break for the insulated doors",
        "what does the IRS say about claiming a new furnace",
        "is it legal to start tearing off shingles before the permit comes through",
        "would we be liable if the old gutters fall on the neighbour's car",
        "should Mrs. Keller use a home equity line to pay for the windows?",
        "will taking out a loan for the roof hurt the homeowner's credit score",
        "should they refinance to pay for the new siding",
    ],
)
def test_advice_questions_are_admitted(message: str) -> None:
    said = read(message)
    assert said is not None and said.name == "unsupported"


@pytest.mark.parametrize(
    "message",
    [
        "what's the warranty on the Northlight 500 windows",
        "how much wind can the Tempest shingles take",
        "what's the difference between the Classic and Heritage vinyl",
        "what's the balance owed on the Keller job",
    ],
)
def test_product_and_job_questions_are_not_taken_for_advice(message: str) -> None:
    said = read(message)
    assert said is None or said.name != "unsupported"
