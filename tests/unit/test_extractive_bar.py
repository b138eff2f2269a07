"""The offline reader's relevance bar (issue 9): an answer says what was asked about,
of the product asked about, with the figure asked for — or there is no answer; and a
rep's own words (ranges, spoken pitches, "back out", "our") still find it."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer
from hard_e.brain.reading.question import spoken_figures


def passage(
    heading: str, text: str, document: str = "Acme Siding Guide", chunk_id: str = "lib-acme:0003"
) -> dict[str, Any]:
    return {"document": document, "heading": heading, "text": text, "chunk_id": chunk_id}


TRIM = passage(
    "Trim, Corner and Soffit Warranty",
    "AcmeTrim, AcmeCorner and AcmeSoffit carry a 15-year limited warranty. It covers "
    "material only.",
)
SOFFIT = passage(
    "AcmeSoffit",
    "AcmeSoffit panels are 12 ft long. They are fire-rated for eaves, which vinyl and "
    "aluminium soffit are not.",
    document="Acme Panels and Trim",
)
NAILS = passage(
    "Fasteners Sold by Acme",
    "- Trim nails: 2.5 in, 316 stainless, in boxes of 1,000\n"
    "- Siding nails: 2 in, hot-dip galvanized, in 5,000-count coils",
)
DUMPSTER = passage(
    "Tear-Off and Disposal",
    "Dumpsters are included; the dumpster arrives the day before the crew and is removed "
    "within 2 business days of completion.",
    document="Company Handbook",
    chunk_id="doc-1:0005",
)
SERVICE = passage(
    "Service Area",
    "We sell and install within 60 miles of our yard. Jobs between 60 and 90 miles away "
    "carry a travel charge of $350 per job.",
    document="Company Handbook",
    chunk_id="doc-1:0001",
)
SLOPE = passage(
    "Installation Rules › Roof Slope",
    "- 4:12 and steeper: standard installation with one layer of underlayment\n"
    "- 2:12 up to 4:12: low-slope installation, with two layers of underlayment\n"
    "- Below 2:12: the shingles may not be installed",
    document="Acme Roofing Shingles",
)
CANCEL = passage(
    "Deposits and Payment › Cancellation",
    "Homeowners may cancel a signed contract within 3 business days of signing for a full "
    "refund of the deposit.",
    document="Company Handbook",
    chunk_id="doc-1:0008",
)
DISCOUNTS = passage(
    "Pricing › Discounts",
    "- Reps may give up to 5% off the price book on their own\n"
    "- Discounts above 10% are never allowed",
    document="Company Handbook",
    chunk_id="doc-1:0004",
)
LABOUR = [
    passage(
        "Roofing Warranties › Full System",
        "With three qualifying accessories the homeowner receives 50 years of non-prorated "
        "coverage for roofing defects, including labour and tear-off.",
        document="Acme Roofing Shingles",
    ),
    passage(
        "Workmanship Guarantee",
        "We guarantee our installation labour for 10 years on siding and roofing.",
        document="Company Handbook",
        chunk_id="doc-1:0014",
    ),
]


@pytest.mark.parametrize(
    ("question", "passages"),
    [
        (
            "what's the warranty on aluminium soffit",
            [TRIM, SOFFIT],
        ),  # the soffit asked isn't theirs
        ("how many nails come in a box of roofing nails", [NAILS]),  # trim nails are not
        ("what size dumpster do we get for a roof tear off", [DUMPSTER]),  # no size stated
        ("how many crews do we have", [SERVICE]),  # a number, but not of crews
        ("what's the wind rating on AcmeShake", [TRIM]),  # another product's passage
        ("can we vinyl side a mobile home", [SERVICE, TRIM]),  # a kind they never name
    ],
)
def test_a_passage_about_something_else_is_no_answer(
    question: str, passages: list[dict[str, Any]]
) -> None:
    assert extractive_answer(question, passages) is None


def test_a_figure_inside_a_stated_range_is_answered() -> None:
    answer = extractive_answer("what's the travel charge on a job 70 miles out", [SERVICE])

    assert answer is not None and "travel charge of $350" in answer


def test_a_figure_over_a_stated_limit_is_answered_by_the_limit() -> None:
    answer = extractive_answer("can I give them 12% off", [DISCOUNTS])

    assert answer is not None and answer.startswith("Discounts above 10% are never allowed")


def test_a_pitch_said_aloud_is_read_as_the_documents_write_it() -> None:
    assert spoken_figures("how do we install it on a 312 pitch") == (
        "how do we install it on a 3:12 pitch"
    )
    answer = extractive_answer("how do we install shingles on a 312 pitch", [SLOPE])

    assert answer is not None and "2:12 up to 4:12: low-slope installation" in answer


def test_a_phrase_a_rep_says_finds_the_documents_word() -> None:
    answer = extractive_answer("can the homeowner back out after they sign", [CANCEL])

    assert answer is not None and answer.startswith("Homeowners may cancel a signed contract")


def test_our_warranty_is_the_companys_own_not_the_manufacturers() -> None:
    answer = extractive_answer("how long is our labor warranty on a roof", LABOUR)

    assert answer is not None and answer.startswith("We guarantee our installation labour")


def test_how_many_days_needs_days_not_any_number() -> None:
    crew = passage(
        "Handling",
        "The crew carries long planks with two people so the boards do not crack.",
    )

    assert extractive_answer("how many days does it take to side a two story house", [crew]) is None


SHINGLES = passage(
    "Shingle Lines at a Glance",
    "| Line | Bundles per square | Weight per square | Wind rating |\n|---|---|---|---|\n"
    "| Ridgeback | 3 | 235 lb | 110 mph, 130 mph with 6 nails |\n"
    "| Tempest IR | 3 | 265 lb | 130 mph, 150 mph with 6 nails |\n"
    "| Estate | 4 | 360 lb | 130 mph |",
    document="Acme Roofing Shingles",
)
SIDING_WIND = passage(
    "Performance Ratings › Wind",
    "Installed per the guide, AcmeLap is rated for wind speeds up to 150 mph.",
    document="AcmeLap Fiber Cement Siding",
)


def test_a_column_asked_for_is_read_down_the_table_naming_it() -> None:
    answer = extractive_answer("what's the wind rating on the shingles", [SIDING_WIND, SHINGLES])

    assert answer is not None
    assert answer.startswith(
        "Wind rating — Ridgeback: 110 mph, 130 mph with 6 nails; "
        "Tempest IR: 130 mph, 150 mph with 6 nails; Estate: 130 mph"
    )


def test_the_rule_comes_with_its_exception() -> None:
    answer = extractive_answer("how many bundles per square", [SHINGLES])

    assert answer is not None
    assert answer.startswith("Bundles per square — Ridgeback: 3; Tempest IR: 3; Estate: 4")


def test_a_row_named_is_read_as_that_row() -> None:
    answer = extractive_answer("what's the wind rating on Ridgeback shingles", [SHINGLES])

    assert answer is not None and answer.startswith("Ridgeback: 3, 235 lb, 110 mph")


def test_another_kind_of_product_is_no_answer() -> None:
    assert extractive_answer("what's the wind rating on the windows", [SIDING_WIND]) is None
