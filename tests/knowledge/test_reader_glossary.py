"""What an abbreviation a document defines stands for (issue 9): "what does RCV stand
for", "whats an aob", "what is the TW" — answered with the glossary row or the sentence
that defines it, however the document defines it (a table, brackets either way round,
"which we call"); an abbreviation no document defines, or a question that asks more than
what it is, is not this reading."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer
from hard_e.text.abbreviations import definitions


def passage(heading: str, text: str) -> dict[str, Any]:
    return {"document": "hail-claims.md", "heading": heading, "text": text, "chunk_id": "d-2:0003"}


TERMS = passage(
    "Hail Claims › Terms",
    "| Term | Short | Meaning |\n|---|---|---|\n"
    "| Proof of Loss | POL | The sworn form the homeowner sends the insurer, with the claim |\n"
    "| Ordinance or Law coverage | O&L | Pays for code upgrades the old roof did not have |\n"
    "| Mortgage Endorsement | ME | The lender's signature on a check made out to both |",
)
STEPS = passage(
    "Hail Claims › Signing",
    "Get the Roof Inspection Consent (RIC) signed before anyone climbs. The RIC is the"
    " one-page form that lets us walk the roof. The Summit Labor warranty, which we call SL on"
    " the contract, covers our labour for 10 years. We send the POL within 60 days.",
)


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("what does POL stand for", "The sworn form the homeowner sends"),
        ("whats a pol", "The sworn form the homeowner sends"),
        ("what does O&L mean", "Pays for code upgrades"),
        ("what is ME on the contract", "The lender's signature"),
        ("whats the RIC", "The RIC is the one-page form"),
        ("what does ric mean", "The RIC is the one-page form"),
        ("what's SL", "covers our labour for 10 years"),
    ],
)
def test_what_a_defined_abbreviation_stands_for_is_read_from_its_definition(
    question: str, says: str
) -> None:
    said = extractive_answer(question, [STEPS, TERMS])

    assert said is not None and says in said, question


def test_an_abbreviation_no_document_defines_is_not_read_as_one() -> None:
    assert extractive_answer("what does XQT stand for", [STEPS, TERMS]) is None


def test_a_question_asking_more_than_what_it_is_is_read_the_usual_way() -> None:
    said = extractive_answer("how long do we have to send the POL", [STEPS, TERMS])

    assert said is not None and "within 60 days" in said


def test_a_document_defines_an_abbreviation_in_a_table_brackets_or_by_naming_it() -> None:
    assert definitions(TERMS["text"] + "\n" + STEPS["text"]) == {
        "POL": "Proof of Loss",
        "O&L": "Ordinance or Law",
        "ME": "Mortgage Endorsement",
        "RIC": "Roof Inspection Consent",
        "SL": "Summit Labor",
    }
    assert definitions("Lead in RCV (replacement cost value) and the FineMesh Pro (FMP).") == {
        "RCV": "replacement cost value",
        "FMP": "FineMesh Pro",
    }


def test_words_that_spell_something_else_define_nothing() -> None:
    assert definitions("| Color | Stock | Notes |\n| Black | BLK | Special order |") == {}
    assert definitions("Use vinyl or PVC trim, called PT at the yard.") == {}
