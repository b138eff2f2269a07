"""The offline reader and figures said the quick way (issue 9): a hedge ("roughly",
"ballpark") asks for the same figure, and thousands said short ("10k", "$2.5k") are
the "$10,000" and "$2,500" the documents write."""

from __future__ import annotations

from typing import Any

from hard_e.brain.reading import extractive_answer

TERMS: dict[str, Any] = {
    "document": "loan-sheet.md",
    "heading": "Loan Sheet › Payments",
    "chunk_id": "doc-6:0001",
    "text": (
        "| Plan | Monthly payment per $10,000 | Monthly payment per $25,000 |\n|---|---|---|\n"
        "| Harbor 36 | $301 | $752 |\n"
        "| Harbor 72 | $176 | $440 |\n\n"
        "A permit on a job of $2,500 or more is pulled by the office and costs the homeowner "
        "$85.\n\n"
        "A tarp on an open roof lasts about 30 days before it has to be replaced."
    ),
}


def test_a_hedged_question_asks_for_the_same_figure() -> None:
    cases = {
        "roughly how long does a tarp last on an open roof": "30 days",
        "ballpark how long will a tarp last on the roof": "30 days",
        "approximately what does the permit cost the homeowner": "$85",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [TERMS])

        assert said is not None and fact in said, question


def test_thousands_said_short_are_the_figures_the_documents_write() -> None:
    cases = {
        "whats the monthly on 25k for the harbor 36": "$752",
        "monthly payment on 10k with harbor 72": "$176",
        "who pulls the permit on a $2.5k job": "pulled by the office",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [TERMS])

        assert said is not None and fact in said, question


MONEY: dict[str, Any] = {
    "document": "office-rules.md",
    "heading": "Office Rules › Money at signing",
    "chunk_id": "doc-3:0001",
    "text": (
        "Deposit is 25% at signing on every roofing job, with the balance due at the "
        "final walkthrough.\n\n"
        "A rep may give a discount of up to 5% without a manager's approval.\n\n"
        "Down payment on an in-house loan is 10% of the contract price."
    ),
}


def test_how_big_a_sum_asks_for_its_amount_not_a_size() -> None:
    cases = {
        "how big a deposit do i take on a roofing job": "25% at signing",
        "how large a discount can a rep give": "up to 5%",
        "how big of a down payment on an in-house loan": "10% of the contract",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [MONEY])

        assert said is not None and fact in said, question


CIRCUITS: dict[str, Any] = {
    "document": "heater-sheet.md",
    "heading": "Heater Sheet › Circuits",
    "chunk_id": "doc-2:0001",
    "text": (
        "Warmstrip mat runs up to 60 ft on a 15 A circuit and up to 80 ft on a 20 A "
        "circuit.\n\n"
        "Every mat needs a GFCI breaker at the panel."
    ),
}


def test_amps_said_aloud_are_the_sheet_s_amps() -> None:
    cases = {
        "how much warmstrip mat on a fifteen amp circuit": "60 ft on a 15 A",
        "how far can warmstrip run on a twenty amp circuit": "80 ft on a 20 A",
        "max warmstrip mat on a 20-amp circuit": "80 ft on a 20 A",
    }
    for question, fact in cases.items():
        said = extractive_answer(question, [CIRCUITS])

        assert said is not None and fact in said, question
