"""A rep passes on a homeowner's question (issue 9): who asked it ("Mr. Keller", "the
Jensens") and the request to look it up ("could you find that?") are not part of it, so
a customer's name is no brand the documents lack; "sq" is a roofing square and "how much
shows" asks for the exposure."""

from __future__ import annotations

import pytest

from hard_e.brain.asked import asked_question
from hard_e.brain.reading import extractive_answer
from tests.support.passages import passages_of

passage = passages_of("acme-windows.md", "Acme Windows — Spec Guide", "doc-3:0004")
SEAL = passage(
    "Warranties",
    "Acme covers the insulating glass seal for 20 years on the Series 500 windows.",
)
PLANK = passages_of("acme-lap.md", "Acme Lap Siding — Spec Sheet", "doc-4:0002")(
    "Widths", "The 8.25 in Acme plank has a 7 in exposure and weighs 16.5 lb."
)
BUNDLES = passages_of("acme-roof.md", "Acme Shingles — Summary", "doc-5:0003")(
    "Estate", "Estate is packed 4 bundles per square, not the usual 3."
)


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        (
            "Mr. Keller wants to know how long the glass seal is covered, could you find that?",
            "how long the glass seal is covered",
        ),
        ("the lady wants to know what the seal warranty is", "what the seal warranty is"),
        ("The Jensens asked how much of the plank shows", "how much of the plank shows"),
        ("my customer was wondering if the seal is covered", "if the seal is covered"),
        ("how long is the seal covered", "how long is the seal covered"),
        (
            "what does the customer need to know before install",
            "what does the customer need to know before install",
        ),
    ],
)
def test_only_the_question_passed_on_is_kept(said: str, asked: str) -> None:
    assert asked_question(said) == asked


@pytest.mark.parametrize(
    "question",
    [
        "Mr. Keller wants to know how long the glass seal is covered on the Series 500 windows",
        "the Ochoas asked how long the glass seal is warrantied on the 500, can you check?",
        "I'm in a kitchen and the lady wants to know how long the seal is covered on the 500",
    ],
)
def test_a_question_a_customer_asked_is_answered(question: str) -> None:
    said = extractive_answer(question, [SEAL])

    assert said is not None and "20 years" in said


def test_how_much_of_a_plank_shows_is_its_exposure() -> None:
    said = extractive_answer("how much of the 8.25 acme plank actually shows once it's up", [PLANK])

    assert said is not None and "7 in exposure" in said


def test_sq_is_a_roofing_square() -> None:
    said = extractive_answer("estate bundles per sq", [BUNDLES])

    assert said is not None and "4 bundles per square" in said


def test_a_name_nobody_asked_through_is_still_a_brand_the_documents_lack() -> None:
    assert extractive_answer("how long is the Keller glass seal covered", [SEAL]) is None


RIDER = passages_of("acme-warranty.md", "Acme Warranty Booklet", "doc-6:0007")(
    "Warranties › StormShield Rider",
    "StormShield is included with every registered Acme Premier job. For the first 10 "
    "years after installation, Acme replaces panels cracked by hail, including labour.",
)


@pytest.mark.parametrize(
    "question",
    [
        "What's StormShield cover and for how long?",
        "stormshield coverage",
        "what does stormshield cover",
    ],
)
def test_what_a_rider_covers_is_read_from_its_warranty_section(question: str) -> None:
    said = extractive_answer(question, [RIDER])

    assert said is not None and "first 10 years" in said


SLOPE = passages_of("acme-roof.md", "Acme Shingles — Summary", "doc-5:0006")(
    "Installation Rules › Roof Slope",
    "- 4:12 and steeper: standard installation with one layer of underlayment\n"
    "- 2:12 up to 4:12: low-slope installation with two layers of underlayment\n"
    "- Below 2:12: Acme shingles may not be installed; use a membrane instead",
)


@pytest.mark.parametrize(
    "question",
    [
        "minimum slope for acme shingles",
        "lowest pitch we can put shingles on",
        "what's the least slope acme shingles can go on",
    ],
)
def test_a_bound_asked_is_the_figure_the_rule_states(question: str) -> None:
    said = extractive_answer(question, [SLOPE])

    assert said is not None and "Below 2:12" in said


LINES = passages_of("acme-vinyl.md", "Acme Vinyl Lines — Spec Sheet", "doc-7:0001")(
    "Acme Heritage",
    "Heritage is the mid-grade line.\n\n- Thickness: 0.044 in, about 10% thicker than Classic",
)


@pytest.mark.parametrize(
    "question",
    [
        "What's the difference in thickness between Classic and Heritage vinyl?",
        "I'm embarrassed to ask, but what's the difference between Classic and Heritage vinyl?",
        "whats the difference in thickness between the heritage and the classic",
    ],
)
def test_a_comparison_is_answered_by_the_figures_stated(question: str) -> None:
    said = extractive_answer(question, [LINES])

    assert said is not None and "0.044 in" in said


def test_a_different_colour_is_no_comparison_asked() -> None:
    assert (
        extractive_answer("can the homeowner stain the vinyl a different colour", [LINES]) is None
    )


def test_an_aside_before_the_question_is_left_out() -> None:
    said = "I'm a little embarrassed to ask, but what's the exposure on the plank"

    assert asked_question(said) == "what's the exposure on the plank"


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        (
            "do i gotta register the ironbark warranty or is that automatic",
            "do i have to register the ironbark warranty",
        ),
        ("is the house wrap included or not?", "is the house wrap included"),
        ("is it 10 or 15 years", "is it 10 or 15 years"),
        (
            "which is better, the classic or the heritage",
            "which is better, the classic or the heritage",
        ),
    ],
)
def test_the_other_half_of_a_yes_or_no_is_left_out(said: str, asked: str) -> None:
    assert asked_question(said) == asked


REGISTRATION = passages_of("acme-roof.md", "Acme Shingles — Summary", "doc-5:0009")(
    "Warranties › Registration",
    "The contractor registers the Acme system warranty within 30 days of the install.",
)


def test_a_yes_or_no_with_its_other_half_is_answered() -> None:
    said = extractive_answer(
        "do i gotta register the acme warranty or is that automatic", [REGISTRATION]
    )

    assert said is not None and "within 30 days" in said
