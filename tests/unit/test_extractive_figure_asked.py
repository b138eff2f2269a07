"""Issue 9, answer or admit: a question that asks for a figure ("the warranty on the
clips" asks for a term, "the deposit amount" for a sum, "what gauge", "the wind uplift
rating") is answered only by a sentence or row that states one — never by one that
shares its other words and states something else."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer


def passage(heading: str, text: str, chunk: str = "doc-acme:0004") -> dict[str, Any]:
    return {
        "document": "acme-deck-and-gutter-guide.md",
        "heading": f"Acme Deck and Gutter Guide › {heading}",
        "text": text,
        "chunk_id": chunk,
    }


FASTENERS = passage(
    "Fasteners",
    "| Fastener | Use | Pieces per box | Covers | List price |\n"
    "|---|---|---|---|---|\n"
    "| EdgeGrip clip | Grooved boards on wood joists | 90 clips with screws | About 50 sq ft "
    "| $54 |\n"
    "| Starter clip | First and last board of a run | 20 | About 10 sq ft | $16 |\n",
)
GUARDS = passage(
    "Gutter Guards",
    "Acme gutter guards are sold in 4 ft lengths. Gutter guards carry a 20-year warranty "
    "against warping and cracking.",
    chunk="doc-acme:0007",
)


@pytest.mark.parametrize(
    "question",
    [
        "what's the warranty on the edgegrip clips",
        "warranty on the starter clips",
        "what is the warranty for the edgegrip clips",
    ],
)
def test_a_warranty_asked_is_a_term_not_a_row_that_covers_an_area(question: str) -> None:
    assert extractive_answer(question, [FASTENERS]) is None


@pytest.mark.parametrize(
    "question",
    ["what's the warranty on the gutter guards", "warranty on gutter guards"],
)
def test_a_warranty_asked_is_answered_by_its_term(question: str) -> None:
    answer = extractive_answer(question, [FASTENERS, GUARDS])

    assert answer is not None
    assert "20-year warranty" in answer


VINYL = [
    {
        "document": "Acme Vinyl Warranty Booklet",
        "heading": "Acme Vinyl Warranties › Acme Fade Coverage",
        "text": "Acme covers colour fade beyond 4 Hunter units. Standard colours are covered "
        "for 10 years on Coastal and for 40 years on Estate.",
        "chunk_id": "lib-acme-warranty:0003",
    },
    {
        "document": "Acme Vinyl Warranty Booklet",
        "heading": "Acme Vinyl Warranties › Acme Coastal",
        "text": "Acme Coastal carries a 30-year limited warranty against peeling, cracking and "
        "rotting. It is non-prorated for the first 10 years.",
        "chunk_id": "lib-acme-warranty:0004",
    },
]


def test_the_heading_that_is_the_question_opens_with_the_term() -> None:
    answer = extractive_answer("what's the warranty on acme coastal", VINYL)

    assert answer is not None
    assert "30-year limited warranty" in answer


REBATES = passage(
    "Energy Savings",
    "Utility rebates and deposit rules change every year: give the homeowner the current "
    "sheet from the office and let them apply themselves.",
)
DEPOSIT = passage(
    "Deposits",
    "The deposit amount is $500 on every signed job, paid by card or check.",
    chunk="doc-acme:0009",
)


@pytest.mark.parametrize(
    "question",
    [
        "what's the rebate amount this year",
        "what is the utility rebate amount",
        "what's the deposit amount",
    ],
)
def test_an_amount_asked_is_a_sum_stated(question: str) -> None:
    assert extractive_answer(question, [REBATES]) is None


def test_an_amount_stated_answers() -> None:
    answer = extractive_answer("what's the deposit amount", [REBATES, DEPOSIT])

    assert answer is not None
    assert "$500" in answer


CABLE = {
    "document": "acme-heat-cable-guide.md",
    "heading": "Acme Roof and Gutter Heat Cable Guide › Electrical Requirements",
    "text": "- Every heat cable circuit must have ground-fault protection at 30 mA.\n"
    "- All AcmeHeat systems over 80 ft must be hard-wired by a licensed electrician on a "
    "dedicated circuit.",
    "chunk_id": "doc-heat:0006",
}
PANELS = passage(
    "Panels",
    "Acme standing seam panels are 24-gauge steel with a 16 in coverage width.",
    chunk="doc-acme:0011",
)


@pytest.mark.parametrize(
    "question",
    [
        "what gauge wire does the electrician need for a heat cable circuit",
        "what gauge wire do we run for the acmeheat circuit",
    ],
)
def test_a_gauge_asked_is_a_gauge_stated(question: str) -> None:
    assert extractive_answer(question, [CABLE]) is None


def test_a_gauge_stated_answers() -> None:
    answer = extractive_answer("what gauge steel are the standing seam panels", [PANELS])

    assert answer is not None
    assert "24-gauge" in answer


ATTACH = {
    "document": "acme-low-slope-membrane-guide.md",
    "heading": "Acme Low-Slope Membrane Guide › Attachment Methods",
    "chunk_id": "doc-membrane:0005",
    "text": "| Method | How it holds | Notes |\n"
    "|---|---|---|\n"
    "| Fully adhered | Bonding adhesive over the whole deck | Best uplift resistance, "
    "quietest in wind |\n"
    "| Mechanically fastened | Screws and plates in the laps | Rated by FM on steel decks |\n",
}


@pytest.mark.parametrize(
    "question",
    [
        "what's the fm wind uplift rating on fully adhered membrane",
        "what's the wind uplift rating on a fully adhered roof",
        "what is the wind uplift rating on mechanically fastened membrane",
    ],
)
def test_a_rating_of_several_words_is_a_figure_asked(question: str) -> None:
    assert extractive_answer(question, [ATTACH]) is None
